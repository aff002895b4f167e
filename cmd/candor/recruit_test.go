package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/candor-feedback/candor/internal/build"
	"github.com/candor-feedback/candor/internal/token"
)

const configOnly = `
-- candor.yaml --
title: Acme Interview Guide
base_url: https://jobs.acme.example/
-- content/index.md --
---
title: Home
---
`

func TestNew(t *testing.T) {
	dir := writeSite(t, configOnly)
	// Flags after the ID, and before it: the same.
	for _, args := range [][]string{
		{"new", "ada-moreno", "--candidate", "Ada Moreno", "--role", "Backend Engineer", "--source", dir, "--today", "2026-03-02"},
		{"new", "--candidate", `Seán "Jo" O'Brien: Jr`, "--source", dir, "--role", "true", "bo-obrien", "--stage", "Team day", "--date", "2026-02-27", "--today", "2026-03-02"},
	} {
		code, out, errs := candor(t, args...)
		if code != 0 || errs != "" {
			t.Fatalf("%v: exit %d, %q", args, code, errs)
		}
		if !strings.HasSuffix(strings.TrimSpace(out), ".md") {
			t.Errorf("stdout = %q, want the path", out)
		}
	}
	// Both pass check, as drafts, and keep what was given.
	if code, _, errs := candor(t, "check", "--source", dir, "--today", "2026-03-02"); code != 0 {
		t.Fatalf("check: %d %s", code, errs)
	}
	site, err := build.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Feedback) != 2 {
		t.Fatalf("%d candidates", len(site.Feedback))
	}
	ada, bo := site.Feedback[0], site.Feedback[1]
	if !ada.Draft || ada.Candidate != "Ada Moreno" || ada.Role != "Backend Engineer" ||
		len(ada.Stages) != 1 || ada.Stages[0].Name != "Interview" || ada.Stages[0].Date.String() != "2026-03-02" {
		t.Errorf("ada = %+v", ada)
	}
	if bo.Candidate != `Seán "Jo" O'Brien: Jr` || bo.Role != "true" || bo.Stages[0].Name != "Team day" || bo.Stages[0].Date.String() != "2026-02-27" {
		t.Errorf("bo = %+v", bo)
	}
	if len(ada.Token) < 32 || !token.Valid(ada.Token) || ada.Token == bo.Token {
		t.Errorf("tokens %q, %q: want fresh 160-bit tokens", ada.Token, bo.Token)
	}

	// Never overwrites.
	path := filepath.Join(dir, "content", "feedback", "ada-moreno.md")
	before, _ := os.ReadFile(path)
	code, _, errs := candor(t, "new", "ada-moreno", "--candidate", "X", "--role", "Y", "--source", dir)
	if code != 1 || !strings.Contains(errs, "exists already") {
		t.Errorf("exit %d, %q", code, errs)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("new overwrote a file")
	}
}

// TestNewRefusesNamesWindowsRefuses: candor new con would write a file a
// colleague on Windows cannot check out.
func TestNewRefusesNamesWindowsRefuses(t *testing.T) {
	dir := writeSite(t, smallSite)
	code, _, errs := candor(t, "new", "con", "--candidate", "Con Ray", "--role", "Analyst", "--source", dir)
	if code != 2 || !strings.Contains(errs, `"con" is a name Windows keeps for itself`) {
		t.Errorf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "feedback", "con.md")); err == nil {
		t.Error("wrote con.md")
	}
}

func TestNewUsage(t *testing.T) {
	dir := writeSite(t, configOnly)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"new", "Ada Moreno", "--candidate", "A", "--role", "R"}, 2, "ID must be lower-case letters"},
		{[]string{"new", "../escape", "--candidate", "A", "--role", "R"}, 2, "ID must be lower-case letters"},
		{[]string{"new", "ada", "--role", "R"}, 2, "--candidate and --role are required"},
		{[]string{"new", "--candidate", "A", "--role", "R"}, 2, "needs an ID"},
		{[]string{"new", "ada", "--candidate", "A", "--role", "R", "--date", "2 March"}, 2, "--date must be a date"},
		{[]string{"new", "ada", "--candidate", "A", "--role", "R", "--source", t.TempDir()}, 1, "no candor.yaml in"},
	}
	for _, tt := range tests {
		args := tt.args
		if !slices_contains(args, "--source") {
			args = append(args, "--source", dir)
		}
		code, _, errs := candor(t, args...)
		if code != tt.code || !strings.Contains(errs, tt.msg) {
			t.Errorf("%v: exit %d, %q; want %d, %q", tt.args, code, errs, tt.code, tt.msg)
		}
	}
}

