package proof

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/internal/vectors"
)

// The ecdsa-sd-2023 test vectors of W3C vc-di-ecdsa: a permanent resident
// card (prc) and an employment credential (employ), each with every
// intermediate value of the base proof, the derivation and the
// verification, from SDKeyMaterial.json.
var sdVectorSets = []string{"prc", "employ"}

func sdVector(t testing.TB, set, name string, v any) {
	t.Helper()
	mustUnmarshal(t, vectors.Read(t, "ecdsa", "vc-di-ecdsa", "ecdsa-sd-2023", set, name), v)
}

// sdKeys is SDKeyMaterial.json: the issuer's key, the proof-scoped key and
// the HMAC key of the vectors.
type sdKeys struct {
	base, proof *ecdsa.PrivateKey
	hmacKey     []byte
}

func sdVectorKeys(t testing.TB) sdKeys {
	t.Helper()
	var km struct {
		BaseKeyPair, ProofKeyPair struct{ PublicKeyMultibase, SecretKeyMultibase string }
		HmacKeyString             string
	}
	mustUnmarshal(t, vectors.Read(t, "ecdsa", "vc-di-ecdsa", "ecdsa-sd-2023", "SDKeyMaterial.json"), &km)
	hk, err := hex.DecodeString(km.HmacKeyString)
	if err != nil {
		t.Fatal(err)
	}
	return sdKeys{
		base:    p256Secret(t, km.BaseKeyPair.SecretKeyMultibase, km.BaseKeyPair.PublicKeyMultibase),
		proof:   p256Secret(t, km.ProofKeyPair.SecretKeyMultibase, km.ProofKeyPair.PublicKeyMultibase),
		hmacKey: hk,
	}
}

// p256Secret decodes a Multikey P-256 secret key (multicodec 0x1306, varint
// 0x86 0x26) and checks it against its public key.
func p256Secret(t testing.TB, secret, public string) *ecdsa.PrivateKey {
	t.Helper()
	b, err := base58.Decode(strings.TrimPrefix(secret, "z"))
	if err != nil || len(b) != 34 || b[0] != 0x86 || b[1] != 0x26 {
		t.Fatalf("bad P-256 secret key %q: %v", secret, err)
	}
	priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), b[2:])
	if err != nil {
		t.Fatal(err)
	}
	if !priv.PublicKey.Equal(p256Public(t, public)) {
		t.Fatal("P-256 key pair mismatch")
	}
	return priv
}

// p256Public decodes a Multikey P-256 public key ("zDna…").
func p256Public(t testing.TB, mb string) *ecdsa.PublicKey {
	t.Helper()
	b, err := base58.Decode(strings.TrimPrefix(mb, "z"))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := parseP256Multikey(b)
	if err != nil {
		t.Fatalf("%s: %v", mb, err)
	}
	return pub
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// indexedMap is the vectors' JSON form of a JavaScript Map of index to
// N-Quad.
type indexedMap struct {
	DataType string
	Value    [][2]json.RawMessage
}

func (m indexedMap) split(t testing.TB) ([]int, []string) {
	t.Helper()
	var idx []int
	var nq []string
	for _, kv := range m.Value {
		var i int
		var s string
		mustUnmarshal(t, kv[0], &i)
		mustUnmarshal(t, kv[1], &s)
		idx = append(idx, i)
		nq = append(nq, s)
	}
	return idx, nq
}

func splitLines(b []byte) []string {
	var out []string
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

func hexes(bs [][]byte) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = hex.EncodeToString(b)
	}
	return out
}

func withoutProof(t testing.TB, doc []byte) map[string]any {
	t.Helper()
	root, _, err := decodeDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	delete(root, "proof")
	return root
}

func proofValueOf(t testing.TB, doc []byte) string {
	t.Helper()
	var d struct{ Proof struct{ ProofValue string } }
	mustUnmarshal(t, doc, &d)
	return d.Proof.ProofValue
}

