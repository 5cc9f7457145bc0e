package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// commandOrder is the order of the commands in obkit's usage.
var commandOrder = []string{"keygen", "issue", "derive", "verify", "present", "canon", "did", "status", "bake", "extract", "push", "pull", "serve", "demo"}

// synopses holds each command's usage lines. README.md's command-line block
// is these, in commandOrder (TestREADMESynopsis), and every flag a command
// defines appears in them (TestHelpListsEveryFlag).
var synopses = map[string]string{
	"keygen": `obkit keygen [--type ed25519|p256|p384|rsa] [--seed HEX] [--did key|jwk] [--out FILE]
             [--did-web DOMAIN[:PATH] --did-document-out FILE]
`,
	"issue": `obkit issue --key KEY [--suite eddsa-rdfc-2022[,eddsa-jcs-2022,Ed25519Signature2020]] [--created RFC3339]
            [--format json|jwt|both] [--proof-array] [--skip-validate] [--jwt-key KEY] [--kid KID]
            [--embed-jwk] [FILE|-]
obkit issue --key P256_KEY --suite ecdsa-sd-2023 [--mandatory POINTER]... [--created RFC3339] [FILE|-]
obkit issue --key KEY --roster ROSTER.csv|.jsonl --template TEMPLATE.json --out DIR
            [--roster-format csv|jsonl] [--format json|jwt] [--suite SUITE[,SUITE...]] [--proof-array]
            [--kid KID] [--issuer-name NAME] [--created RFC3339] [--bake IMAGE] [--jobs N]
`,
	"derive": `obkit derive --reveal POINTER... [FILE|-]
`,
	"verify": `obkit verify [--json|--summary] [--now RFC3339] [--document URL=FILE]... [--did-document FILE]...
             [--recipient TYPE=VALUE] [--refresh] [--network] [--all-proofs] [--trust-embedded-keys]
             [--strict-schema] [--strict] [--allow-status-list-copies] [--registries FILE [--require-registered-issuer]]
             [--challenge C] [--domain D] [--no-challenge] [--no-domain] [--max-age DURATION]
             [--allow-unsigned] [--require-holder-binding] FILE|DIR|- ...
`,
	"present": `obkit present --key HOLDER_KEY (--challenge C | --no-challenge) (--domain D | --no-domain)
              [--suite SUITE] [--vc1] [--created RFC3339] [--expires RFC3339] [--id ID] BADGE|IMAGE|DIR...
obkit present --unsigned [--holder DID] [--vc1] [--id ID] BADGE|IMAGE|DIR...
`,
	"canon": `obkit canon [--input-nquads] [--hash sha256|sha384] [--max-work N] [FILE|-]
`,
	"did": `obkit did resolve [--did-document FILE]... [--network] DID[#fragment]|URL
`,
	"status": `obkit status new --id URL [--type bitstring|1edtech] [--purpose revocation|suspension] [--size N]
                 [--valid-from RFC3339] [--valid-until RFC3339] (--key KEY | --unsigned) [--created RFC3339]
obkit status revoke --list LIST.json (--index N | --credential-id ID [--reason TEXT]) [--key KEY] [--created RFC3339]
obkit status suspend --list LIST.json --index N [--key KEY] [--created RFC3339]
obkit status reinstate --list LIST.json (--index N | --credential-id ID) [--key KEY] [--created RFC3339]
obkit status entry --list LIST.json --index N
obkit status check [--document URL=FILE]... [--now RFC3339] CREDENTIAL.json
`,
	"bake": `obkit bake --image IMAGE.png|svg [--out OUT] CREDENTIAL|-
`,
	"extract": `obkit extract IMAGE|-
`,
	"push": `obkit push --host URL [--state FILE] BADGE|DIR...
`,
	"pull": `obkit pull --host URL [--state FILE] [--out DIR]
`,
	"serve": `obkit serve [--addr HOST:PORT] [--data DIR] [--config FILE]
`,
	"demo": `obkit demo
`,
}

// commandHelp holds what a command's --help prints after its flags.
var commandHelp = map[string]func(w io.Writer, fs *flag.FlagSet){}

// hiddenFlags names the flags kept for old scripts that --help does not
// list, as "COMMAND --flag".
var hiddenFlags = map[string]bool{
	"verify --allow-fragment-keys": true,
	"canon --nquads":               true,
}

// valueNames names the value of a flag whose usage does not (as
// `NAME` in backquotes), as the synopses do.
var valueNames = map[string]string{
	"now": "RFC3339", "created": "RFC3339", "valid-from": "RFC3339", "valid-until": "RFC3339",
	"document": "URL=FILE", "did-document": "FILE", "recipient": "TYPE=VALUE",
	"key": "KEY", "jwt-key": "KEY", "kid": "KID", "suite": "SUITE[,SUITE...]", "format": "FORMAT",
	"type": "TYPE", "seed": "HEX", "did": "METHOD", "did-web": "DOMAIN[:PATH]", "did-document-out": "FILE",
	"id": "URL", "purpose": "PURPOSE", "size": "N", "list": "LIST.json", "index": "N",
	"credential-id": "ID", "reason": "TEXT", "image": "IMAGE", "out": "FILE", "max-work": "N",
	"jobs": "N", "mandatory": "POINTER", "reveal": "POINTER", "host": "URL", "state": "FILE",
}

// globalUsage is what "obkit help" prints.
func globalUsage() string {
	var b strings.Builder
	b.WriteString("usage:\n")
	for _, c := range commandOrder {
		b.WriteString(indent(synopses[c], "  "))
	}
	b.WriteString("\nRun \"obkit help COMMAND\" (or \"obkit COMMAND --help\") for a command's flags.\n")
	return b.String()
}

// commandUsage is what a usage error of cmd prints after the error.
func commandUsage(cmd string) string {
	s, ok := synopses[cmd]
	if !ok {
		return globalUsage()
	}
	return "usage:\n" + indent(s, "  ") + fmt.Sprintf("Run \"obkit help %s\" for its flags.\n", cmd)
}

// writeHelp prints a command's synopsis and the flags of fs (nil for a
// command without flags).
func writeHelp(w io.Writer, cmd string, fs *flag.FlagSet) {
	fmt.Fprint(w, "usage:\n"+indent(synopses[cmd], "  "))
	if fs != nil {
		fmt.Fprintf(w, "\nflags of %s:\n", fs.Name())
		writeFlags(w, fs)
	}
	if extra := commandHelp[cmd]; extra != nil {
		extra(w, fs)
	}
}

// writeFlags lists the flags of fs that are not hidden, each as
// "  --name VALUE" and its description on the next line.
func writeFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		if hiddenFlags[fs.Name()+" --"+f.Name] {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		if v, ok := valueNames[f.Name]; ok && (name == "string" || name == "value" || name == "int") {
			name = v
		}
		line := "  --" + f.Name
		if name != "" {
			line += " " + strings.ToUpper(name)
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "%s\n      %s\n", line, usage)
	})
}

func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}
