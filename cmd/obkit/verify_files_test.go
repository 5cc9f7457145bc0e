package main

import (
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/obkit/obkit/verify"
)

// TestVerifyFilesOrder checks that obkit verify's files are verified at once
// on several goroutines and reported in the order given, the slow and the
// fast alike.
func TestVerifyFilesOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	files := make([]string, 200)
	for i := range files {
		files[i] = fmt.Sprintf("f%03d", i)
	}
	var running, most atomic.Int32
	check := func(name string, out io.Writer) fileReport {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		if name[len(name)-1]%3 == 0 {
			time.Sleep(time.Millisecond)
		}
		running.Add(-1)
		fmt.Fprintf(out, "%s\n", name)
		return fileReport{File: name, Report: &verify.Report{Verified: name != "f007"}}
	}
	i := 0
	for res := range verifyFiles(files, check) {
		if res.report.File != files[i] || string(res.text) != files[i]+"\n" {
			t.Fatalf("result %d is %q (%q), want %q", i, res.report.File, res.text, files[i])
		}
		if res.report.Report.Verified != (files[i] != "f007") {
			t.Fatalf("result %d has another file's verdict", i)
		}
		i++
	}
	if i != len(files) {
		t.Fatalf("%d results for %d files", i, len(files))
	}
	if most.Load() < 2 {
		t.Errorf("at most %d file verified at once with GOMAXPROCS 4", most.Load())
	}
	// One CPU: one at a time, still in order.
	runtime.GOMAXPROCS(1)
	i = 0
	for res := range verifyFiles(files[:5], check) {
		if res.report.File != files[i] {
			t.Fatalf("GOMAXPROCS 1: result %d is %q", i, res.report.File)
		}
		i++
	}
}