// TestSDVectorsBase reproduces every step of the base proof: the canonical
// proof configuration and its hash, the canonical document, the HMAC
// relabelling, the mandatory and non-mandatory statements and their hash;
// the vectors' base and statement signatures verify over them, and the
// base proof value decodes to the vectors' values and encodes back to the
// same bytes.
func TestSDVectorsBase(t *testing.T) {
	ctx := context.Background()
	loader := vectorLoader(t)
	keys := sdVectorKeys(t)
	for _, set := range sdVectorSets {
		t.Run(set, func(t *testing.T) {
			signed := vectors.Read(t, "ecdsa", "vc-di-ecdsa", "ecdsa-sd-2023", set, "addSignedSDBase.json")
			unsecured := withoutProof(t, signed)

			var config map[string]any
			sdVector(t, set, "addProofConfig.json", &config)
			canonConfig, err := canonicalDocument(ctx, config, loader)
			if err != nil {
				t.Fatal(err)
			}
			if want := vectors.Read(t, "ecdsa", "vc-di-ecdsa", "ecdsa-sd-2023", set, "addProofConfigCanon.txt"); !bytes.Equal(canonConfig, want) {
				t.Fatalf("canonical proof config:\n%s\nwant\n%s", canonConfig, want)
			}

			var transform struct {
				MandatoryPointers       []string
				Mandatory, NonMandatory indexedMap
				HmacKeyString           string
			}
			sdVector(t, set, "addBaseTransform.json", &transform)
			if !bytes.Equal(mustHex(t, transform.HmacKeyString), keys.hmacKey) {
				t.Fatal("HMAC key differs from SDKeyMaterial.json")
			}
			ph := sha256.Sum256(canonConfig)
			d, err := baseData(ctx, unsecured, ph[:], keys.hmacKey, transform.MandatoryPointers, loader)
			if err != nil {
				t.Fatal(err)
			}
			var wantCanon, wantHMAC []string
			sdVector(t, set, "addBaseDocCanon.json", &wantCanon)
			sdVector(t, set, "addBaseDocHMACCanon.json", &wantHMAC)
			if diff := cmp.Diff(wantCanon, splitLines(d.canon.canon)); diff != "" {
				t.Errorf("canonical document (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantHMAC, d.canon.nquads); diff != "" {
				t.Errorf("HMAC-relabelled document (-want +got):\n%s", diff)
			}
			for _, g := range []struct {
				name string
				want indexedMap
				got  []int
			}{{"mandatory", transform.Mandatory, d.mandatory}, {"nonMandatory", transform.NonMandatory, d.nonMandatory}} {
				idx, nq := g.want.split(t)
				if !slices.Equal(idx, g.got) {
					t.Errorf("%s indexes %v, want %v", g.name, g.got, idx)
				}
				for j, i := range g.got {
					if j < len(nq) && d.canon.nquads[i] != nq[j] {
						t.Errorf("%s statement %d = %q, want %q", g.name, i, d.canon.nquads[i], nq[j])
					}
				}
			}
			var hashes struct{ ProofHash, MandatoryHash string }
			sdVector(t, set, "addHashData.json", &hashes)
			if got := hex.EncodeToString(d.proofHash); got != hashes.ProofHash {
				t.Errorf("proofHash %s, want %s", got, hashes.ProofHash)
			}
			if got := hex.EncodeToString(d.mandatoryHash); got != hashes.MandatoryHash {
				t.Errorf("mandatoryHash %s, want %s", got, hashes.MandatoryHash)
			}

			// The vectors' signatures verify over the data computed here.
			var raw struct {
				BaseSignature, PublicKey string
				Signatures               []string
				MandatoryPointers        []string
			}
			sdVector(t, set, "addRawBaseSignatureInfo.json", &raw)
			proofPub := p256Public(t, raw.PublicKey)
			if !proofPub.Equal(&keys.proof.PublicKey) {
				t.Fatal("proof-scoped key differs from SDKeyMaterial.json")
			}
			mk, _ := p256Multikey(proofPub)
			if !verifyP256(&keys.base.PublicKey, slices.Concat(d.proofHash, mk, d.mandatoryHash), mustHex(t, raw.BaseSignature)) {
				t.Error("the vector's base signature does not verify over proofHash ‖ publicKey ‖ mandatoryHash")
			}
			if len(raw.Signatures) != len(d.nonMandatory) {
				t.Fatalf("%d signatures for %d non-mandatory statements", len(raw.Signatures), len(d.nonMandatory))
			}
			for j, i := range d.nonMandatory {
				if !verifyP256(proofPub, []byte(d.canon.nquads[i]), mustHex(t, raw.Signatures[j])) {
					t.Errorf("signature %d does not verify statement %d", j, i)
				}
			}

			// The base proof value: decode, compare, re-encode.
			pv := proofValueOf(t, signed)
			payload, mode, err := sdProofBytes(pv)
			if err != nil || mode != sdBase {
				t.Fatalf("base proof value: mode %v, %v", mode, err)
			}
			v, err := decodeSDBase(payload)
			if err != nil {
				t.Fatal(err)
			}
			if hex.EncodeToString(v.BaseSignature) != raw.BaseSignature || !bytes.Equal(v.PublicKey, mk) ||
				!bytes.Equal(v.HMACKey, keys.hmacKey) || !slices.Equal(hexes(v.Signatures), raw.Signatures) ||
				!slices.Equal(v.MandatoryPointers, raw.MandatoryPointers) {
				t.Error("decoded base proof value differs from addRawBaseSignatureInfo.json")
			}
			again, err := encodeSDValue(sdBaseHeader, v)
			if err != nil || again != pv {
				t.Errorf("re-encoded base proof value differs (%v):\n%s\nwant\n%s", err, again, pv)
			}

			// The signed base document verifies (base proofs verify too).
			sec, err := Parse(signed)
			if err != nil {
				t.Fatal(err)
			}
			if err := sec.Verify(ctx, 0, &keys.base.PublicKey, VerifyOptions{Loader: loader}); err != nil {
				t.Errorf("base proof: %v", err)
			}
		})
	}
}

// TestSDVectorsSign makes the base proof with the vectors' keys and
// options: everything but the (randomized) ECDSA signatures equals the
// vectors', and it verifies.
func TestSDVectorsSign(t *testing.T) {
	ctx := context.Background()
	loader := vectorLoader(t)
	keys := sdVectorKeys(t)
	for _, set := range sdVectorSets {
		t.Run(set, func(t *testing.T) {
			signed := vectors.Read(t, "ecdsa", "vc-di-ecdsa", "ecdsa-sd-2023", set, "addSignedSDBase.json")
			unsecured, err := json.Marshal(withoutProof(t, signed))
			if err != nil {
				t.Fatal(err)
			}
			var config struct{ Created, VerificationMethod string }
			sdVector(t, set, "addProofConfig.json", &config)
			created, _ := time.Parse(time.RFC3339, config.Created)
			var transform struct{ MandatoryPointers []string }
			sdVector(t, set, "addBaseTransform.json", &transform)
			out, err := signSD(ctx, unsecured, keys.base, Options{
				Suite: SuiteECDSASD2023, VerificationMethod: config.VerificationMethod, Created: created,
				MandatoryPointers: transform.MandatoryPointers, Loader: loader,
			}, &sdKeyMaterial{hmacKey: keys.hmacKey, proofKey: keys.proof})
			if err != nil {
				t.Fatal(err)
			}
			var got, want map[string]any
			mustUnmarshal(t, out, &got)
			mustUnmarshal(t, signed, &want)
			gp, wp := got["proof"].(map[string]any), want["proof"].(map[string]any)
			delete(gp, "proofValue")
			delete(wp, "proofValue")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("signed document (-want +got):\n%s", diff)
			}
			payload, _, err := sdProofBytes(proofValueOf(t, out))
			if err != nil {
				t.Fatal(err)
			}
			v, err := decodeSDBase(payload)
			if err != nil {
				t.Fatal(err)
			}
			wantV := mustDecodeBase(t, proofValueOf(t, signed))
			if !bytes.Equal(v.PublicKey, wantV.PublicKey) || !bytes.Equal(v.HMACKey, wantV.HMACKey) ||
				!slices.Equal(v.MandatoryPointers, wantV.MandatoryPointers) || len(v.Signatures) != len(wantV.Signatures) {
				t.Error("base proof value differs from the vector's in more than its signatures")
			}
			sec, err := Parse(out)
			if err != nil {
				t.Fatal(err)
			}
			if err := sec.Verify(ctx, 0, &keys.base.PublicKey, VerifyOptions{Loader: loader}); err != nil {
				t.Errorf("made base proof: %v", err)
			}
		})
	}
}

