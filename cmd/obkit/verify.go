package main

import (
	"context"
	"fmt"
	"time"

	"github.com/obkit/obkit/verify"
)

func (e *env) verify(ctx context.Context, args []string) error {
	fs := newFlags("verify")
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	nowFlag := fs.String("now", "", "verify as of this time, RFC 3339 (default: now)")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) == 0 {
		return usagef("verify: no input files")
	}
	var now time.Time
	if *nowFlag != "" {
		if now, err = time.Parse(time.RFC3339, *nowFlag); err != nil {
			return usagef("--now: %v", err)
		}
	}
	type fileReport struct {
		File string `json:"file"`
		*verify.Report
	}
	var reports []fileReport
	allOK := true
	for _, name := range operands {
		data, _, err := e.readInput([]string{name})
		if err != nil {
			return err
		}
		r := verify.Verify(ctx, data, &verify.Options{Now: now})
		allOK = allOK && r.Verified
		reports = append(reports, fileReport{File: name, Report: r})
		if !*asJSON {
			fmt.Fprintf(e.stdout, "%s: %s", name, r)
		}
	}
	if *asJSON {
		var v any = reports
		if len(reports) == 1 {
			v = reports[0]
		}
		if err := writeJSON(e.stdout, v); err != nil {
			return err
		}
	}
	if !allOK {
		return &exitError{1}
	}
	return nil
}