func slices_contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

const oldToken = "uhfumvgu6h4pq4n4pqglnh7bm3"

func TestToken(t *testing.T) {
	files := map[string]string{
		"yaml": "---\n# Ada's feedback\ncandidate: Ada Moreno   # keep\nrole: R\ntoken: " + oldToken + "  # the link\nstatus: withdrawn\nstages: [{name: Call, date: 2026-01-05}]\nstrengths: [Clear]\n---\n\nBody mentions " + oldToken + ".\n",
		"toml": "+++\n# Ada\ncandidate = \"Ada Moreno\"\nrole = \"R\"\ntoken = \"" + oldToken + "\"\nstatus = \"withdrawn\"\nstrengths = [\"Clear\"]\nsealed = true\n\n[[stages]]\nname = \"Call\"\ndate = 2026-01-05\n+++\n",
		"json": "{\n  \"candidate\": \"Ada Moreno\",\n  \"token\":\"" + oldToken + "\",\n  \"role\": \"R\",\n  \"status\": \"withdrawn\",\n  \"stages\": [{\"name\": \"Call\", \"date\": \"2026-01-05\"}],\n  \"strengths\": [\"Clear\"]\n}\n",
	}
	for format, src := range files {
		t.Run(format, func(t *testing.T) {
			dir := writeSite(t, configOnly)
			path := filepath.Join(dir, "content", "feedback", "ada.md")
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
				t.Fatal(err)
			}
			code, out, errs := candor(t, "token", "ada", "--source", dir)
			if code != 0 {
				t.Fatalf("exit %d, %s", code, errs)
			}
			got, _ := os.ReadFile(path)
			m := regexp.MustCompile(`[a-z2-7]{32}`).Find(got)
			if m == nil || string(m) == oldToken {
				t.Fatalf("no new token in\n%s", got)
			}
			// Byte for byte the same, but the token's value.
			if want := strings.Replace(src, oldToken, string(m), 1); string(got) != want {
				t.Errorf("file is\n%q\nwant\n%q", got, want)
			}
			wantURL := "https://jobs.acme.example/f/" + token.PathID(string(m)) + "/"
			if format == "toml" { // sealed: the key rides in the fragment
				wantURL += "#" + token.Fragment(string(m))
			}
			if !strings.Contains(out, wantURL+"\n") {
				t.Errorf("stdout %q lacks %s", out, wantURL)
			}
			if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
				t.Errorf("mode %v, want the file's own 0600", info.Mode().Perm())
			}
			if code, _, errs := candor(t, "check", "--source", dir, "--today", "2026-01-10"); code != 0 {
				t.Errorf("check after token: %s", errs)
			}
		})
	}
}

func TestTokenFixesABadToken(t *testing.T) {
	dir := writeSite(t, configOnly+"-- content/feedback/ada.md --\n---\ncandidate: Ada\nrole: R\ntoken: tooshort\nstatus: withdrawn\nstages: [{name: Call, date: 2026-01-05}]\nstrengths: [x]\n---\n")
	if code, _, _ := candor(t, "check", "--source", dir); code != 1 {
		t.Fatal("a short token passed check")
	}
	if code, _, errs := candor(t, "token", "ada", "--source", dir); code != 0 {
		t.Fatalf("token: %s", errs)
	}
	if code, _, errs := candor(t, "check", "--source", dir, "--today", "2026-01-10"); code != 0 {
		t.Errorf("check: %s", errs)
	}
}

func TestTokenErrors(t *testing.T) {
	dir := writeSite(t, configOnly+"-- content/feedback/bo.md --\n---\ncandidate: Bo\n---\n")
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"token"}, 2, "needs an ID"},
		{[]string{"token", "Ada"}, 2, "ID must be"},
		{[]string{"token", "ada"}, 1, `no candidate "ada": there is no content/feedback/ada.md`},
		{[]string{"token", "bo"}, 1, "content/feedback/bo.md:1: has no token to replace"},
	}
	for _, tt := range tests {
		code, _, errs := candor(t, append(tt.args, "--source", dir)...)
		if code != tt.code || !strings.Contains(errs, tt.msg) {
			t.Errorf("%v: exit %d, %q; want %d, %q", tt.args, code, errs, tt.code, tt.msg)
		}
	}
}

