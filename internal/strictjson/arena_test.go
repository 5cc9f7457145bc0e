package strictjson

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// arenaDocs are documents of every shape the Arena lends for: small and
// larger objects (each class, and beyond), empty ones, short and long
// arrays, nesting.
func arenaDocs() []string {
	wide := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `"k%d":[%d,"v%d",{"x":%d}]`, i, i, i, i)
		}
		b.WriteString("}")
		return b.String()
	}
	return []string{
		`{}`,
		`{"a":{},"b":[],"c":[{}],"d":null}`,
		`{"id":"urn:x","type":["VerifiableCredential","OpenBadgeCredential"],"name":"n","credentialSubject":{"id":"did:example:1","achievement":{"name":"a","alignment":[{"targetName":"t1"},{"targetName":"t2"}]}}}`,
		wide(9), wide(16), wide(17), wide(33), wide(64), wide(65), wide(200),
		`{"list":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34]}`,
	}
}

// TestArenaReuse decodes documents with Arenas taken back and lent again,
// in turns, and holds each result equal to DecodeObject's: a reused map or
// array holds nothing of the document it held before.
func TestArenaReuse(t *testing.T) {
	docs := arenaDocs()
	for round := range 3 {
		for i := range docs {
			// A different order each round, so that every document
			// reuses the maps of others.
			doc := docs[(i*7+round)%len(docs)]
			want, err := DecodeObject([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			a := NewArena()
			got, err := a.DecodeObject([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d, %.40s: arena decode differs:\n got %v\nwant %v", round, doc, got, want)
			}
			a.Free()
		}
	}
}

// TestArenaErrors checks that a refused document gives DecodeObject's
// error with an Arena too, and leaves it fit for reuse.
func TestArenaErrors(t *testing.T) {
	for _, doc := range []string{`{"a":1,"a":2}`, `{"a":[1,2,}`, `[1]`, `{"a":{"b":1,"b":1}}`} {
		a := NewArena()
		_, err := a.DecodeObject([]byte(doc))
		_, want := DecodeObject([]byte(doc))
		if err == nil || want == nil || err.Error() != want.Error() {
			t.Errorf("%s: error %v, want %v", doc, err, want)
		}
		a.Free()
	}
	TestArenaReuse(t)
}

// TestPoisonFreed checks that under PoisonFreed every map and array of a
// freed value holds the poison, and that no Arena lends them again.
func TestPoisonFreed(t *testing.T) {
	PoisonFreed.Store(true)
	defer PoisonFreed.Store(false)
	a := NewArena()
	v, err := a.DecodeObject([]byte(`{"a":{"b":[1,2]},"c":"d","e":[{"f":1}]}`))
	if err != nil {
		t.Fatal(err)
	}
	inner := v["a"].(map[string]any)
	list := inner["b"].([]any)
	a.Free()
	for _, m := range []map[string]any{v, inner} {
		if len(m) != 1 || m[PoisonKey] != PoisonValue {
			t.Errorf("freed map %v, want the poison", m)
		}
	}
	for _, x := range list {
		if x != PoisonValue {
			t.Errorf("freed array %v, want the poison", list)
		}
	}
	// Nothing of it is lent again.
	b := NewArena()
	w, err := b.DecodeObject([]byte(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if reflect.ValueOf(w).UnsafePointer() == reflect.ValueOf(v).UnsafePointer() ||
		reflect.ValueOf(w).UnsafePointer() == reflect.ValueOf(inner).UnsafePointer() {
		t.Error("a poisoned map was lent again")
	}
	b.Free()
}

// BenchmarkArenaDecode compares the decoding of a credential with a
// reused Arena and without one.
func BenchmarkArenaDecode(b *testing.B) {
	doc := []byte(arenaDocs()[2])
	b.Run("arena", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a := NewArena()
			if _, err := a.DecodeObject(doc); err != nil {
				b.Fatal(err)
			}
			a.Free()
		}
	})
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := DecodeObject(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
