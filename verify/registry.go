package verify

import (
	"context"
	"fmt"
	"strings"

	"github.com/obkit/obkit/registry"
)

// CheckRegisteredIssuer is the ID of the check that the issuer is listed in
// one of Options.Registries.
const CheckRegisteredIssuer = "registered_issuer"

// checkRegisteredIssuer looks the issuer up in Options.Registries (when any
// are configured), after the proof checks: who the issuer is matters once
// the signature shows that the issuer signed. The lookup goes through
// Documents and Fetcher like every other document. Not being registered is a
// warning, and so is a lookup that no registry could answer; under
// Options.RequireRegisteredIssuer both fail, and so does a credential whose
// issuer no verified signature establishes (a VC-JWT verified with its own
// jwk header, for one), whose check is otherwise skipped.
func (v *verifier) checkRegisteredIssuer(ctx context.Context, proofsOK bool) {
	if len(v.opts.Registries) == 0 {
		return
	}
	// Under RequireRegisteredIssuer, an issuer that is not established
	// cannot be shown to be registered: that fails.
	notEstablished := func(why string) {
		if v.opts.RequireRegisteredIssuer {
			v.fail(CheckRegisteredIssuer, nil, CodeIssuerNotRegistered, why)
			return
		}
		v.skip(CheckRegisteredIssuer, nil, why)
	}
	if !proofsOK {
		notEstablished("no signature by a key of the issuer verified, so the issuer is not established")
		return
	}
	if v.report.Issuer == "" {
		notEstablished("the credential has no issuer id")
		return
	}
	var f registry.Options
	f.Now, f.ClockSkew, f.Documents = v.opts.Now, v.opts.ClockSkew, v.opts.Documents
	if v.opts.Fetcher != nil {
		f.Fetcher = v.opts.Fetcher
	}
	res := registry.Lookup(ctx, v.opts.Registries, v.report.Issuer, &f)
	v.report.Registry = res

	var unchecked []string
	for _, u := range res.Unchecked {
		unchecked = append(unchecked, fmt.Sprintf("%s (%s)", u.Registry, u.Reason))
	}
	switch {
	case res.Registered():
		var in []string
		for _, e := range res.Entries {
			in = append(in, e.Registry)
		}
		msg := fmt.Sprintf("%q, in %s", res.DisplayName(), strings.Join(in, ", "))
		if len(unchecked) > 0 {
			msg += fmt.Sprintf("; %d registr%s not checked", len(unchecked), plural(len(unchecked), "y", "ies"))
		}
		v.pass(CheckRegisteredIssuer, nil, msg)
	case res.Checked == 0:
		v.warnOrFail(CheckRegisteredIssuer, CodeRegistryUnavailable, "no registry could be checked: "+strings.Join(unchecked, "; "))
	default:
		detail := fmt.Sprintf("%s is not listed in the %d registr%s checked", v.report.Issuer, res.Checked, plural(res.Checked, "y", "ies"))
		if len(unchecked) > 0 {
			detail += "; not checked: " + strings.Join(unchecked, "; ")
		}
		v.warnOrFail(CheckRegisteredIssuer, CodeIssuerNotRegistered, detail)
	}
}

// issuerEstablished reports whether the issuer checks made so far bind the
// signing key to the issuer: at least one, and none failed or skipped.
func (v *verifier) issuerEstablished() bool {
	n := 0
	for _, c := range v.report.Checks {
		if c.ID != CheckIssuer {
			continue
		}
		if c.Status == Failed || c.Status == Skipped {
			return false
		}
		n++
	}
	return n > 0
}

// warnOrFail adds a warning, or a failure under RequireRegisteredIssuer.
func (v *verifier) warnOrFail(id string, code Code, detail string) {
	if v.opts.RequireRegisteredIssuer {
		v.fail(id, nil, code, detail)
		return
	}
	v.warn(id, code, detail)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeRegistry writes the registry result as lines: each registry listing
// the issuer, then each one not checked.
func writeRegistry(b *strings.Builder, indent string, res *registry.Result) {
	for _, e := range res.Entries {
		fmt.Fprintf(b, "%sregistry %s: %s", indent, e.Registry, e.Name)
		var more []string
		for _, s := range []string{e.URL, e.Location} {
			if s != "" {
				more = append(more, s)
			}
		}
		if len(more) > 0 {
			fmt.Fprintf(b, " (%s)", strings.Join(more, ", "))
		}
		b.WriteByte('\n')
	}
	for _, u := range res.Unchecked {
		fmt.Fprintf(b, "%sregistry %s: not checked: %s\n", indent, u.Registry, u.Reason)
	}
}
