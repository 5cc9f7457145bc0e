package status_test

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/status"
)

// gz compresses b.
func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBitOrder checks the layout the specification fixes: index 0 is the
// left-most (most significant) bit of the first byte.
func TestBitOrder(t *testing.T) {
	raw := make([]byte, 4)
	raw[0] = 0b1000_0001 // entries 0 and 7
	raw[2] = 0b0010_0000 // entry 18
	b, err := status.DecodeBitstring("u"+base64.RawURLEncoding.EncodeToString(gz(t, raw)), 0)
	if err != nil {
		t.Fatal(err)
	}
	var set []int
	for i := 0; i < b.Len(); i++ {
		v, err := b.Get(i, 1)
		if err != nil {
			t.Fatal(err)
		}
		if v == 1 {
			set = append(set, i)
		}
	}
	if diff := cmp.Diff([]int{0, 7, 18}, set); diff != "" {
		t.Errorf("set entries (-want +got):\n%s", diff)
	}
	// Two-bit entries read most significant bit first: entry 0 is bits
	// 0-1 = "10", entry 3 is bits 6-7 = "01".
	for _, tc := range []struct {
		index int
		want  uint64
	}{{0, 2}, {1, 0}, {3, 1}, {9, 2}} {
		v, err := b.Get(tc.index, 2)
		if err != nil || v != tc.want {
			t.Errorf("Get(%d, 2) = %d, %v; want %d", tc.index, v, err, tc.want)
		}
	}
}

// TestSpecExample decodes the encodedList of the specification's example
// BitstringStatusListCredential: 16 KiB, all zero.
func TestSpecExample(t *testing.T) {
	b, err := status.DecodeBitstring("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", 0)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != status.MinEntries {
		t.Errorf("Len = %d, want %d", b.Len(), status.MinEntries)
	}
	if !bytes.Equal(b.Bytes(), make([]byte, status.MinEntries/8)) {
		t.Error("the example list has a set bit")
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	b := bitsWith(t, status.MinEntries, 0, 1, 94567, status.MinEntries-1)
	if err := b.Set(1000, 3, 5); err != nil {
		t.Fatal(err)
	}
	enc, err := b.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "uH4sI") {
		t.Errorf("encodedList %.10q… is not multibase base64url GZIP", enc)
	}
	if len(enc) > 400 {
		t.Errorf("a sparse 16 KiB list encodes to %d characters; GZIP should make it small", len(enc))
	}
	got, err := status.DecodeBitstring(enc, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), b.Bytes()) {
		t.Error("decode(encode(b)) != b")
	}
	if v, _ := got.Get(1000, 3); v != 5 {
		t.Errorf("3-bit entry 1000 = %d, want 5", v)
	}
	// Clearing works too.
	if err := got.Set(94567, 1, 0); err != nil {
		t.Fatal(err)
	}
	if v, _ := got.Get(94567, 1); v != 0 {
		t.Error("entry 94567 still set after clearing")
	}
}

func TestDecodeRefuses(t *testing.T) {
	valid := base64.RawURLEncoding.EncodeToString(gz(t, make([]byte, 16)))
	var padded string
	for n := 1; !strings.HasSuffix(padded, "="); n++ {
		padded = base64.URLEncoding.EncodeToString(gz(t, make([]byte, n)))
	}
	twoMembers := base64.RawURLEncoding.EncodeToString(append(gz(t, make([]byte, 8)), gz(t, make([]byte, 8))...))
	for _, tc := range []struct {
		name, in string
		max      int
		want     error
	}{
		{"no multibase prefix", valid, 0, status.ErrListMalformed},
		{"other multibase prefix", "z" + valid, 0, status.ErrListMalformed},
		{"padded", "u" + padded, 0, status.ErrListMalformed},
		{"standard alphabet", "u" + strings.NewReplacer("-", "+", "_", "/").Replace("H4sIAAAAAAAA_-3BMQEAAAzDoMy_6cnoA9QFAAAAAAAAAAAAAAAAAAAAbD3uPa2cAEAAAA"), 0, status.ErrListMalformed},
		{"not gzip", "u" + base64.RawURLEncoding.EncodeToString([]byte("plain bits")), 0, status.ErrListMalformed},
		{"truncated gzip", "u" + valid[:len(valid)-6], 0, status.ErrListMalformed},
		{"empty list", "u" + base64.RawURLEncoding.EncodeToString(gz(t, nil)), 0, status.ErrListMalformed},
		{"two gzip members", "u" + twoMembers, 0, status.ErrListMalformed},
		{"over the bound", "u" + valid, 15, status.ErrListTooLarge},
		{"empty", "", 0, status.ErrListMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := status.DecodeBitstring(tc.in, tc.max)
			if !errors.Is(err, tc.want) {
				t.Errorf("DecodeBitstring: %v, want %v", err, tc.want)
			}
		})
	}
}

// TestGzipBomb feeds a list that expands to 20 MiB from a few tens of KiB:
// it is refused after reading just past the bound, whatever its final size.
func TestGzipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zeros := make([]byte, 1<<20)
	for i := 0; i < 20; i++ {
		zw.Write(zeros)
	}
	zw.Close()
	enc := "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes())
	t.Logf("bomb: %d bytes of encodedList expand to 20 MiB", len(enc))
	_, err := status.DecodeBitstring(enc, 0)
	if !errors.Is(err, status.ErrListTooLarge) {
		t.Errorf("DecodeBitstring(bomb) = %v, want ErrListTooLarge", err)
	}
	// The same through Check, with a smaller configured bound.
	url := "https://issuer.example/status/bomb"
	list := mustJSON(t, map[string]any{
		"type":              []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"credentialSubject": map[string]any{"type": "BitstringStatusList", "statusPurpose": "revocation", "encodedList": enc},
	})
	res, err := status.Check(t.Context(), credentialWith(t, entry(url, "revocation", "1")), &status.Options{
		Fetcher: docs{url: list}, VerifyCredential: acceptAll, MaxListSize: 1 << 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != status.Unknown || !errors.Is(res[0].Err, status.ErrListTooLarge) {
		t.Errorf("Check(bomb) = %v, %v; want unknown, ErrListTooLarge", res[0].Status, res[0].Err)
	}
}

func TestBitstringBounds(t *testing.T) {
	b := bitsWith(t, 64)
	for _, tc := range []struct {
		index, size int
		want        error
	}{
		{64, 1, status.ErrIndexRange},
		{-1, 1, status.ErrIndexRange},
		{32, 2, status.ErrIndexRange},
		{31, 2, nil},
		{0, 0, status.ErrInvalidArgument},
		{0, 17, status.ErrInvalidArgument},
	} {
		_, err := b.Get(tc.index, tc.size)
		if !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
			t.Errorf("Get(%d, %d) = %v, want %v", tc.index, tc.size, err, tc.want)
		}
	}
	if err := b.Set(0, 2, 4); !errors.Is(err, status.ErrInvalidArgument) {
		t.Errorf("Set(0, 2, 4) = %v, want ErrInvalidArgument (4 needs 3 bits)", err)
	}
	if _, err := status.NewBitstring(0); !errors.Is(err, status.ErrInvalidArgument) {
		t.Errorf("NewBitstring(0) = %v", err)
	}
}
