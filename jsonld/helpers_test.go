package jsonld_test

import (
	"bytes"
	"encoding/json"
	"testing"
)

// decode decodes a JSON document with numbers as json.Number.
func decode(tb testing.TB, s string) map[string]any {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		tb.Fatal(err)
	}
	return m
}

// toFloat returns a copy of v with json.Number values as float64, for
// json-gold.
func toFloat(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = toFloat(x)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, x := range t {
			a[i] = toFloat(x)
		}
		return a
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			panic(err)
		}
		return f
	}
	return v
}
