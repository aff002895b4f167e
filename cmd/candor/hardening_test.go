package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/candor-feedback/candor/internal/corpus"
)

// TestCSVIsSpreadsheetSafe: a candidate whose name is a formula gets a
// cell a spreadsheet shows as text, not one it runs.
func TestCSVIsSpreadsheetSafe(t *testing.T) {
	site := strings.Replace(smallSite, "candidate: Ada Moreno", `candidate: '=CONCATENATE("row 2 link: ";E2)'`, 1)
	site = strings.Replace(site, "status: withdrawn", "status: withdrawn\nemail: '+1@mail.example'", 1)
	dir := writeSite(t, site)
	code, out, errs := candor(t, "urls", "--source", dir, "--today", "2026-01-10", "--format", "csv")
	if code != 0 {
		t.Fatalf("urls: %d %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%v: %q", err, out)
	}
	if got := rows[1][1]; got != `'=CONCATENATE("row 2 link: ";E2)` {
		t.Errorf("candidate cell %q", got)
	}
	if got := rows[1][2]; got != "'+1@mail.example" {
		t.Errorf("email cell %q", got)
	}
	for _, tt := range []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"+1", "'+1"}, {"-1", "'-1"}, {"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"}, {"\rx", "'\rx"}, {"Ada", "Ada"}, {"", ""},
	} {
		if got := spreadsheetSafe(tt.in); got != tt.want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTerminalOutputIsEscaped: what a site's files hold reaches the
// terminal with its control characters written out.
func TestTerminalOutputIsEscaped(t *testing.T) {
	site := strings.Replace(smallSite, "candidate: Ada Moreno", `candidate: "Ada\nAll good: 9 public pages checked."`, 1)
	dir := writeSite(t, site)
	for _, args := range [][]string{{"status"}, {"urls"}} {
		code, out, _ := candor(t, append(args, "--source", dir, "--today", "2026-01-10")...)
		if code != 0 || strings.Contains(out, "\nAll good") || !strings.Contains(out, `Ada\u000aAll`) {
			t.Errorf("%s: %d\n%s", args[0], code, out)
		}
	}
	if got := terminalSafe("a\x1b]0;title\x07b\x1b[2Jc\u202ed"); got != `a\u001b]0;title\u0007b\u001b[2Jc\u202ed` {
		t.Errorf("terminalSafe = %q", got)
	}
}

// TestSignalStopsBuild: a build sent SIGTERM or SIGINT while it runs
// stops, exits 143 or 130, leaves the output it replaces as it was, and
// leaves no temporary folder.
func TestSignalStopsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := binary(t)
	src := filepath.Join(t.TempDir(), "site")
	if err := corpus.Write(src, 4000); err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	if out, err := exec.Command(bin, "build", "--source", src, "--dest", dest, "--today", corpus.Today).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	before := files(t, dest)
	for _, tt := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		cmd := exec.Command(bin, "build", "--source", src, "--dest", dest, "--today", corpus.Today)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Signal once the build is writing its fresh tree.
		for deadline := time.Now().Add(20 * time.Second); ; {
			if m, _ := filepath.Glob(filepath.Join(parent, ".candor-*", "f")); len(m) > 0 {
				break
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatal("the build never started writing")
			}
			time.Sleep(5 * time.Millisecond)
		}
		sent := time.Now()
		cmd.Process.Signal(tt.sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-time.After(30 * time.Second): // a hang, not a speed test
			cmd.Process.Kill()
			t.Fatalf("%v: the build did not stop", tt.sig)
		}
		t.Logf("%v: stopped %v after the signal", tt.sig, time.Since(sent).Round(time.Millisecond))
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != tt.code {
			t.Errorf("%v: %v, want exit status %d; stderr:\n%s", tt.sig, err, tt.code, stderr.String())
		}
		if !maps.Equal(files(t, dest), before) {
			t.Errorf("%v: the stopped build changed the output", tt.sig)
		}
		if m, _ := filepath.Glob(filepath.Join(parent, ".candor-*")); len(m) > 0 {
			t.Errorf("%v: left %q", tt.sig, m)
		}
	}
}

// files is every file below dir, by path, with its time.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			files[p] = info.ModTime().String() + " " + info.Name()
		}
		return nil
	})
	return files
}

