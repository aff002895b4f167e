package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/sitetest"
)

// candor runs the command line in-process.
func candor(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// writeSite writes a site kept as a txtar archive into a new folder.
var writeSite = sitetest.Write

const smallSite = `
-- candor.yaml --
title: Acme Interview Guide
base_url: https://jobs.acme.example/
retention_days: 30
-- content/index.md --
---
title: Home
---
-- content/feedback/ada.md --
---
candidate: Ada Moreno
role: Backend Engineer
token: uhfumvgu6h4pq4n4pqglnh7bm3
status: withdrawn
stages: [{name: Call, date: 2026-01-05}]
strengths: [Clear reasoning]
---
`

const brokenSite = smallSite + `-- content/feedback/bo.md --
---
candidate: Bo Lind
role: Designer
token: short
status: maybe
stages: [{name: Call, date: 2026-01-05}]
strenghts: [x]
---
-- content/guide/x.md --
---
weight: 1
---
`

var brokenErrors = `content/feedback/bo.md:4: token must be at least 26 characters from a-z and 2-7 (run "candor token bo" to make a new one)
content/feedback/bo.md:5: status must be one of advancing, offer, not-selected, on-hold or withdrawn
content/feedback/bo.md:7: unknown key "strenghts"; did you mean strengths?
content/guide/x.md:1: title is required: the page's heading and its name in the navigation
`

func TestBuildCommand(t *testing.T) {
	dir := writeSite(t, smallSite)
	code, out, errs := candor(t, "build", "--source", dir, "--today", "2026-01-10")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "Built 1 public page and 1 private page into "+filepath.Join(dir, "public")) {
		t.Errorf("stdout = %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "index.html")); err != nil {
		t.Error(err)
	}

	// The same with flags before and after, and --dest.
	dest := filepath.Join(t.TempDir(), "out")
	code, out, _ = candor(t, "build", "--today=2026-03-01", "--source", dir, "--dest", dest, "--minify=false")
	if code != 0 || !strings.Contains(out, "0 private pages") || !strings.Contains(out, "Not published today: 1 expired.") {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "index.html"))
	if !bytes.Contains(page, []byte("\n<head>\n")) {
		t.Error("--minify=false still minified")
	}
}

func TestSourceDateEpoch(t *testing.T) {
	dir := writeSite(t, smallSite)
	t.Setenv("SOURCE_DATE_EPOCH", "1767960000") // 2026-01-09 12:00 UTC
	if _, out, _ := candor(t, "build", "--source", dir); !strings.Contains(out, "1 private page") {
		t.Errorf("as of SOURCE_DATE_EPOCH: %q", out)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1893456000") // 2030-01-01
	if _, out, _ := candor(t, "build", "--source", dir); !strings.Contains(out, "0 private pages") {
		t.Errorf("as of SOURCE_DATE_EPOCH in 2030: %q", out)
	}
	// --today wins.
	if _, out, _ := candor(t, "build", "--source", dir, "--today", "2026-01-10"); !strings.Contains(out, "1 private page") {
		t.Errorf("--today did not win: %q", out)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	if code, _, errs := candor(t, "build", "--source", dir); code != 2 || !strings.Contains(errs, "SOURCE_DATE_EPOCH must be a number") {
		t.Errorf("exit %d, %q", code, errs)
	}
}

func TestContentErrors(t *testing.T) {
	for _, cmd := range []string{"build", "check"} {
		t.Run(cmd, func(t *testing.T) {
			dir := writeSite(t, brokenSite)
			code, out, errs := candor(t, cmd, "--source", dir, "--today", "2026-01-10")
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if errs != brokenErrors {
				t.Errorf("stderr:\n%s\nwant:\n%s", errs, brokenErrors)
			}
			if out != "" {
				t.Errorf("stdout = %q", out)
			}
			if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
				t.Error("something was written")
			}
		})
	}
}

func TestCheckWritesNothing(t *testing.T) {
	dir := writeSite(t, smallSite)
	before := tree(t, dir)
	code, out, errs := candor(t, "check", "--source", dir, "--today", "2026-01-10")
	if code != 0 || errs != "" || !strings.Contains(out, "All good") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if after := tree(t, dir); after != before {
		t.Errorf("check changed the site:\n%s\n%s", before, after)
	}
}

func tree(t *testing.T, dir string) string {
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		b.WriteString(p + "\n")
		return nil
	})
	return b.String()
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		stdout   string // a substring
		stderr   string // a substring
		noStdout bool
	}{
		{args: nil, code: 2, stderr: "Usage:"},
		{args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`},
		{args: []string{"build", "--bogus"}, code: 2, stderr: "flag provided but not defined: -bogus"},
		{args: []string{"build", "extra"}, code: 2, stderr: `takes no arguments, not "extra"`},
		{args: []string{"status", "--format", "xml"}, code: 2, stderr: "Usage: candor status [--format table|json] [--fail-overdue]\n"},
		{args: []string{"version", "now"}, code: 2, stderr: "Usage: candor version\n"},
		{args: []string{"build", "--today", "2026-13-01"}, code: 2, stderr: `--today must be a date written YYYY-MM-DD, not "2026-13-01"`},
		{args: []string{"check", "--today", "tomorrow"}, code: 2, stderr: "--today must be a date"},
		{args: []string{"build", "-h"}, code: 0, stdout: "Usage: candor build [--drafts] [--minify=false]"},
		{args: []string{"check", "--help"}, code: 0, stdout: "Example:\n  candor check"},
		{args: []string{"help", "build"}, code: 0, stdout: "-minify"},
		{args: []string{"help"}, code: 0, stdout: "Commands:"},
		{args: []string{"version"}, code: 0, stdout: "candor devel\n"},
		{args: []string{"--version"}, code: 0, stdout: "candor devel\n"},
		{args: []string{"version", "x"}, code: 2, stderr: "takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errs := candor(t, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errs, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, errs, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// TestBinary runs the real candor program, as CI and recruiters do.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "candor")
	if out, err := exec.Command("go", "build", "-ldflags", "-X main.version=9.9.9", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || string(out) != "candor 9.9.9\n" {
		t.Errorf("version: %q, %v", out, err)
	}

	dir := writeSite(t, smallSite)
	cmd := exec.Command(bin, "build", "--today", "2026-01-10")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "robots.txt")); err != nil {
		t.Error(err)
	}

	broken := writeSite(t, brokenSite)
	cmd = exec.Command(bin, "check", "--source", broken)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Errorf("check of a broken site: %v, want exit status 1", err)
	}
	if stderr.String() != brokenErrors {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), brokenErrors)
	}
}

func day(t *testing.T, s string) content.Date {
	d, _, _ := content.ParseDate(s)
	return d
}

// TestVersionSaysWhatItWasBuiltFrom: the version on the first line, then
// the commit and its date, as a release build stamps them.
func TestVersionSaysWhatItWasBuiltFrom(t *testing.T) {
	v, c, d := version, commit, date
	t.Cleanup(func() { version, commit, date = v, c, d })
	version, commit, date = "1.4.2", "13081a1711a0bf58485f5d04c4a55f2625db9f3d", "2026-12-01T17:30:06Z"
	code, out, _ := candor(t, "version")
	want := "candor 1.4.2\ncommit 13081a1711a0bf58485f5d04c4a55f2625db9f3d\ncommit date 2026-12-01T17:30:06Z\n"
	if code != 0 || out != want {
		t.Errorf("exit %d:\n%s\nwant:\n%s", code, out, want)
	}
}
