package jsonld

import (
	"encoding/json"
	"fmt"
)

// deepCompare is json-gold's DeepCompare(v1, v2, false) on JSON values:
// objects equal key by key, arrays as multisets, scalars when equal or when
// their json-gold "normalized" strings are (numbers with 6 decimals, so 1
// equals 1.0000001). unsupported reports the comparison of an object or
// array with a value of another kind, where json-gold compares Go's
// formatting of the values, which differs between float64 and json.Number.
func deepCompare(v1, v2 any) (equal, unsupported bool) {
	if v1 == nil || v2 == nil {
		return v1 == nil && v2 == nil, false
	}
	m1, isMap1 := v1.(map[string]any)
	m2, isMap2 := v2.(map[string]any)
	l1, isList1 := v1.([]any)
	l2, isList2 := v2.([]any)
	switch {
	case isMap1 && isMap2:
		if len(m1) != len(m2) {
			return false, false
		}
		for k, a := range m1 {
			b, ok := m2[k]
			if !ok {
				return false, false
			}
			if eq, uns := deepCompare(a, b); uns || !eq {
				return false, uns
			}
		}
		return true, false
	case isList1 && isList2:
		if len(l1) != len(l2) {
			return false, false
		}
		matched := make([]bool, len(l2))
		for _, a := range l1 {
			found := false
			for j, b := range l2 {
				if matched[j] {
					continue
				}
				eq, uns := deepCompare(a, b)
				if uns {
					return false, true
				}
				if eq {
					matched[j], found = true, true
					break
				}
			}
			if !found {
				return false, false
			}
		}
		return true, false
	case isMap1 || isMap2 || isList1 || isList2:
		return false, true
	}
	if v1 == v2 {
		return true, false
	}
	return normalized(v1) == normalized(v2), false
}

// normalized is json-gold's normalizeValue of a scalar.
func normalized(v any) string {
	if f, ok := v.(float64); ok {
		return fmt.Sprintf("%f", f)
	}
	if n, ok := v.(json.Number); ok {
		if f, err := n.Float64(); err == nil {
			return fmt.Sprintf("%f", f)
		}
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprintf("%s", v)
}
