package did

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/keys"
)

// keyVector is one did:key DID document from the shared vectors.
type keyVector struct {
	source string // file and entry, for messages
	did    string
	doc    json.RawMessage
	seed   string // hex, when the vector gives it
}

// readKeyVectors collects every did:key document of the shared vectors:
// the w3c-ccg did-method-key test vectors (keyed by DID, with a didDocument
// member) and the w3c did-test-suite implementation reports (documents under
// didDocumentDataModel.properties, or in resolver executions).
func readKeyVectors(t *testing.T) []keyVector {
	t.Helper()
	var out []keyVector
	ccg, err := filepath.Glob(filepath.Join(vectors.Dir(t, "didkey", "w3c-ccg-did-method-key"), "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ccg {
		name := filepath.Base(f)
		var entries map[string]json.RawMessage
		if err := json.Unmarshal(vectors.Read(t, "didkey", "w3c-ccg-did-method-key", name), &entries); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for did, raw := range entries {
			if did == "didDocument" { // x25519.json nests documents by DID
				var nested map[string]json.RawMessage
				if err := json.Unmarshal(raw, &nested); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				for d, doc := range nested {
					out = append(out, keyVector{source: name, did: d, doc: doc})
				}
				continue
			}
			var e struct {
				Seed        string          `json:"seed"`
				DIDDocument json.RawMessage `json:"didDocument"`
			}
			if err := json.Unmarshal(raw, &e); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if e.DIDDocument != nil {
				out = append(out, keyVector{source: name, did: did, doc: e.DIDDocument, seed: e.Seed})
			}
		}
	}

	suite, err := filepath.Glob(filepath.Join(vectors.Dir(t, "didkey", "w3c-did-test-suite"), "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range suite {
		name := filepath.Base(f)
		var report map[string]json.RawMessage
		if err := json.Unmarshal(vectors.Read(t, "didkey", "w3c-did-test-suite", name), &report); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for did, raw := range report {
			if !strings.HasPrefix(did, "did:") {
				continue
			}
			var e struct {
				Model struct {
					Properties json.RawMessage `json:"properties"`
				} `json:"didDocumentDataModel"`
			}
			if err := json.Unmarshal(raw, &e); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out = append(out, keyVector{source: name, did: did, doc: e.Model.Properties})
		}
		var execs []struct {
			Function string `json:"function"`
			Input    struct {
				DID string `json:"did"`
			} `json:"input"`
			Output struct {
				DIDDocument json.RawMessage `json:"didDocument"`
				Stream      string          `json:"didDocumentStream"`
			} `json:"output"`
		}
		if err := json.Unmarshal(report["executions"], &execs); report["executions"] != nil && err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, x := range execs {
			doc := x.Output.DIDDocument
			if x.Output.Stream != "" {
				doc = json.RawMessage(x.Output.Stream)
			}
			if x.Function == "resolve" || x.Function == "resolveRepresentation" {
				if len(doc) > 0 && string(doc) != "null" {
					out = append(out, keyVector{source: name + "#" + string(rune('0'+i)), did: x.Input.DID, doc: doc})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].source+out[i].did < out[j].source+out[j].did })
	if len(out) < 30 {
		t.Fatalf("found only %d did:key vectors", len(out))
	}
	return out
}

// vectorMethods returns the verification methods of a vector document,
// including those under the pre-DID-Core "publicKey" property.
func vectorMethods(t *testing.T, doc *Document) []VerificationMethod {
	t.Helper()
	vms := slices.Clone(doc.VerificationMethods)
	if raw, ok := doc.Extra["publicKey"]; ok {
		var legacy []VerificationMethod
		if err := json.Unmarshal(raw, &legacy); err != nil {
			t.Fatalf("publicKey: %v", err)
		}
		vms = append(vms, legacy...)
	}
	return vms
}

// rawKey returns the bytes of an Ed25519 or X25519 public key.
func rawKey(t *testing.T, k crypto.PublicKey) []byte {
	t.Helper()
	switch k := k.(type) {
	case ed25519.PublicKey:
		return k
	case *ecdh.PublicKey:
		return k.Bytes()
	}
	t.Fatalf("unexpected key type %T", k)
	return nil
}

// TestKeyVectorDocuments checks every verification method of every did:key
// vector document: documents round-trip, and PublicKey returns the expected
// Go type or, for key types this package does not handle, ErrUnsupportedKey.
func TestKeyVectorDocuments(t *testing.T) {
	for _, v := range readKeyVectors(t) {
		t.Run(v.source+"/"+short(v.did), func(t *testing.T) {
			doc := roundTrip(t, v.doc)
			if doc.ID != v.did {
				t.Errorf("document id %q, want %q", doc.ID, v.did)
			}
			vms := vectorMethods(t, doc)
			for _, r := range doc.KeyAgreement {
				if r.Embedded != nil {
					vms = append(vms, *r.Embedded)
				}
			}
			if len(vms) == 0 {
				t.Fatalf("no verification methods")
			}
			for _, vm := range vms {
				key, err := vm.PublicKey()
				var jwk struct{ Kty, Crv string }
				if vm.PublicKeyJwk != nil {
					if err := json.Unmarshal(vm.PublicKeyJwk, &jwk); err != nil {
						t.Fatal(err)
					}
				}
				var want string
				switch {
				case strings.HasPrefix(vm.Type, "Ed25519") || jwk.Crv == "Ed25519":
					want = "ed25519"
				case strings.HasPrefix(vm.Type, "X25519") || jwk.Crv == "X25519":
					want = "x25519"
				case strings.HasPrefix(jwk.Crv, "P-"):
					want = "ecdsa"
				case jwk.Kty == "RSA":
					want = "rsa"
				default:
					want = "unsupported"
				}
				var got string
				switch key.(type) {
				case ed25519.PublicKey:
					got = "ed25519"
				case *ecdh.PublicKey:
					got = "x25519"
				case *ecdsa.PublicKey:
					got = "ecdsa"
				case *rsa.PublicKey:
					got = "rsa"
				case nil:
					if errors.Is(err, ErrUnsupportedKey) {
						got = "unsupported"
					} else {
						got = "error: " + err.Error()
					}
				}
				if got != want {
					t.Errorf("%s (%s): PublicKey gives %s, want %s", vm.ID, vm.Type, got, want)
				}
			}
		})
	}
}

// checkNISTVector resolves the DID of a P-256 or P-384 vector and checks
// the document: one Multikey method did#mb for assertionMethod, whose key
// equals every ECDSA key the vector document gives (as a JWK, or Multikey).
func checkNISTVector(t *testing.T, v keyVector) {
	t.Helper()
	doc, err := KeyResolver{}.Resolve(context.Background(), v.did)
	if err != nil {
		t.Fatal(err)
	}
	mb := strings.TrimPrefix(v.did, "did:key:")
	if len(doc.VerificationMethods) != 1 || doc.VerificationMethods[0].ID != v.did+"#"+mb || !doc.Authorizes("assertionMethod", v.did+"#"+mb) {
		t.Fatalf("document: %+v", doc)
	}
	ours, err := doc.VerificationMethods[0].PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	var vec Document
	if err := json.Unmarshal(v.doc, &vec); err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, vm := range vectorMethods(t, &vec) {
		theirs, err := vm.PublicKey()
		if err != nil {
			continue // P256Key2021 and other forms this package does not read
		}
		compared++
		if k, ok := theirs.(*ecdsa.PublicKey); !ok || !k.Equal(ours) {
			t.Errorf("%s (%s): key %T differs from the resolved one", vm.ID, vm.Type, theirs)
		}
	}
	if compared == 0 && !strings.Contains(string(v.doc), "P256Key2021") {
		t.Errorf("no key of the vector document compared")
	}
}

func short(did string) string {
	if len(did) > 24 {
		return did[:24]
	}
	return did
}

// TestKeyResolverAgainstVectors resolves the DID of every vector with
// KeyResolver and compares with the vector document. For Ed25519 DIDs it
// compares, with go-cmp, the verification method id, controller and key, the
// type when the vector uses one of our two forms, the four signature
// relationships the vector lists, and the X25519 key-agreement key. Not
// compared, deliberately:
//   - @context and the method type of 2018-style vectors (Ed25519VerificationKey2018,
//     X25519KeyAgreementKey2019, JsonWebKey2020): forms we do not produce;
//   - the key-agreement method id when its fragment is not a z6LS…
//     Multikey value (did-key-2018-db.json uses an older raw base58 fragment);
//   - where the key-agreement method sits (embedded, or in verificationMethod
//     and referenced): implementations differ, the key is what matters.
//
// Non-Ed25519 DIDs must give ErrMethodNotSupported naming the key type.
func TestKeyResolverAgainstVectors(t *testing.T) {
	ctx := context.Background()
	codecByPrefix := map[string]string{
		"zDn": "p256-pub", "z82": "p384-pub", "z2J9": "p521-pub", "zQ3s": "secp256k1-pub",
		"z6LS": "x25519-pub", "zUC7": "bls12_381-g2-pub", "z5Tc": "bls12_381-g1g2-pub",
		"z3tE": "bls12_381-g1-pub", "z4MX": "rsa-pub", "zgg": "rsa-pub",
	}
	ed25519Count, nistCount := 0, 0
	for _, v := range readKeyVectors(t) {
		t.Run(v.source+"/"+short(v.did), func(t *testing.T) {
			mb := strings.TrimPrefix(v.did, "did:key:")
			if strings.HasPrefix(mb, "zDn") || strings.HasPrefix(mb, "z82") {
				nistCount++
				checkNISTVector(t, v)
				return
			}
			if !strings.HasPrefix(mb, "z6Mk") {
				_, err := KeyResolver{}.Resolve(ctx, v.did)
				if !errors.Is(err, ErrMethodNotSupported) {
					t.Fatalf("err = %v, want ErrMethodNotSupported", err)
				}
				for prefix, name := range codecByPrefix {
					if strings.HasPrefix(mb, prefix) && !strings.Contains(err.Error(), name) {
						t.Errorf("error %q does not name %s", err, name)
					}
				}
				return
			}
			ed25519Count++
			var vec Document
			if err := json.Unmarshal(v.doc, &vec); err != nil {
				t.Fatal(err)
			}
			vmID := v.did + "#" + mb
			var vecVM *VerificationMethod
			for _, vm := range vectorMethods(t, &vec) {
				if vec.absolute(vm.ID) == vmID {
					vecVM = &vm
				}
			}
			if vecVM == nil {
				t.Fatalf("vector has no method %s", vmID)
			}
			vecKey, err := vecVM.PublicKey()
			if err != nil {
				t.Fatalf("vector key: %v", err)
			}

			for _, form := range []KeyForm{KeyFormMultikey, KeyFormEd25519VerificationKey2020} {
				doc, err := KeyResolver{Form: form, KeyAgreement: true}.Resolve(ctx, v.did)
				if err != nil {
					t.Fatalf("Resolve: %v", err)
				}
				if len(doc.VerificationMethods) != 1 {
					t.Fatalf("%d verification methods, want 1", len(doc.VerificationMethods))
				}
				ours := doc.VerificationMethods[0]
				ourKey, err := ours.PublicKey()
				if err != nil {
					t.Fatal(err)
				}
				type cmpVM struct {
					ID, Controller, Type string
					Key                  []byte
				}
				want := cmpVM{vec.absolute(vecVM.ID), vecVM.Controller, vecVM.Type, rawKey(t, vecKey)}
				got := cmpVM{ours.ID, ours.Controller, ours.Type, rawKey(t, ourKey)}
				if want.Type != "Multikey" && want.Type != "Ed25519VerificationKey2020" || want.Type != got.Type {
					want.Type, got.Type = "", "" // a form we do not produce here
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("form %d: verification method mismatch (-vector +ours):\n%s", form, diff)
				}
				for _, rel := range []string{Authentication, AssertionMethod, CapabilityInvocation, CapabilityDelegation} {
					if vec.Authorizes(rel, vmID) && !doc.Authorizes(rel, vmID) {
						t.Errorf("vector lists %s in %s, we do not", vmID, rel)
					}
					if !doc.Authorizes(rel, vmID) {
						t.Errorf("%s does not list %s", rel, vmID)
					}
				}

				// Key agreement: the vector's X25519 key equals our derived one.
				if len(vec.KeyAgreement) == 0 {
					continue
				}
				vecKA, err := vec.VerificationMethod(vec.KeyAgreement[0].id())
				if err != nil {
					// Referenced from the legacy publicKey list.
					for _, vm := range vectorMethods(t, &vec) {
						if vec.absolute(vm.ID) == vec.absolute(vec.KeyAgreement[0].id()) {
							vecKA = &vm
						}
					}
				}
				if vecKA == nil {
					t.Fatalf("vector key agreement method not found")
				}
				vecX, err := vecKA.PublicKey()
				if err != nil {
					t.Fatalf("vector key agreement key: %v", err)
				}
				ourKA, err := doc.VerificationMethod(doc.KeyAgreement[0].id())
				if err != nil {
					t.Fatal(err)
				}
				ourX, err := ourKA.PublicKey()
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(rawKey(t, vecX), rawKey(t, ourX)); diff != "" {
					t.Errorf("X25519 key mismatch (-vector +ours):\n%s", diff)
				}
				if _, frag, _ := strings.Cut(vecKA.ID, "#"); strings.HasPrefix(frag, "z6LS") {
					if diff := cmp.Diff(vec.absolute(vecKA.ID), ourKA.ID); diff != "" {
						t.Errorf("key agreement id mismatch (-vector +ours):\n%s", diff)
					}
				}
			}

			if v.seed != "" {
				seed, err := hex.DecodeString(v.seed)
				if err != nil {
					t.Fatal(err)
				}
				kp, err := keys.FromSeed(seed)
				if err != nil {
					t.Fatal(err)
				}
				if kp.Controller != v.did {
					t.Errorf("keys.FromSeed(vector seed) controller = %s, want %s", kp.Controller, v.did)
				}
			}
		})
	}
	if nistCount < 4 {
		t.Errorf("only %d P-256/P-384 vectors resolved", nistCount)
	}
	if ed25519Count < 10 {
		t.Errorf("only %d Ed25519 vectors compared", ed25519Count)
	}
}

// TestKeyResolver2020DocumentExact compares the whole document of the Digital
// Bazaar did-method-key (2020 cryptosuite) report with ours in the
// Ed25519VerificationKey2020 form with key agreement: they must be the same
// JSON value.
func TestKeyResolver2020DocumentExact(t *testing.T) {
	var report map[string]json.RawMessage
	if err := json.Unmarshal(vectors.Read(t, "didkey", "w3c-did-test-suite", "did-key-2020-db.json"), &report); err != nil {
		t.Fatal(err)
	}
	var dids []string
	if err := json.Unmarshal(report["dids"], &dids); err != nil || len(dids) == 0 {
		t.Fatalf("dids: %v", err)
	}
	for _, did := range dids {
		var e struct {
			Model struct {
				Properties any `json:"properties"`
			} `json:"didDocumentDataModel"`
		}
		if err := json.Unmarshal(report[did], &e); err != nil {
			t.Fatal(err)
		}
		doc, err := KeyResolver{Form: KeyFormEd25519VerificationKey2020, KeyAgreement: true}.Resolve(context.Background(), did)
		if err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		var got any
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(e.Model.Properties, got); diff != "" {
			t.Errorf("%s: document mismatch (-vector +ours):\n%s", did, diff)
		}
	}
}

func TestKeyResolverDefaultForm(t *testing.T) {
	pub := ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
	did := KeyDID(pub)
	mb := keys.EncodePublicKeyMultibase(pub)
	if did != "did:key:"+mb {
		t.Fatalf("KeyDID = %s", did)
	}
	doc, err := KeyResolver{}.Resolve(context.Background(), did)
	if err != nil {
		t.Fatal(err)
	}
	vmID := did + "#" + mb
	want := &Document{
		Context: []any{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"},
		ID:      did,
		VerificationMethods: []VerificationMethod{{
			ID: vmID, Type: "Multikey", Controller: did, PublicKeyMultibase: mb,
		}},
		Authentication:       []Reference{{URL: vmID}},
		AssertionMethod:      []Reference{{URL: vmID}},
		CapabilityInvocation: []Reference{{URL: vmID}},
		CapabilityDelegation: []Reference{{URL: vmID}},
	}
	if diff := cmp.Diff(want, doc); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	key, err := doc.VerificationMethods[0].PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(key) {
		t.Errorf("PublicKey = %x, want %x", key, pub)
	}

	// With key agreement in the Multikey form, the X25519 method is a
	// Multikey too.
	doc, err = KeyResolver{KeyAgreement: true}.Resolve(context.Background(), did)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.KeyAgreement) != 1 || doc.KeyAgreement[0].Embedded == nil {
		t.Fatalf("keyAgreement = %#v", doc.KeyAgreement)
	}
	ka := doc.KeyAgreement[0].Embedded
	if ka.Type != "Multikey" || !strings.HasPrefix(ka.PublicKeyMultibase, "z6LS") || ka.ID != did+"#"+ka.PublicKeyMultibase {
		t.Errorf("key agreement method = %+v", ka)
	}
	if !doc.Authorizes(KeyAgreement, "#"+ka.PublicKeyMultibase) {
		t.Errorf("keyAgreement does not authorize its method")
	}
}

// x25519Reference derives the X25519 public key the way an X25519 user of
// the same Ed25519 secret would: clamp(SHA-512(seed)[:32]) · basepoint.
func x25519Reference(t *testing.T, seed []byte) []byte {
	t.Helper()
	h := sha512.Sum512(seed)
	k, err := ecdh.X25519().NewPrivateKey(h[:32])
	if err != nil {
		t.Fatal(err)
	}
	return k.PublicKey().Bytes()
}

func TestX25519FromEd25519(t *testing.T) {
	for i := range 64 {
		seed := sha512.Sum512([]byte{byte(i)})
		priv := ed25519.NewKeyFromSeed(seed[:32])
		got, err := x25519FromEd25519(priv.Public().(ed25519.PublicKey))
		if err != nil {
			t.Fatal(err)
		}
		if want := x25519Reference(t, seed[:32]); !bytes.Equal(got, want) {
			t.Fatalf("seed %d: X25519 key %x, want %x", i, got, want)
		}
	}
}

func TestEdwardsPointValidation(t *testing.T) {
	fieldP := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	le := func(n *big.Int, sign byte) ed25519.PublicKey {
		b := n.FillBytes(make([]byte, 32))
		slices.Reverse(b)
		b[31] |= sign << 7
		return b
	}
	// Find a y for which (y²-1)/(dy²+1) is not a square: not a curve point.
	var offCurve ed25519.PublicKey
	for y := int64(2); y < 1000; y++ {
		p := le(big.NewInt(y), 0)
		if _, err := edwardsPoint(p); err != nil {
			offCurve = p
			break
		}
	}
	if offCurve == nil {
		t.Fatal("no off-curve y below 1000")
	}
	pMinus1 := new(big.Int).Sub(fieldP, big.NewInt(1))
	bad := map[string]ed25519.PublicKey{
		"off curve":                 offCurve,
		"y = p (non-canonical)":     le(fieldP, 0),
		"y = 2^255-1":               le(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(1)), 0),
		"x = 0 with sign bit (y=1)": le(big.NewInt(1), 1),
		"short":                     make([]byte, 31),
	}
	for name, p := range bad {
		if _, err := edwardsPoint(p); !errors.Is(err, keys.ErrInvalidKey) {
			t.Errorf("%s: err = %v, want ErrInvalidKey", name, err)
		}
		if len(p) == 32 {
			did := "did:key:" + keys.EncodePublicKeyMultibase(p)
			if _, err := (KeyResolver{}).Resolve(context.Background(), did); !errors.Is(err, ErrInvalidDID) || !errors.Is(err, keys.ErrInvalidKey) {
				t.Errorf("%s: Resolve err = %v, want ErrInvalidDID and keys.ErrInvalidKey", name, err)
			}
		}
	}
	// Small-order points: the identity (y = 1) and (0, -1) are curve
	// points, canonically encoded, but of small order, so refused (issue 12).
	for name, p := range map[string]ed25519.PublicKey{"identity": le(big.NewInt(1), 0), "(0, -1)": le(pMinus1, 0)} {
		if _, err := edwardsPoint(p); !errors.Is(err, keys.ErrInvalidKey) {
			t.Errorf("%s: err = %v, want ErrInvalidKey", name, err)
		}
		did := "did:key:" + keys.EncodePublicKeyMultibase(p)
		if _, err := (KeyResolver{}).Resolve(context.Background(), did); !errors.Is(err, ErrInvalidDID) || !errors.Is(err, keys.ErrInvalidKey) {
			t.Errorf("%s: Resolve err = %v, want ErrInvalidDID and keys.ErrInvalidKey", name, err)
		}
	}
	if _, err := x25519FromEd25519(le(big.NewInt(1), 0)); !errors.Is(err, keys.ErrInvalidKey) {
		t.Errorf("identity converted: err = %v", err)
	}
}

func TestKeyResolverErrors(t *testing.T) {
	ctx := context.Background()
	pub := ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
	mb := keys.EncodePublicKeyMultibase(pub)
	enc := func(parts ...[]byte) string { return "did:key:z" + base58.Encode(bytes.Join(parts, nil)) }
	tests := []struct {
		name string
		did  string
		want error
	}{
		{"not a DID", "did:key", ErrInvalidDID},
		{"DID URL", "did:key:" + mb + "#" + mb, ErrInvalidDID},
		{"other method", "did:web:example.com", ErrMethodNotSupported},
		{"versioned", "did:key:1:" + mb, ErrMethodNotSupported},
		{"not base58btc", "did:key:u7QE", ErrInvalidDID},
		{"not multibase (mattr notFound vector)", "did:key:123", ErrInvalidDID},
		{"bad base58", "did:key:z6Mk0OIl", ErrInvalidDID},
		{"short key", enc([]byte{0xed, 0x01}, pub[:31]), ErrInvalidDID},
		{"long key", enc([]byte{0xed, 0x01}, pub, []byte{0}), ErrInvalidDID},
		{"truncated varint", enc([]byte{0x80}), ErrInvalidDID},
		{"non-minimal varint", enc([]byte{0xed, 0x81, 0x00}, pub), ErrInvalidDID},
		{"unknown codec", enc([]byte{0x99, 0x01}, pub), ErrMethodNotSupported},
		{"x25519", enc([]byte{0xec, 0x01}, pub), ErrMethodNotSupported},
		{"p256 not on the curve", enc([]byte{0x80, 0x24}, []byte{2}, make([]byte, 31), []byte{1}), ErrInvalidDID},
		{"p521", enc([]byte{0x82, 0x24}, make([]byte, 67)), ErrMethodNotSupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := KeyResolver{}.Resolve(ctx, tt.did)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if doc != nil {
				t.Errorf("document returned with the error")
			}
		})
	}
	if _, err := (KeyResolver{Form: 7}).Resolve(ctx, "did:key:"+mb); !errors.Is(err, ErrMethodNotSupported) {
		t.Errorf("unknown form: err = %v", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := (KeyResolver{}).Resolve(canceled, "did:key:"+mb); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled context: err = %v", err)
	}
	_, err := KeyResolver{}.Resolve(ctx, enc([]byte{0x82, 0x24}, make([]byte, 67)))
	if err == nil || !strings.Contains(err.Error(), "p521-pub") || !strings.Contains(err.Error(), "0x1202") {
		t.Errorf("P-521 error %v does not name the key type", err)
	}
}

func BenchmarkKeyResolver(b *testing.B) {
	did := KeyDID(ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (KeyResolver{}).Resolve(ctx, did); err != nil {
			b.Fatal(err)
		}
	}
}