// TestStatusShowsAllow: status names the files that carry an allow:, in
// the table and in JSON.
func TestStatusShowsAllow(t *testing.T) {
	site := strings.Replace(smallSite, "status: withdrawn", "status: withdrawn\nallow: [fit]", 1)
	dir := writeSite(t, site)
	code, out, _ := candor(t, "status", "--source", dir, "--today", "2026-01-10")
	if code != 0 || !strings.Contains(out, "Guardrail findings a reviewer accepted (allow:): ada (fit).") {
		t.Errorf("table: %d\n%s", code, out)
	}
	code, out, _ = candor(t, "status", "--source", dir, "--today", "2026-01-10", "--format", "json")
	if code != 0 || !strings.Contains(out, `"allow": [
      "fit"
    ]`) {
		t.Errorf("json: %d\n%s", code, out)
	}
}

// TestExampleBaseURLWarns: links to an example address lead nowhere.
func TestExampleBaseURLWarns(t *testing.T) {
	dir := writeSite(t, strings.Replace(smallSite, "https://jobs.acme.example/", "https://careers.example.com/", 1))
	code, out, errs := candor(t, "urls", "--source", dir, "--today", "2026-01-10")
	if code != 0 || !strings.Contains(out, "https://careers.example.com/f/") ||
		errs != "candor.yaml:2: warning: base_url is still an example address, so these links lead nowhere: set it to the address the site is published at\n" {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	dir = writeSite(t, smallSite)
	if _, _, errs := candor(t, "urls", "--source", dir, "--today", "2026-01-10"); errs != "" {
		t.Errorf("a real address warns: %q", errs)
	}
}

// TestNewWarnsOfDates: a stage date typed for "candor new" that is ahead,
// or so far back that the page has expired, is pointed out.
func TestNewWarnsOfDates(t *testing.T) {
	dir := writeSite(t, configOnly)
	for _, tt := range []struct{ id, date, want string }{
		{"ahead", "2026-03-10", "content/feedback/ahead.md:11: warning: the stage's date 2026-03-10 is after today (2026-03-02): is it right? The feedback deadline counts from it\n"},
		{"gone", "2025-03-02", "content/feedback/gone.md:11: warning: the stage's date 2025-03-02 is more than retention_days (180) ago, so the page expired on 2025-08-29 and will never be published: is the date right?\n"},
		{"fine", "2026-02-27", ""},
	} {
		code, _, errs := candor(t, "new", tt.id, "--candidate", "Ada Moreno", "--role", "R", "--date", tt.date, "--today", "2026-03-02", "--source", dir)
		if code != 0 || errs != tt.want {
			t.Errorf("%s: exit %d, stderr %q, want %q", tt.id, code, errs, tt.want)
		}
	}
}

// TestNewcomersMistakes: a misspelt command names the closest one; a port
// in use says what to do; a preview open to the network says what it
// shows.
func TestNewcomersMistakes(t *testing.T) {
	if code, _, errs := candor(t, "bulid"); code != exitUsage || !strings.HasPrefix(errs, "candor: unknown command \"bulid\"; did you mean build?\n") {
		t.Errorf("bulid: %d %q", code, errs)
	}
	dir := writeSite(t, smallSite)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, errs := candor(t, "serve", "--source", dir, "--today", "2026-01-10", "--addr", ln.Addr().String())
	if code != exitContent || !strings.Contains(errs, "another program (perhaps another candor serve) uses that port; stop it, or choose another port with --addr") {
		t.Errorf("a port in use: %d %q", code, errs)
	}
	if got := exposed("0.0.0.0:1313", false); got != "Warning: listening on 0.0.0.0:1313, not only on this computer: anyone who can reach it can read every published candidate's page." {
		t.Errorf("without drafts: %q", got)
	}
	if got := exposed("0.0.0.0:1313", true); !strings.HasSuffix(got, "every candidate's page, drafts included.") {
		t.Errorf("with drafts: %q", got)
	}
}

// TestStatusShowsIdsWhole: status prints each id whole, as candor token
// takes it, whatever its length.
func TestStatusShowsIdsWhole(t *testing.T) {
	long := "ada-moreno-backend-engineer-spring"
	dir := writeSite(t, strings.Replace(smallSite, "content/feedback/ada.md", "content/feedback/"+long+".md", 1))
	code, out, _ := candor(t, "status", "--source", dir, "--today", "2026-01-10")
	if code != 0 || !strings.Contains(out, long+"  ") {
		t.Errorf("%d\n%s", code, out)
	}
}
