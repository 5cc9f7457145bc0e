package strictjson

import (
	"sync"
	"sync/atomic"
)

// An Arena lends the maps and arrays of the values it decodes and takes
// them back, cleared, when Free is called: the next value decoded with an
// Arena from the pool reuses them. A credential's objects are small maps
// (a table of eight slots each, about 330 bytes) and arrays; reusing them
// spares the allocations and, above all, the garbage collections that
// verifying many credentials on several cores otherwise pays for.
//
// Strings are never reused: a string taken from a decoded value stays
// valid after Free. Maps and arrays do not: the caller must be sure that
// nothing reads the decoded value, or any map or array in it, once Free
// is called (before, they are the caller's, to read or modify).
type Arena struct {
	used   []map[string]any // lent, with room for smallBuf members
	free   []map[string]any // cleared, to lend again
	chunks [][]any          // the chunks of array elements lent
	spare  [][]any          // cleared chunks, to lend again

	// Larger maps, by class: room for 16, 32 or 64 members.
	bigUsed [bigClasses][]map[string]any
	bigFree [bigClasses][]map[string]any
}

// bigClasses is the number of classes of larger maps: an object of more
// than smallBuf<<bigClasses members gets a map of its own.
const bigClasses = 3

// maxArenaMaps and maxArenaChunks bound what a pooled Arena keeps: about
// 330 KB of maps and 256 KB of elements.
const (
	maxArenaMaps   = 1024
	maxArenaChunks = 512
	maxArenaBig    = 16 // of each class
)

var arenas = sync.Pool{New: func() any { return new(Arena) }}

// NewArena returns an Arena from the pool.
func NewArena() *Arena { return arenas.Get().(*Arena) }

// DecodeObject is the package's DecodeObject, with the maps and the short
// arrays of the value lent by a; a nil a lends nothing (the package's
// DecodeObject itself).
func (a *Arena) DecodeObject(data []byte) (map[string]any, error) {
	if v, ok := decodeArena(data, a); ok {
		if m, ok := v.(map[string]any); ok {
			return m, nil
		}
	}
	return decodeObjectSlow(data)
}

// PoisonFreed makes Free, while it is set, leave in every map it takes
// back one member, PoisonKey, and in every array element PoisonValue, and
// lend none of them again: a test sets it to catch a reader that keeps a
// decoded value past Free (it then reads the poison, or misses what it
// expected). Verification is unchanged by it when no reader keeps one.
var PoisonFreed atomic.Bool

// PoisonKey and PoisonValue are what Free leaves under PoisonFreed.
const (
	PoisonKey   = "\x00strictjson: freed"
	PoisonValue = "\x00strictjson: freed"
)

// Free takes back, cleared, every map and array that a lent, and returns a
// to the pool. Neither a nor any value it decoded may be used afterwards.
// Freeing a nil Arena does nothing.
func (a *Arena) Free() {
	if a == nil {
		return
	}
	if PoisonFreed.Load() {
		for _, m := range a.used {
			clear(m)
			m[PoisonKey] = PoisonValue
		}
		for _, c := range a.chunks {
			for i := range c {
				c[i] = PoisonValue
			}
		}
		for _, used := range a.bigUsed {
			for _, m := range used {
				clear(m)
				m[PoisonKey] = PoisonValue
			}
		}
		return // the Arena and its poisoned values are dropped
	}
	for c := range a.bigUsed {
		for _, m := range a.bigUsed[c] {
			clear(m)
		}
		a.bigFree[c] = append(a.bigFree[c], a.bigUsed[c]...)
		clear(a.bigUsed[c])
		a.bigUsed[c] = a.bigUsed[c][:0]
		if len(a.bigFree[c]) > maxArenaBig {
			clear(a.bigFree[c][maxArenaBig:])
			a.bigFree[c] = a.bigFree[c][:maxArenaBig]
		}
	}
	for _, m := range a.used {
		clear(m)
	}
	for _, c := range a.chunks {
		clear(c)
	}
	a.free = append(a.free, a.used...)
	a.spare = append(a.spare, a.chunks...)
	clear(a.used)
	clear(a.chunks)
	a.used, a.chunks = a.used[:0], a.chunks[:0]
	if len(a.free) > maxArenaMaps {
		clear(a.free[maxArenaMaps:])
		a.free = a.free[:maxArenaMaps]
	}
	if len(a.spare) > maxArenaChunks {
		clear(a.spare[maxArenaChunks:])
		a.spare = a.spare[:maxArenaChunks]
	}
	arenas.Put(a)
}

// newMap lends a map with room for smallBuf members.
func (a *Arena) newMap() map[string]any {
	var m map[string]any
	if n := len(a.free); n > 0 {
		m = a.free[n-1]
		a.free[n-1] = nil
		a.free = a.free[:n-1]
	} else {
		m = make(map[string]any, smallBuf)
	}
	a.used = append(a.used, m)
	return m
}

// newMapFor lends a map with room for n members, or returns a map of
// its own for more than the largest class.
func (a *Arena) newMapFor(n int) map[string]any {
	if n <= smallBuf {
		return a.newMap()
	}
	c := 0
	for n > smallBuf<<(c+1) {
		if c++; c == bigClasses {
			return make(map[string]any, n)
		}
	}
	var m map[string]any
	if k := len(a.bigFree[c]); k > 0 {
		m = a.bigFree[c][k-1]
		a.bigFree[c][k-1] = nil
		a.bigFree[c] = a.bigFree[c][:k-1]
	} else {
		m = make(map[string]any, smallBuf<<(c+1))
	}
	a.bigUsed[c] = append(a.bigUsed[c], m)
	return m
}

// newChunk lends a chunk of elemChunk array elements.
func (a *Arena) newChunk() []any {
	var c []any
	if n := len(a.spare); n > 0 {
		c = a.spare[n-1]
		a.spare[n-1] = nil
		a.spare = a.spare[:n-1]
	} else {
		c = make([]any, elemChunk)
	}
	a.chunks = append(a.chunks, c)
	return c
}
