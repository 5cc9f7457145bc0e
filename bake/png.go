package bake

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// PNG iTXt keywords.
const (
	keywordOB3 = "openbadgecredential"
	keywordOB2 = "openbadges"
)

// chunkHeader is what the PNG scanner reports for each chunk.
type chunkHeader struct {
	typ    string
	length uint32
	offset int64 // of the length field, from the start of the file
}

// scanPNG reads a PNG datastream from r and calls visit for every chunk,
// with a reader for the chunk's data (which visit may read in part or not at
// all). It checks the signature, every chunk's declared length against the
// limits and its CRC, that IHDR comes first and IEND last, and the number of
// chunks. It stops after IEND: anything after it is not read.
func scanPNG(r io.Reader, visit func(h chunkHeader, body io.Reader) error) error {
	var sig [8]byte
	if _, err := io.ReadFull(r, sig[:]); err != nil {
		return fmt.Errorf("%w: PNG signature: %w", ErrMalformed, eofIsTruncation(err))
	}
	if !bytes.Equal(sig[:], pngSignature) {
		return fmt.Errorf("%w: not a PNG signature", ErrMalformed)
	}
	crc := crc32.NewIEEE()
	offset := int64(len(sig))
	for n := 0; ; n++ {
		if n == limits.chunks {
			return fmt.Errorf("%w: more than %d PNG chunks", ErrTooLarge, limits.chunks)
		}
		var hdr [8]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return fmt.Errorf("%w: chunk header at offset %d: %w", ErrMalformed, offset, eofIsTruncation(err))
		}
		length := binary.BigEndian.Uint32(hdr[:4])
		typ := hdr[4:8]
		if !validChunkType(typ) {
			return fmt.Errorf("%w: invalid chunk type %q at offset %d", ErrMalformed, typ, offset)
		}
		h := chunkHeader{typ: string(typ), length: length, offset: offset}
		// The PNG specification bounds lengths by 2^31-1; the image size
		// bounds them further, before anything is read.
		if length > 1<<31-1 || offset+12+int64(length) > limits.image {
			return fmt.Errorf("%w: %s chunk at offset %d declares %d bytes", ErrTooLarge, h.typ, offset, length)
		}
		switch {
		case n == 0 && h.typ != "IHDR":
			return fmt.Errorf("%w: first chunk is %s, not IHDR", ErrMalformed, h.typ)
		case n > 0 && h.typ == "IHDR":
			return fmt.Errorf("%w: second IHDR chunk at offset %d", ErrMalformed, offset)
		case h.typ == "IEND" && length != 0:
			return fmt.Errorf("%w: IEND chunk with data at offset %d", ErrMalformed, offset)
		}
		crc.Reset()
		crc.Write(typ)
		body := &crcReader{r: io.LimitReader(r, int64(length)), crc: crc}
		if err := visit(h, body); err != nil {
			return err
		}
		// Read what visit left of the data, then the CRC.
		if _, err := io.Copy(io.Discard, body); err != nil {
			return fmt.Errorf("%w: %s chunk at offset %d: %w", ErrMalformed, h.typ, offset, err)
		}
		if body.n != int64(length) {
			return fmt.Errorf("%w: %s chunk at offset %d truncated (%d of %d bytes)", ErrMalformed, h.typ, offset, body.n, length)
		}
		var sum [4]byte
		if _, err := io.ReadFull(r, sum[:]); err != nil {
			return fmt.Errorf("%w: %s chunk at offset %d: CRC: %w", ErrMalformed, h.typ, offset, eofIsTruncation(err))
		}
		if binary.BigEndian.Uint32(sum[:]) != crc.Sum32() {
			return fmt.Errorf("%w: %s chunk at offset %d: wrong CRC", ErrMalformed, h.typ, offset)
		}
		offset += 12 + int64(length)
		if h.typ == "IEND" {
			return nil
		}
	}
}

