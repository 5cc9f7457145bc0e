package rdfc_test

import (
	"context"
	"testing"
	"crypto"
	"github.com/obkit/obkit/rdfc"
)

func TestZZWork(t *testing.T) {
	_, entries := suite(t)
	max := 0
	for _, e := range entries {
		if e.Type == "rdfc:RDFC10NegativeEvalTest" { continue }
		ds := readDataset(t, e.Action)
		h := crypto.SHA256
		if e.HashAlgorithm == "SHA384" { h = crypto.SHA384 }
		lo := 1
		for w := 1; ; w++ {
			_, err := rdfc.Canonicalize(context.Background(), ds, &rdfc.Options{Hash: h, MaxWork: w})
			if err == nil { lo = w; break }
		}
		if lo > 1 { t.Logf("%s needs %d", e.ID, lo) }
		if lo > max { max = lo }
	}
	t.Logf("max %d", max)
}
