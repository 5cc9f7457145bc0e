package status

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
)

// MinEntries is the smallest number of entries a status list has under the
// Bitstring Status List specification (16 KiB of one-bit entries), chosen
// for the herd privacy of holders.
const MinEntries = 131072

// DefaultMaxListSize is the largest uncompressed bitstring, in bytes, that
// the decoders accept when no other bound is given (2^27 one-bit entries).
const DefaultMaxListSize = 16 << 20

// maxStatusSize bounds statusSize: an entry is read into a uint64, and a
// status message table has 2^statusSize elements.
const maxStatusSize = 16

// Bitstring is an uncompressed status list. Entry index i of statusSize s
// occupies bits i·s … i·s+s-1, where bit 0 is the left-most (most
// significant) bit of the first byte, as the Bitstring Status List
// specification lays it out. A Bitstring is not safe for concurrent
// modification.
type Bitstring struct {
	b []byte
}

// NewBitstring returns a bitstring of at least bits bits, all zero; the
// length is rounded up to whole bytes.
func NewBitstring(bits int) (*Bitstring, error) {
	if bits <= 0 || bits > DefaultMaxListSize*8 {
		return nil, fmt.Errorf("%w: a bitstring of %d bits", ErrInvalidArgument, bits)
	}
	return &Bitstring{b: make([]byte, (bits+7)/8)}, nil
}

// Len returns the length of the bitstring in bits.
func (b *Bitstring) Len() int { return len(b.b) * 8 }

// Bytes returns a copy of the bitstring's bytes.
func (b *Bitstring) Bytes() []byte { return bytes.Clone(b.b) }

// span checks that the entry index of size bits lies in the bitstring and
// returns its first bit.
func (b *Bitstring) span(index, size int) (int, error) {
	if size < 1 || size > maxStatusSize {
		return 0, fmt.Errorf("%w: statusSize %d (want 1 to %d)", ErrInvalidArgument, size, maxStatusSize)
	}
	if index < 0 || index > (b.Len()/size)-1 {
		return 0, fmt.Errorf("%w: index %d with statusSize %d is outside a list of %d bits", ErrIndexRange, index, size, b.Len())
	}
	return index * size, nil
}

// Get returns the value of entry index, size bits wide, most significant bit
// first.
func (b *Bitstring) Get(index, size int) (uint64, error) {
	first, err := b.span(index, size)
	if err != nil {
		return 0, err
	}
	var v uint64
	for i := first; i < first+size; i++ {
		v <<= 1
		if b.b[i/8]&(0x80>>(i%8)) != 0 {
			v |= 1
		}
	}
	return v, nil
}

// Set stores value in entry index, size bits wide, most significant bit
// first.
func (b *Bitstring) Set(index, size int, value uint64) error {
	first, err := b.span(index, size)
	if err != nil {
		return err
	}
	if value>>size != 0 {
		return fmt.Errorf("%w: value %d does not fit in %d bits", ErrInvalidArgument, value, size)
	}
	for i := first + size - 1; i >= first; i-- {
		mask := byte(0x80 >> (i % 8))
		if value&1 != 0 {
			b.b[i/8] |= mask
		} else {
			b.b[i/8] &^= mask
		}
		value >>= 1
	}
	return nil
}

// Encode returns the encodedList form of the bitstring: the letter "u" (the
// multibase prefix of base64url) and the unpadded base64url encoding of the
// GZIP-compressed bytes.
func (b *Bitstring) Encode() (string, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := zw.Write(b.b); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// DecodeBitstring decodes the encodedList of a BitstringStatusList: a
// multibase string with the base64url prefix "u" (no padding) of a
// GZIP-compressed bitstring. maxBytes bounds the uncompressed size (zero
// means DefaultMaxListSize); a larger list is refused with ErrListTooLarge
// after reading at most maxBytes+1 bytes, so a compression bomb costs
// little. Other failures match ErrListMalformed.
func DecodeBitstring(encodedList string, maxBytes int) (*Bitstring, error) {
	rest, ok := strings.CutPrefix(encodedList, "u")
	if !ok {
		return nil, fmt.Errorf("%w: encodedList does not start with the multibase prefix \"u\" (base64url)", ErrListMalformed)
	}
	compressed, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	if err != nil {
		return nil, fmt.Errorf("%w: encodedList is not unpadded base64url: %v", ErrListMalformed, err)
	}
	return gunzip(compressed, maxBytes)
}

// decodeStatusList2021 decodes the encodedList of a StatusList2021: the
// base64 encoding (in practice base64url, unpadded) of a GZIP-compressed
// bitstring, without a multibase prefix. Both alphabets, with or without
// padding, are accepted, and so is a leading multibase "u" that some
// implementations add.
func decodeStatusList2021(encodedList string, maxBytes int) (*Bitstring, error) {
	s := encodedList
	// A GZIP stream starts with 0x1f 0x8b, which base64 writes as "H4s"; a
	// leading "u" is therefore a multibase prefix, never data.
	if rest, ok := strings.CutPrefix(s, "u"); ok && strings.HasPrefix(rest, "H") {
		s = rest
	}
	s = strings.TrimRight(s, "=")
	enc := base64.RawStdEncoding
	if strings.ContainsAny(s, "-_") {
		enc = base64.RawURLEncoding
	}
	compressed, err := enc.Strict().DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: encodedList is not base64: %v", ErrListMalformed, err)
	}
	return gunzip(compressed, maxBytes)
}

// gunzip decompresses a GZIP stream of at most maxBytes uncompressed bytes.
func gunzip(compressed []byte, maxBytes int) (*Bitstring, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxListSize
	}
	// bytes.Reader is an io.ByteReader, so the decompressor reads no further
	// than the end of the GZIP member and br.Len() tells what follows it.
	br := bytes.NewReader(compressed)
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("%w: not GZIP data: %v", ErrListMalformed, err)
	}
	// One GZIP member: a list is one compressed bitstring, and a reader
	// that followed further members would accept appended data.
	zr.Multistream(false)
	var out bytes.Buffer
	n, err := io.Copy(&out, io.LimitReader(zr, int64(maxBytes)+1))
	if err != nil {
		return nil, fmt.Errorf("%w: GZIP data: %v", ErrListMalformed, err)
	}
	if n > int64(maxBytes) {
		return nil, fmt.Errorf("%w: the uncompressed list exceeds %d bytes", ErrListTooLarge, maxBytes)
	}
	// Reading to the end above checked the CRC and length; data after the
	// member is refused.
	if br.Len() != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the GZIP stream", ErrListMalformed, br.Len())
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: the list is empty", ErrListMalformed)
	}
	return &Bitstring{b: out.Bytes()}, nil
}
