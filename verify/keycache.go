package verify

import (
	"strings"
	"sync"
	"sync/atomic"
)

// didKeyCache keeps the did:key verification methods resolved by the
// default resolver: a did:key URL is its own key (nothing is retrieved, and
// the same URL always resolves to the same key), so its decoding and the
// key's checks (canonical encoding, not of small order) are made once per
// process rather than once per credential. Only successful resolutions are
// kept, at most maxDIDKeyCache of them. A lookup writes no shared memory
// (sync.Map), so verifications on several cores do not contend for it.
var didKeyCache struct {
	m sync.Map // string → *resolvedKey
	n atomic.Int32
}

// maxDIDKeyCache bounds didKeyCache.
const maxDIDKeyCache = 4096

// cachesDIDKey reports whether the resolution of vmURL may come from, and
// go to, didKeyCache: a did:key URL resolved by the default resolver, with
// no DIDDocuments that could say otherwise.
func (v *verifier) cachesDIDKey(vmURL string) bool {
	return v.opts.Resolver == nil && len(v.opts.DIDDocuments) == 0 && strings.HasPrefix(vmURL, "did:key:")
}

func cachedDIDKey(vmURL string) *resolvedKey {
	if k, ok := didKeyCache.m.Load(vmURL); ok {
		return k.(*resolvedKey)
	}
	return nil
}

func cacheDIDKey(vmURL string, k *resolvedKey) {
	if didKeyCache.n.Add(1) > maxDIDKeyCache {
		// Rare: more distinct did:key issuers than any population of
		// credentials; start again.
		didKeyCache.m.Clear()
		didKeyCache.n.Store(1)
	}
	didKeyCache.m.Store(vmURL, k)
}