func mustDecodeBase(t testing.TB, pv string) *sdBaseValue {
	t.Helper()
	payload, mode, err := sdProofBytes(pv)
	if err != nil || mode != sdBase {
		t.Fatalf("base proof value: %v", err)
	}
	v, err := decodeSDBase(payload)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func sdSelective(t testing.TB) []string {
	var p []string
	mustUnmarshal(t, vectors.Read(t, "ecdsa", "vc-di-ecdsa", "employSelective.json"), &p)
	return p
}

// TestSDVectorsDerive derives the vectors' disclosure from their base
// document: the groups, the mandatory indexes, the kept signatures, the
// label map, the revealed document and the derived proof value (byte for
// byte) equal the vectors'.
func TestSDVectorsDerive(t *testing.T) {
	ctx := context.Background()
	loader := vectorLoader(t)
	selective := sdSelective(t)
	for _, set := range sdVectorSets {
		t.Run(set, func(t *testing.T) {
			signed := vectors.Read(t, "ecdsa", "vc-di-ecdsa", "ecdsa-sd-2023", set, "addSignedSDBase.json")
			base := mustDecodeBase(t, proofValueOf(t, signed))
			d, err := createDisclosure(ctx, withoutProof(t, signed), base, selective, loader)
			if err != nil {
				t.Fatal(err)
			}
			var groups struct{ CombinedIndexes, MandatoryIndexes, SelectiveIndexes []int }
			sdVector(t, set, "derivedGroupIndexes.json", &groups)
			for _, g := range []struct {
				name      string
				got, want []int
			}{{"combined", d.combined, groups.CombinedIndexes}, {"mandatory", d.mandatory, groups.MandatoryIndexes}, {"selective", d.selected, groups.SelectiveIndexes}} {
				if !slices.Equal(g.got, g.want) {
					t.Errorf("%s indexes %v, want %v", g.name, g.got, g.want)
				}
			}
			var adj struct{ AdjMandatoryIndexes []uint64 }
			sdVector(t, set, "derivedAdjMandatoryIndexes.json", &adj)
			if !slices.Equal(d.mandatoryIndexes, adj.AdjMandatoryIndexes) {
				t.Errorf("mandatory indexes %v, want %v", d.mandatoryIndexes, adj.AdjMandatoryIndexes)
			}
			var sigs struct{ FilteredSignatures []string }
			sdVector(t, set, "derivedAdjSignatures.json", &sigs)
			if !slices.Equal(hexes(d.signatures), sigs.FilteredSignatures) {
				t.Error("filtered signatures differ")
			}
			var disc struct{ LabelMap struct{ Value [][2]string } }
			sdVector(t, set, "derivedDisclosureData.json", &disc)
			gotLabels := map[string]string{}
			for n, b := range d.labelMap {
				gotLabels["c14n"+itoa(n)] = "u" + b64(b)
			}
			wantLabels := map[string]string{}
			for _, kv := range disc.LabelMap.Value {
				wantLabels[kv[0]] = kv[1]
			}
			if diff := cmp.Diff(wantLabels, gotLabels); diff != "" {
				t.Errorf("label map (-want +got):\n%s", diff)
			}
			var reveal map[string]any
			sdVector(t, set, "derivedUnsignedReveal.json", &reveal)
			if diff := cmp.Diff(reveal, jsonRoundTrip(t, d.reveal)); diff != "" {
				t.Errorf("reveal document (-want +got):\n%s", diff)
			}

			out, err := Derive(ctx, signed, selective, DeriveOptions{Loader: loader})
			if err != nil {
				t.Fatal(err)
			}
			wantDoc := vectors.Read(t, "ecdsa", "vc-di-ecdsa", "ecdsa-sd-2023", set, "derivedRevealDocument.json")
			if got, want := proofValueOf(t, out), proofValueOf(t, wantDoc); got != want {
				t.Errorf("derived proof value:\n%s\nwant\n%s", got, want)
			}
			var got, want map[string]any
			mustUnmarshal(t, out, &got)
			mustUnmarshal(t, wantDoc, &want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("derived document (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSDVectorsVerify verifies the vectors' derived documents and
// reproduces the verifier's intermediate values; a tampered or extended
// disclosure fails.
func TestSDVectorsVerify(t *testing.T) {
	ctx := context.Background()
	loader := vectorLoader(t)
	keys := sdVectorKeys(t)
	for _, set := range sdVectorSets {
		t.Run(set, func(t *testing.T) {
			doc := vectors.Read(t, "ecdsa", "vc-di-ecdsa", "ecdsa-sd-2023", set, "derivedRevealDocument.json")
			payload, mode, err := sdProofBytes(proofValueOf(t, doc))
			if err != nil || mode != sdDerived {
				t.Fatalf("derived proof value: %v", err)
			}
			v, err := decodeSDDerived(payload)
			if err != nil {
				t.Fatal(err)
			}
			var pvWant struct {
				BaseSignature, PublicKey string
				Signatures               []string
				LabelMap                 [][2]string
				MandatoryIndexes         []uint64
			}
			sdVector(t, set, "verifyDerivedProofValue.json", &pvWant)
			mk, _ := p256Multikey(p256Public(t, pvWant.PublicKey))
			if hex.EncodeToString(v.BaseSignature) != pvWant.BaseSignature || !bytes.Equal(v.PublicKey, mk) ||
				!slices.Equal(hexes(v.Signatures), pvWant.Signatures) || !slices.Equal(v.MandatoryIndexes, pvWant.MandatoryIndexes) ||
				len(v.LabelMap) != len(pvWant.LabelMap) {
				t.Error("decoded derived proof value differs from verifyDerivedProofValue.json")
			}
			vd, err := createSDVerifyData(ctx, withoutProof(t, doc), v, loader)
			if err != nil {
				t.Fatal(err)
			}
			var wantNQ []string
			sdVector(t, set, "verifyNQuads.json", &wantNQ)
			if diff := cmp.Diff(wantNQ, vd.nquads); diff != "" {
				t.Errorf("verifier's statements (-want +got):\n%s", diff)
			}
			var cvd struct {
				ProofHash, MandatoryHash string
				NonMandatory             []string
			}
			sdVector(t, set, "verifyCreateVerifyData.json", &cvd)
			if hex.EncodeToString(vd.mandatoryHash) != cvd.MandatoryHash || !slices.Equal(vd.nonMandatory, cvd.NonMandatory) {
				t.Error("verify data differs from verifyCreateVerifyData.json")
			}

			sec, err := Parse(doc)
			if err != nil {
				t.Fatal(err)
			}
			signed, err := sec.VerifySigned(ctx, 0, &keys.base.PublicKey, VerifyOptions{Loader: loader})
			if err != nil {
				t.Fatalf("derived proof: %v", err)
			}
			if len(signed.Document) != len(wantNQ) || signed.JSON {
				t.Errorf("signed dataset has %d statements, want %d", len(signed.Document), len(wantNQ))
			}
			// The wrong key fails.
			if err := sec.Verify(ctx, 0, &keys.proof.PublicKey, VerifyOptions{Loader: loader}); !errors.Is(err, ErrInvalidSignature) {
				t.Errorf("other key: %v, want ErrInvalidSignature", err)
			}
		})
	}
}

func jsonRoundTrip(t testing.TB, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	mustUnmarshal(t, b, &out)
	return out
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
