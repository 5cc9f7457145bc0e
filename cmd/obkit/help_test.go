package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
)

// helpInvocations are the commands whose --help lists flags, with the
// command whose synopsis documents them.
var helpInvocations = []struct {
	args     []string
	synopsis string
}{
	{[]string{"keygen"}, "keygen"},
	{[]string{"issue"}, "issue"},
	{[]string{"issue", "--roster", "x.csv"}, "issue"},
	{[]string{"verify"}, "verify"},
	{[]string{"canon"}, "canon"},
	{[]string{"did", "resolve"}, "did"},
	{[]string{"status", "new"}, "status"},
	{[]string{"status", "revoke"}, "status"},
	{[]string{"status", "suspend"}, "status"},
	{[]string{"status", "reinstate"}, "status"},
	{[]string{"status", "entry"}, "status"},
	{[]string{"status", "check"}, "status"},
	{[]string{"bake"}, "bake"},
	{[]string{"extract"}, "extract"},
	{[]string{"demo"}, "demo"},
}

var flagLine = regexp.MustCompile(`(?m)^  --([a-z0-9-]+)`)

// TestHelpListsEveryFlag runs "obkit CMD --help" for every command: it
// exits 0 and prints the synopsis, and every flag it lists appears in the
// command's synopsis (hence in README.md, see TestREADMESynopsis).
func TestHelpListsEveryFlag(t *testing.T) {
	for _, c := range helpInvocations {
		for _, h := range []string{"--help", "-h"} {
			args := append(append([]string{}, c.args...), h)
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), args, nil, &stdout, &stderr); code != 0 || stderr.Len() > 0 {
				t.Errorf("obkit %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr.String())
				continue
			}
			out := stdout.String()
			syn := synopses[c.synopsis]
			if !strings.Contains(out, indent(syn, "  ")) {
				t.Errorf("obkit %s: the synopsis of %s is missing:\n%s", strings.Join(args, " "), c.synopsis, out)
			}
			for _, m := range flagLine.FindAllStringSubmatch(out, -1) {
				if !regexp.MustCompile(`--` + regexp.QuoteMeta(m[1]) + `\b([^-]|$)`).MatchString(syn) {
					t.Errorf("obkit %s lists --%s, which the synopsis of %s does not show", strings.Join(args, " "), m[1], c.synopsis)
				}
			}
		}
	}
}

// TestHelpCommand checks "obkit help", "obkit help CMD" and the usage of a
// usage error (that command's usage only, exit 2).
func TestHelpCommand(t *testing.T) {
	obkit := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, nil, &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	code, out, _ := obkit("help")
	for _, c := range commandOrder {
		if !strings.Contains(out, indent(synopses[c], "  ")) {
			t.Errorf("obkit help: no synopsis of %s", c)
		}
	}
	if code != 0 {
		t.Errorf("obkit help: exit %d", code)
	}
	for _, c := range commandOrder {
		code, out, errOut := obkit("help", c)
		if code != 0 || !strings.HasPrefix(out, "usage:\n"+indent(synopses[c], "  ")) || errOut != "" {
			t.Errorf("obkit help %s: exit %d, stdout %q, stderr %q", c, code, out, errOut)
		}
	}
	code, out, errOut := obkit("canon", "--hash", "md5")
	if code != 2 || out != "" || !strings.HasSuffix(errOut, commandUsage("canon")) || strings.Contains(errOut, "obkit verify") {
		t.Errorf("canon usage error: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestREADMESynopsis checks that README.md's command-line block is the
// synopses of the commands, so that README and --help cannot disagree.
func TestREADMESynopsis(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, c := range commandOrder {
		want.WriteString(synopses[c])
	}
	if !strings.Contains(string(readme), "\n```\n"+want.String()+"```\n") {
		t.Errorf("README.md has no command-line block equal to the synopses; it should read:\n```\n%s```", want.String())
	}
}
