#!/bin/sh
# Regenerates the vectors in this directory from ob-unsigned.json with the
# obkit command. Run from the repository root: sh testdata/generate.sh
# TestTestdata (cmd/obkit) checks that the files are what this script makes;
# the interop tests check them against vc.js.
set -eu
cd "$(dirname "$0")/.."
# A fixed, public test key: never use it for anything real.
go run ./cmd/obkit keygen --seed 6f626b6974207465737464617461206b65793a206e6f74207365637265742121 > testdata/key.json
go run ./cmd/obkit canon testdata/ob-unsigned.json > testdata/ob-unsigned.nq
go run ./cmd/obkit issue --key testdata/key.json --created 2026-01-15T09:00:00Z testdata/ob-unsigned.json > testdata/ob-signed.json
