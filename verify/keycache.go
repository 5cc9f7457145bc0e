package verify

import (
	"strings"
	"sync"
)

// didKeyCache keeps the did:key verification methods resolved by the
// default resolver: a did:key URL is its own key (nothing is retrieved, and
// the same URL always resolves to the same key), so its decoding and the
// key's checks (canonical encoding, not of small order) are made once per
// process rather than once per credential. Only successful resolutions are
// kept, at most maxDIDKeyCache of them.
var didKeyCache = struct {
	sync.RWMutex
	m map[string]*resolvedKey
}{m: make(map[string]*resolvedKey)}

// maxDIDKeyCache bounds didKeyCache.
const maxDIDKeyCache = 4096

// cachesDIDKey reports whether the resolution of vmURL may come from, and
// go to, didKeyCache: a did:key URL resolved by the default resolver, with
// no DIDDocuments that could say otherwise.
func (v *verifier) cachesDIDKey(vmURL string) bool {
	return v.opts.Resolver == nil && len(v.opts.DIDDocuments) == 0 && strings.HasPrefix(vmURL, "did:key:")
}

func cachedDIDKey(vmURL string) *resolvedKey {
	didKeyCache.RLock()
	defer didKeyCache.RUnlock()
	return didKeyCache.m[vmURL]
}

func cacheDIDKey(vmURL string, k *resolvedKey) {
	didKeyCache.Lock()
	defer didKeyCache.Unlock()
	if len(didKeyCache.m) >= maxDIDKeyCache {
		clear(didKeyCache.m)
	}
	didKeyCache.m[vmURL] = k
}
