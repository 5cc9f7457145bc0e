#!/usr/bin/env bash
# interop/bench.sh: obkit against vc.js, in one run, on the same vc.js-signed
# documents (the measurements of issue 14).
#
#   npm ci --prefix interop            # once
#   interop/bench.sh                   # from anywhere; about 5 minutes
#
# It needs go, node (with interop/node_modules) and, for the folder test,
# hyperfine (Debian package "hyperfine"; skipped without it). It writes
# everything to $OUT (default: a new temporary directory) and prints:
#
#  1. Full verification, obkit (verify.Verify with the default options, the
#     key resolved from its did:key: BenchmarkVCJSDocs in bench_test.go) and
#     vc.js (vc.verifyCredential: "node vcjs.mjs bench"), in ops/s, for
#     eddsa-rdfc-2022 and eddsa-jcs-2022, on a small badge and on one with 50
#     alignments and 50 results. $ROUNDS rounds (default 7), each running
#     every document for $MS ms (default 1000) in obkit, then in vc.js; the
#     figures are the medians over the rounds, and the ratio obkit / vc.js,
#     by the wall clock and by CPU time (user + system of each process, all
#     threads: steadier when other work shares the machine).
#  2. The whole process: "obkit verify DIR" on a folder of $N500 (default
#     500) small badges (eddsa-rdfc-2022, each a different credential, all
#     signed by vc.js) against "node vcjs.mjs verify DIR/*.json" (one Node
#     process for all), with hyperfine ($RUNS runs each, default 5,
#     interleaved by hyperfine's order of commands), wall clock and CPU time;
#     obkit built static as README says to install it (CGO_ENABLED=0), and the cgo build
#     (obkit-cgo) too.
#  3. Unless TABLE=0: verify's BenchmarkFullVsProof (the proof check alone
#     and the full verification for 0, 1, 10, 50, 200 and 1000 items, both
#     suites), with the cost per item, to show it stays linear.
#
# The machine may be shared: compare figures from one run only.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ROUNDS=${ROUNDS:-7}
MS=${MS:-1000}
N500=${N500:-500}
RUNS=${RUNS:-5}
TABLE=${TABLE:-1}
OUT=${OUT:-$(mktemp -d /tmp/obkit-bench.XXXXXX)}
mkdir -p "$OUT"
VCJS="node $HERE/vcjs.mjs"
CREATED=2026-01-02T03:04:05Z

if [ ! -d "$HERE/node_modules" ]; then
	echo "bench.sh: run: npm ci --prefix interop" >&2
	exit 2
fi
echo "# output in $OUT"

