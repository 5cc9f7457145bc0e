package architecture_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/obkit/obkit"

// root returns the module's root directory.
func root(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller")
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// allowed reads the "Allowed imports" section of ARCHITECTURE.md: each
// package (relative to the module) and the obkit packages it may import.
func allowed(t *testing.T, dir string) map[string][]string {
	f, err := os.Open(filepath.Join(dir, "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]string{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = line == "## Allowed imports"
			continue
		}
		item, ok := strings.CutPrefix(line, "- ")
		if !in || !ok {
			continue
		}
		pkg, list, ok := strings.Cut(item, ":")
		if !ok {
			t.Fatalf("ARCHITECTURE.md: %q is not \"- pkg: imports\"", line)
		}
		pkg = strings.Trim(strings.TrimSpace(pkg), "`")
		if _, dup := out[pkg]; dup {
			t.Errorf("ARCHITECTURE.md lists %s twice", pkg)
		}
		out[pkg] = nil
		for _, imp := range strings.Split(list, ",") {
			if imp = strings.Trim(strings.TrimSpace(imp), "`"); imp != "" {
				out[pkg] = append(out[pkg], imp)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal(`ARCHITECTURE.md has no "## Allowed imports" list`)
	}
	return out
}

// TestImports derives the real import graph with go list and checks every
// package's imports of obkit packages against ARCHITECTURE.md.
func TestImports(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := root(t)
	rules := allowed(t, dir)
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(strings.TrimPrefix(fields[0], module), "/")
		seen[pkg] = true
		var own []string
		for _, imp := range fields[1:] {
			if rel, ok := strings.CutPrefix(imp, module+"/"); ok {
				own = append(own, rel)
			}
		}
		if strings.HasPrefix(pkg, "examples/") {
			for _, imp := range own {
				if strings.HasPrefix(imp, "internal/") || strings.Contains(imp, "/internal/") {
					t.Errorf("%s imports %s: examples use the public API only", pkg, imp)
				}
			}
			continue
		}
		list, ok := rules[pkg]
		if !ok {
			t.Errorf("%s is not in ARCHITECTURE.md's allowed imports", pkg)
			continue
		}
		for _, imp := range own {
			if !slices.Contains(list, imp) {
				t.Errorf("%s imports %s, which ARCHITECTURE.md does not allow", pkg, imp)
			}
		}
	}
	for pkg := range rules {
		if !seen[pkg] && !bytes.Contains(out, []byte(module+"/"+pkg+" ")) {
			t.Logf("ARCHITECTURE.md lists %s, which does not exist (yet)", pkg)
		}
	}
}

// TestNoCycles checks that the allowed imports themselves form no cycle, so
// that the document states a one-way flow.
func TestNoCycles(t *testing.T) {
	rules := allowed(t, root(t))
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(p string, path []string)
	visit = func(p string, path []string) {
		switch state[p] {
		case 1:
			t.Errorf("the allowed imports have a cycle: %s", strings.Join(append(path, p), " → "))
			return
		case 2:
			return
		}
		state[p] = 1
		for _, q := range rules[p] {
			visit(q, append(path, p))
		}
		state[p] = 2
	}
	for p := range rules {
		visit(p, nil)
	}
}