// statusSite has a promise of 5 days: a stage on 2026-03-02 is due on
// 2026-03-07.
const statusSite = `
-- candor.yaml --
title: Acme
base_url: https://jobs.acme.example/
feedback_sla_days: 5
retention_days: 60
-- content/index.md --
---
title: Home
---
-- content/feedback/draft.md --
---
candidate: Dee Raft
role: R
token: jpjomkefoiuc5lgtkvqz5gx4br
status: advancing
draft: true
stages: [{name: Call, date: 2026-03-02}]
---
-- content/feedback/hold.md --
---
candidate: Hal Old
role: R
token: sfoxcqbstwyjqq7dfm2gvvq6yr
status: on-hold
decision_by: 2026-03-09
next_steps: We decide by the 9th.
stages: [{name: Call, date: 2026-02-20}]
strengths: [x]
---
-- content/feedback/done.md --
---
candidate: Don E
role: R
token: zfksk4tdefcdmujiwprybqrliv
status: offer
email: don@mail.example
stages: [{name: Call, date: 2026-01-08}]
strengths: [x]
---
-- content/feedback/later.md --
---
candidate: Lay Ter
role: R
token: rjnrifmoiytqa6zur244d3zz5r
status: withdrawn
publish_after: 2026-03-09
sealed: true
stages: [{name: Call, date: 2026-03-01}]
strengths: [x]
---
`

func TestStatus(t *testing.T) {
	dir := writeSite(t, statusSite)
	tests := []struct {
		today string
		code  int
		want  string // id:state ...
	}{
		// The deadline day itself is not late; the day after is.
		{"2026-03-07", 0, "done:published draft:draft hold:published later:scheduled"},
		{"2026-03-08", 3, "done:published draft:overdue hold:published later:scheduled"},
		{"2026-03-09", 3, "done:expired draft:overdue hold:published later:published"},
		{"2026-03-10", 3, "done:expired draft:overdue hold:overdue later:published"},
	}
	for _, tt := range tests {
		code, out, errs := candor(t, "status", "--format", "json", "--fail-overdue", "--source", dir, "--today", tt.today)
		if code != tt.code {
			t.Errorf("%s: exit %d (%s), want %d", tt.today, code, errs, tt.code)
		}
		var rows []map[string]any
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatalf("%s: %v\n%s", tt.today, err, out)
		}
		var got []string
		for _, r := range rows {
			if _, told := r["told"]; len(r) != 8 || !told || r["told"] != nil {
				t.Errorf("row %v: want id, candidate, status, last_stage, due, state, allow, and told null (no ledger)", r)
			}
			got = append(got, fmt.Sprint(r["id"])+":"+fmt.Sprint(r["state"]))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%s: %s, want %s", tt.today, strings.Join(got, " "), tt.want)
		}
	}
	_, out, _ := candor(t, "status", "--format", "json", "--source", dir, "--today", "2026-03-07")
	if !strings.Contains(out, `"id": "hold",
    "candidate": "Hal Old",
    "status": "on-hold",
    "last_stage": "2026-02-20",
    "due": "2026-03-09",
    "state": "published"`) {
		t.Errorf("the on-hold row:\n%s", out)
	}
	// Without --fail-overdue, overdue feedback is shown, not an error.
	if code, _, _ := candor(t, "status", "--source", dir, "--today", "2026-03-10"); code != 0 {
		t.Errorf("exit %d without --fail-overdue", code)
	}
}