# Unsigned badges: small.json, items50.json, and the folder's badges.
node --input-type=module - "$OUT/unsigned" "$N500" <<'JS'
import fs from 'node:fs';
const [dir, n500] = process.argv.slice(2);
fs.mkdirSync(`${dir}/folder`, {recursive: true});
const badge = (id, items) => {
  const doc = {
    '@context': ['https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id, type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Teamwork',
    issuer: {id: 'did:example:replaced', type: ['Profile'], name: 'Example Corp'},
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      id: 'did:example:learner', type: ['AchievementSubject'],
      achievement: {
        id: 'https://example.com/achievements/teamwork', type: ['Achievement'],
        name: 'Teamwork', description: 'Works well with others.',
        criteria: {narrative: 'Nominated by peers.'}
      }
    }
  };
  if(items > 0) {
    doc.credentialSubject.achievement.alignment = [];
    doc.credentialSubject.result = [];
    for(let i = 0; i < items; i++) {
      doc.credentialSubject.achievement.alignment.push({type: ['Alignment'],
        targetName: `Skill ${i}`, targetUrl: `https://framework.example/skills/${i}`});
      doc.credentialSubject.result.push({type: ['Result'], value: 'A'});
    }
  }
  return JSON.stringify(doc, null, 2) + '\n';
};
fs.writeFileSync(`${dir}/small.json`, badge('urn:uuid:6c1b2d3e-4f50-4a1b-8c2d-3e4f5a6b7c8d', 0));
fs.writeFileSync(`${dir}/items50.json`, badge('urn:uuid:6c1b2d3e-4f50-4a1b-8c2d-3e4f5a6b7c8e', 50));
for(let i = 0; i < Number(n500); i++) {
  const id = `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  fs.writeFileSync(`${dir}/folder/badge-${String(i).padStart(4, '0')}.json`, badge(id, 0));
}
JS

$VCJS keygen --seed 9f2c4b6d8e0a1c3e5f7092b4d6f8a0c2e4f6081a3c5e7092b4d6f8a0c2e4f608 >"$OUT/key.json"
for suite in eddsa-rdfc-2022 eddsa-jcs-2022; do
	$VCJS issue --key "$OUT/key.json" --suite $suite --set-issuer --created $CREATED \
		--out-dir "$OUT/$suite" "$OUT/unsigned/small.json" "$OUT/unsigned/items50.json"
done
$VCJS issue --key "$OUT/key.json" --suite eddsa-rdfc-2022 --set-issuer --created $CREATED \
	--out-dir "$OUT/folder" "$OUT"/unsigned/folder/*.json
DOCS="$OUT/eddsa-rdfc-2022/small.json $OUT/eddsa-rdfc-2022/items50.json $OUT/eddsa-jcs-2022/small.json $OUT/eddsa-jcs-2022/items50.json"

# obkit is built static (CGO_ENABLED=0), as README says to install it; obkit-cgo is the
# default build where a C compiler is present, whose every process starts
# through the C library (its threads and allocator arenas): measured too.
(cd "$ROOT" && go test -c -o "$OUT/interop.test" ./interop &&
	CGO_ENABLED=0 go build -o "$OUT/obkit" ./cmd/obkit && go build -o "$OUT/obkit-cgo" ./cmd/obkit)

# 1. Interleaved rounds.
: >"$OUT/obkit.txt"
: >"$OUT/vcjs.txt"
for r in $(seq "$ROUNDS"); do
	echo "# round $r of $ROUNDS" >&2
	OBKIT_BENCH_FILES="$DOCS" "$OUT/interop.test" -test.run '^$' -test.bench '^BenchmarkVCJSDocs$' \
		-test.benchtime "${MS}ms" -test.benchmem >>"$OUT/obkit.txt"
	$VCJS bench --ms "$MS" $DOCS >>"$OUT/vcjs.txt"
done
node --input-type=module - "$OUT/obkit.txt" "$OUT/vcjs.txt" <<'JS'
import fs from 'node:fs';
const [goFile, jsFile] = process.argv.slice(2);
const median = a => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const go = new Map(), js = new Map(), goCPU = new Map(), jsCPU = new Map(), allocs = new Map();
const push = (m, k, v) => { if(!m.has(k)) m.set(k, []); m.get(k).push(v); };
for(const line of fs.readFileSync(goFile, 'utf8').split('\n')) {
  const m = /^BenchmarkVCJSDocs\/(\S+?)(-\d+)?\s+\d+\s+([\d.]+) ns\/op.*?([\d.]+) cpu-µs\/op.*?(\d+) B\/op\s+(\d+) allocs\/op/.exec(line);
  if(m) {
    push(go, m[1], 1e9 / Number(m[3]));
    push(goCPU, m[1], 1e6 / Number(m[4]));
    allocs.set(m[1], `${m[6]} allocs, ${(Number(m[5]) / 1024).toFixed(1)} KB`);
  }
}
for(const line of fs.readFileSync(jsFile, 'utf8').split('\n')) {
  if(!line.trim()) continue;
  const r = JSON.parse(line);
  const name = r.file.split('/').slice(-2).join('/').replace(/\.json$/, '');
  push(js, name, r.ops);
  push(jsCPU, name, 1e6 / r.cpuUsPerOp);
}
console.log('\n## Full verification (median of %d interleaved rounds)\n', go.values().next().value?.length ?? 0);
console.log('ops/s: by the wall clock; per CPU-s: verifications per second of the process\'s CPU time (user + system, all threads).\n');
console.log('| document | obkit ops/s | vc.js ops/s | ratio | obkit per CPU-s | vc.js per CPU-s | ratio | obkit per verify |');
console.log('|---|---:|---:|---:|---:|---:|---:|---|');
for(const [name, v] of go) {
  const o = median(v), j = median(js.get(name) ?? [NaN]);
  const oc = median(goCPU.get(name)), jc = median(jsCPU.get(name) ?? [NaN]);
  console.log(`| ${name} | ${o.toFixed(0)} | ${j.toFixed(1)} | ${(o / j).toFixed(1)}× | ${oc.toFixed(0)} | ${jc.toFixed(1)} | ${(oc / jc).toFixed(1)}× | ${allocs.get(name)} |`);
}
JS

# 2. The folder, whole process.
if command -v hyperfine >/dev/null; then
	echo
	echo "## obkit verify of $N500 badges vs vc.js on the same $N500 in one process"
	hyperfine --warmup 1 --runs "$RUNS" --export-json "$OUT/folder.json" \
		-n obkit "$OUT/obkit verify --summary $OUT/folder >/dev/null" \
		-n obkit-cgo "$OUT/obkit-cgo verify --summary $OUT/folder >/dev/null" \
		-n vcjs "$VCJS verify $OUT/folder/*.json >/dev/null"
	node -e '
const r = require(process.argv[1]).results;
const m = Object.fromEntries(r.map(x => [x.command, x.median]));
const c = Object.fromEntries(r.map(x => [x.command, x.user + x.system]));
for (const o of ["obkit", "obkit-cgo"]) {
  console.log(`\nmedian wall clock: ${o} ${m[o].toFixed(3)} s, vc.js ${m.vcjs.toFixed(3)} s: ${o} ${(m.vcjs / m[o]).toFixed(1)}x faster`);
  console.log(`mean CPU time (user + system): ${o} ${c[o].toFixed(3)} s, vc.js ${c.vcjs.toFixed(3)} s: ${o} ${(c.vcjs / c[o]).toFixed(1)}x less`);
}
' "$OUT/folder.json"
else
	echo "bench.sh: hyperfine not found: folder test skipped (apt-get install hyperfine)" >&2
fi

# 3. The table.
if [ "$TABLE" != 0 ]; then
	echo
	echo "## verify.BenchmarkFullVsProof"
	(cd "$ROOT" && go test ./verify -run '^$' -bench 'BenchmarkFullVsProof' -benchmem -benchtime "${MS}ms") |
		tee "$OUT/table.txt" |
		awk '/^BenchmarkFullVsProof/ {
			split($1, p, "/"); n = p[3]; sub("items=", "", n)
			ns = bytes = allocs = cpu = ""
			for (i = 3; i <= NF; i++) {
				if ($i == "ns/op") ns = $(i-1)
				if ($i == "B/op") bytes = $(i-1)
				if ($i == "allocs/op") allocs = $(i-1)
				if ($i == "cpu-µs/op") cpu = $(i-1)
			}
			printf "%-16s %-10s items=%-5s %12.0f ns/op %10s B/op %7s allocs/op", p[2], p[4], n, ns, bytes, allocs
			if (cpu != "") printf " %9s cpu-µs/op", cpu
			if (n > 0) {
				printf "   %8.0f ns/item %7.0f B/item", ns / n, bytes / n
				if (cpu != "") printf " %6.1f cpu-µs/item", cpu / n
			}
			printf "\n"
		}'
fi