// eofIsTruncation turns io.EOF (a stream that ends where more is due) into
// io.ErrUnexpectedEOF.
func eofIsTruncation(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// validChunkType reports whether a chunk type is four ASCII letters.
func validChunkType(t []byte) bool {
	for _, c := range t {
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// crcReader feeds what it reads to a CRC and counts it.
type crcReader struct {
	r   io.Reader
	crc hash.Hash32
	n   int64
}

func (c *crcReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.crc.Write(p[:n])
	c.n += int64(n)
	return n, err
}

// textChunk is a PNG text chunk (iTXt, tEXt or zTXt) with an Open Badges
// keyword.
type textChunk struct {
	keyword string
	typ     string // iTXt, tEXt or zTXt
	text    []byte // nil for zTXt
}

// readTextChunk reads the keyword of an iTXt or tEXt chunk and, if it is an
// Open Badges keyword, the text. It returns nil for other chunks.
func readTextChunk(h chunkHeader, body io.Reader) (*textChunk, error) {
	if h.typ != "iTXt" && h.typ != "tEXt" && h.typ != "zTXt" {
		return nil, nil
	}
	// A keyword is 1 to 79 bytes and a NUL; read just enough to see it.
	prefix := make([]byte, min(int(h.length), len(keywordOB3)+1))
	if _, err := io.ReadFull(body, prefix); err != nil {
		return nil, fmt.Errorf("%w: %s chunk at offset %d truncated", ErrMalformed, h.typ, h.offset)
	}
	var keyword string
	switch {
	case bytes.HasPrefix(prefix, []byte(keywordOB3+"\x00")):
		keyword = keywordOB3
	case bytes.HasPrefix(prefix, []byte(keywordOB2+"\x00")):
		keyword = keywordOB2
	default:
		return nil, nil
	}
	if h.typ == "zTXt" {
		// Compressed: counted, never read.
		return &textChunk{keyword: keyword, typ: h.typ}, nil
	}
	// The largest text chunk whose contents are read: a credential and
	// the iTXt header fields (keyword, flags, language tag and translated
	// keyword).
	if int64(h.length) > int64(limits.credential)+4096 {
		return nil, fmt.Errorf("%w: %q chunk of %d bytes at offset %d", ErrTooLarge, keyword, h.length, h.offset)
	}
	rest := make([]byte, int(h.length)-len(prefix))
	if _, err := io.ReadFull(body, rest); err != nil {
		return nil, fmt.Errorf("%w: %s chunk at offset %d truncated", ErrMalformed, h.typ, h.offset)
	}
	data := append(prefix, rest...)[len(keyword)+1:]
	if h.typ == "tEXt" {
		// Open Badges 1.0 baked a URL in a tEXt chunk; Latin-1 text.
		return &textChunk{keyword: keyword, typ: h.typ, text: data}, nil
	}
	// iTXt: compression flag, compression method, language tag NUL,
	// translated keyword NUL, text.
	if len(data) < 2 {
		return nil, fmt.Errorf("%w: iTXt chunk at offset %d truncated", ErrMalformed, h.offset)
	}
	if data[0] != 0 {
		return nil, fmt.Errorf("%w: compressed %q iTXt chunk at offset %d (compression must not be used)", ErrMalformed, keyword, h.offset)
	}
	data = data[2:]
	for range 2 {
		i := bytes.IndexByte(data, 0)
		if i < 0 {
			return nil, fmt.Errorf("%w: iTXt chunk at offset %d truncated", ErrMalformed, h.offset)
		}
		data = data[i+1:]
	}
	return &textChunk{keyword: keyword, typ: h.typ, text: data}, nil
}

// extractPNG reads a PNG and returns its Open Badges credential.
func extractPNG(r io.Reader) (*Baked, error) {
	var ob3, ob2 *textChunk
	err := scanPNG(r, func(h chunkHeader, body io.Reader) error {
		tc, err := readTextChunk(h, body)
		if err != nil || tc == nil {
			return err
		}
		switch {
		case tc.keyword == keywordOB3:
			// Any kind of chunk counts: a reader that takes tEXt or
			// zTXt chunks too must not find another credential.
			if ob3 != nil {
				return fmt.Errorf("%w: second %q chunk (%s) at offset %d", ErrMultiple, keywordOB3, h.typ, h.offset)
			}
			ob3 = tc
		case tc.keyword == keywordOB2:
			if ob2 != nil {
				return fmt.Errorf("%w: second %q chunk (%s) at offset %d", ErrMultiple, keywordOB2, h.typ, h.offset)
			}
			ob2 = tc
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ob3 != nil && ob3.typ != "iTXt" {
		return nil, fmt.Errorf("%w: the %q chunk is a %s chunk, not an iTXt chunk", ErrAmbiguous, keywordOB3, ob3.typ)
	}
	tc, v := ob3, OB3
	if tc == nil {
		tc, v = ob2, OB2
	}
	if tc == nil {
		return nil, ErrNotBaked
	}
	if tc.typ == "zTXt" {
		return nil, fmt.Errorf("%w: compressed %q zTXt chunk (compression must not be used)", ErrMalformed, tc.keyword)
	}
	if len(tc.text) == 0 {
		return nil, fmt.Errorf("%w: empty %q chunk", ErrMalformed, tc.keyword)
	}
	if len(tc.text) > limits.credential {
		return nil, fmt.Errorf("%w: credential larger than %d bytes", ErrTooLarge, limits.credential)
	}
	return &Baked{Format: PNG, Version: v, Credential: tc.text, IsJWS: jwsTrimmed(tc.text)}, nil
}

// bakePNG writes data, a PNG, to w with credential baked in.
func bakePNG(w io.Writer, data, credential []byte) error {
	if _, err := classify(credential); err != nil {
		return err
	}
	// Find the chunks to drop and where IEND starts.
	type span struct{ start, end int64 }
	var drop []span
	iend := int64(-1)
	err := scanPNG(bytes.NewReader(data), func(h chunkHeader, body io.Reader) error {
		if h.typ == "IEND" {
			iend = h.offset
			return nil
		}
		tc, err := readTextChunk(h, body)
		if err != nil {
			return err
		}
		if tc != nil && tc.keyword == keywordOB3 { // of any kind: the result holds one
			drop = append(drop, span{h.offset, h.offset + 12 + int64(h.length)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	var out bytes.Buffer
	out.Grow(int(iend) + len(credential) + 64)
	pos := int64(0)
	for _, s := range drop {
		out.Write(data[pos:s.start])
		pos = s.end
	}
	out.Write(data[pos:iend])
	writeChunk(&out, "iTXt", iTXt(keywordOB3, credential))
	writeChunk(&out, "IEND", nil)
	_, err = w.Write(out.Bytes())
	return err
}

// iTXt returns the data of an uncompressed iTXt chunk with no language tag
// and no translated keyword.
func iTXt(keyword string, text []byte) []byte {
	b := make([]byte, 0, len(keyword)+5+len(text))
	b = append(b, keyword...)
	b = append(b, 0, 0, 0, 0, 0) // NUL, compression flag and method, empty language tag and translated keyword
	return append(b, text...)
}

// writeChunk appends a PNG chunk: length, type, data, CRC of type and data.
func writeChunk(b *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	b.WriteString(typ)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	b.Write(n[:])
}