func TestStatusTable(t *testing.T) {
	dir := writeSite(t, statusSite)
	_, out, _ := candor(t, "status", "--source", dir, "--today", "2026-03-08")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// Overdue first, then what is owed soonest, then the rest.
	var order []string
	for _, l := range lines[1:5] {
		order = append(order, strings.Fields(l)[0])
	}
	if got := strings.Join(order, " "); got != "draft hold later done" {
		t.Errorf("order %s\n%s", got, out)
	}
	for _, l := range lines {
		if n := len([]rune(l)); n > 79 {
			t.Errorf("line of %d columns: %q", n, l)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour written to something that is not a terminal")
	}
	if !strings.Contains(out, "1 candidate overdue: draft.") {
		t.Errorf("no overdue summary:\n%s", out)
	}
	// Past retention: the table says to delete the file.
	_, out, _ = candor(t, "status", "--source", dir, "--today", "2026-03-10")
	if !strings.Contains(out, "1 page past retention, no longer published. Delete these files") || !strings.Contains(out, "  content/feedback/done.md\n") {
		t.Errorf("no advice for the expired page:\n%s", out)
	}
	var b bytes.Buffer
	statusTable(&b, []statusRow{{ID: "x", State: "overdue"}}, day(t, "2026-03-08"), true)
	if !strings.Contains(b.String(), red+"overdue"+reset) {
		t.Errorf("overdue not red on a terminal: %q", b.String())
	}
}

func TestURLs(t *testing.T) {
	dir := writeSite(t, statusSite)
	before := tree(t, dir)
	code, out, _ := candor(t, "urls", "--format", "csv", "--source", dir, "--today", "2026-03-10")
	want := "id,candidate,email,status,url,expires\n" +
		"done,Don E,don@mail.example,offer,https://jobs.acme.example/f/" + token.PathID("zfksk4tdefcdmujiwprybqrliv") + "/,2026-03-09\n"
	if code != 0 || !strings.HasPrefix(out, "id,candidate,email,status,url,expires\n") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	// At 2026-03-05: done is live; draft is not; later is not yet.
	_, out, _ = candor(t, "urls", "--format", "csv", "--source", dir, "--today", "2026-03-05")
	if out != want+"hold,Hal Old,,on-hold,https://jobs.acme.example/f/"+token.PathID("sfoxcqbstwyjqq7dfm2gvvq6yr")+"/,2026-04-21\n" {
		t.Errorf("csv:\n%s", out)
	}
	_, out, _ = candor(t, "urls", "--format", "json", "--source", dir, "--today", "2026-03-09")
	var rows []urlRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	var sealed string
	for _, r := range rows {
		if r.ID == "later" {
			sealed = r.URL
		}
	}
	if sealed != "https://jobs.acme.example/f/"+token.PathID("rjnrifmoiytqa6zur244d3zz5r")+"/#"+token.Fragment("rjnrifmoiytqa6zur244d3zz5r") {
		t.Errorf("sealed link %q lacks its key", sealed)
	}
	_, out, _ = candor(t, "urls", "--source", dir, "--today", "2026-03-05")
	if !strings.Contains(out, "EMAIL") || !strings.Contains(out, "don@mail.example") {
		t.Errorf("table:\n%s", out)
	}
	if code, _, _ := candor(t, "urls", "--format", "xml", "--source", dir); code != 2 {
		t.Errorf("--format xml: exit %d", code)
	}
	if after := tree(t, dir); after != before {
		t.Error("urls wrote a file")
	}
}

func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "careers")
	code, out, errs := candor(t, "init", dir, "--today", "2026-03-02")
	if code != 0 || !strings.Contains(out, "Wrote a new site in "+dir) {
		t.Fatalf("exit %d, %q %q", code, out, errs)
	}
	for _, cmd := range []string{"check", "build"} {
		if code, _, errs := candor(t, cmd, "--source", dir, "--today", "2026-03-02"); code != 0 {
			t.Fatalf("%s of a new site: %s", cmd, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "guide", "stages", "index.html")); err != nil {
		t.Error(err)
	}
	gitignore, _ := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if !strings.Contains(string(gitignore), "/public/") {
		t.Error(".gitignore does not ignore public/")
	}

	// The workflow checks pull requests, publishes main, and runs daily.
	data, err := os.ReadFile(filepath.Join(dir, ".github", "workflows", "candor.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			If          string         `yaml:"if"`
			Needs       any            `yaml:"needs"`
			Permissions map[string]any `yaml:"permissions"`
			Concurrency struct {
				Group string `yaml:"group"`
			} `yaml:"concurrency"`
			Steps []struct {
				If   string `yaml:"if"`
				Run  string `yaml:"run"`
				Uses string `yaml:"uses"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("workflow is not YAML: %v", err)
	}
	for _, trigger := range []string{"pull_request", "push", "schedule"} {
		if _, ok := wf.On[trigger]; !ok {
			t.Errorf("workflow does not run on %s", trigger)
		}
	}
	runs := map[string]string{}
	for name, job := range wf.Jobs {
		for _, s := range job.Steps {
			runs[name] += s.Run + s.Uses + "\n"
		}
	}
	for job, want := range map[string]string{"check": "candor check", "publish": "actions/deploy-pages", "overdue": "candor status --fail-overdue"} {
		if !strings.Contains(runs[job], want) {
			t.Errorf("job %s lacks %s:\n%s", job, want, runs[job])
		}
	}
	if !strings.Contains(runs["publish"], "candor build") || !strings.Contains(wf.Jobs["overdue"].If, "schedule") {
		t.Error("the daily run does not rebuild and check deadlines")
	}
	// Notices go out after a publish only, one run at a time, and the
	// ledger is pushed back; every step waits for the SMTP secret.
	notify := wf.Jobs["notify"]
	if notify.Needs != "publish" || notify.Concurrency.Group == "" || notify.Permissions["contents"] != "write" {
		t.Errorf("notify job: needs %v, concurrency %q, permissions %v", notify.Needs, notify.Concurrency.Group, notify.Permissions)
	}
	for _, want := range []string{"candor notify --send", "git add notices.csv", "git push", "git pull --rebase"} {
		if !strings.Contains(runs["notify"], want) {
			t.Errorf("notify job lacks %q", want)
		}
	}
	for i, step := range notify.Steps {
		if !strings.Contains(step.If, "CANDOR_SMTP_URL") && !strings.Contains(step.If, "steps.notify") {
			t.Errorf("notify step %d runs without the SMTP secret", i)
		}
	}

	// Two branches that each recorded notices merge without a conflict.
	ledgerMerges(t, dir)

	// A second init changes nothing.
	before := tree(t, dir)
	if code, _, errs := candor(t, "init", dir); code != 1 || !strings.Contains(errs, "exists already") {
		t.Errorf("second init: exit %d, %q", code, errs)
	}
	if tree(t, dir) != before {
		t.Error("a refused init wrote files")
	}
}

// ledgerMerges makes dir a git repository and merges two branches that
// each appended a line to notices.csv: .gitattributes keeps both.
func ledgerMerges(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	ledgerFile := filepath.Join(dir, "notices.csv")
	appendLine := func(line string) {
		f, _ := os.OpenFile(ledgerFile, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
		f.WriteString(line + "\n")
		f.Close()
	}
	git("init", "-q")
	appendLine("date,id,status,path_id,last_stage,decision_by,channel")
	git("add", "-A")
	git("commit", "-qm", "site")
	git("checkout", "-qb", "other")
	appendLine("2026-03-04,bo,advancing,abcdefghijklmnopqrstuvwxyz,2026-03-02,,smtp")
	git("commit", "-qam", "bo told")
	git("checkout", "-q", "main")
	appendLine("2026-03-04,ada,advancing,bcdefghijklmnopqrstuvwxyza,2026-03-02,,smtp")
	git("commit", "-qam", "ada told")
	git("merge", "-q", "--no-edit", "other")
	data, _ := os.ReadFile(ledgerFile)
	if !strings.Contains(string(data), ",ada,") || !strings.Contains(string(data), ",bo,") || strings.Contains(string(data), "<<<<") {
		t.Errorf("merged ledger:\n%s", data)
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands() {
		code, out, _ := candor(t, c.name, "-h")
		if code != 0 || !strings.Contains(out, "Usage: candor "+c.name) || !strings.Contains(out, "Example:\n  candor ") {
			t.Errorf("%s -h: exit %d\n%s", c.name, code, out)
		}
	}
}

// TestRecruiterFlow runs the real binary the way a recruiter does: new,
// then check, then build.
func TestRecruiterFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "candor")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := writeSite(t, configOnly)
	candorIn := func(args ...string) (string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	if out, code := candorIn("new", "ada-moreno", "--candidate", "Ada Moreno", "--role", "Engineer"); code != 0 {
		t.Fatalf("new: %d %s", code, out)
	}
	if out, code := candorIn("check"); code != 0 {
		t.Fatalf("check: %d %s", code, out)
	}
	// Finishing the draft without writing feedback: check says what is missing.
	path := filepath.Join(dir, "content", "feedback", "ada-moreno.md")
	src, _ := os.ReadFile(path)
	os.WriteFile(path, bytes.Replace(src, []byte("draft: true"), []byte("draft: false"), 1), 0o644)
	out, code := candorIn("check")
	if code != 1 || !strings.Contains(out, "content/feedback/ada-moreno.md:1: no feedback written yet") ||
		!strings.Contains(out, "content/feedback/ada-moreno.md:1: next_steps is required when status is advancing") {
		t.Errorf("check of an unfinished file: %d\n%s", code, out)
	}
	src, _ = os.ReadFile(path)
	src = bytes.Replace(src, []byte("strengths:\n"), []byte("strengths:\n  - Clear reasoning.\n"), 1)
	src = bytes.Replace(src, []byte("next_steps: #"), []byte("next_steps: A team day. #"), 1)
	os.WriteFile(path, src, 0o644)
	if out, code := candorIn("build"); code != 0 {
		t.Fatalf("build: %d %s", code, out)
	}
	out, _ = candorIn("urls", "--format", "csv")
	if !strings.Contains(out, "ada-moreno,Ada Moreno,,advancing,https://jobs.acme.example/f/") {
		t.Errorf("urls:\n%s", out)
	}
}
