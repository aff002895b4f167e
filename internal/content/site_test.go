package content

import (
	"crypto/sha256"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestConfigRules(t *testing.T) {
	tests := []struct {
		name   string
		config string
		want   []string
	}{
		{"good", testConfig, nil},
		{"empty", "", []string{
			"candor.yaml:1: base_url is required: the address the site is published at, like https://careers.example.com/",
			"candor.yaml:1: title is required: the name of the site, shown on every page",
		}},
		{"misspelt key", testConfig + "feedback_sla_dayz: 3\n", []string{
			`candor.yaml:4: unknown key "feedback_sla_dayz"; did you mean feedback_sla_days?`,
		}},
		{"relative base_url", "title: T\nbase_url: careers.example\n", []string{
			`candor.yaml:2: base_url must be a full address like https://careers.example.com/, not "careers.example"`,
		}},
		{"sla out of range", testConfig + "feedback_sla_days: 0\n", []string{
			"candor.yaml:4: feedback_sla_days must be between 1 and 365",
		}},
		{"sla not a number", testConfig + "feedback_sla_days: five\n", []string{
			"candor.yaml:4: feedback_sla_days must be a whole number, not text",
		}},
		{"respond_url", testConfig + "respond_url: forms\n", []string{
			`candor.yaml:4: respond_url must be a full address starting with https:// (or http://), not "forms"`,
		}},
		{"contact key", "title: T\nbase_url: https://x.example/\ncontact:\n  name: T\n  emial: t@x.example\n", []string{
			`candor.yaml:5: contact unknown key "emial"; did you mean email?`,
		}},
		{"promise below five", testConfig + "promise_min_count: 3\n", []string{
			"candor.yaml:4: promise_min_count must be at least 5: a record of fewer candidates would let readers tell who was late",
		}},
		{"promise window", testConfig + "promise_window_days: 0\n", []string{
			"candor.yaml:4: promise_window_days must be between 1 and 3650",
		}},
		{"not yaml", "title: [\n", []string{"candor.yaml:2: a value is missing or begins with a character that needs quotes: put the text in double quotes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, map[string]string{ConfigFile: tt.config})
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	site, errs := load(t, map[string]string{ConfigFile: "title: T\nbase_url: https://x.example/careers\n"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	c := site.Config
	if c.BaseURL != "https://x.example/careers/" || c.BasePath() != "/careers/" {
		t.Errorf("base = %q, path %q; want a trailing slash", c.BaseURL, c.BasePath())
	}
	if c.SLADays != DefaultSLADays || c.Retention != DefaultRetentionDays || c.Language != "en" || c.Theme != "default" {
		t.Errorf("defaults = %+v", c)
	}
	if c.Company != "T" || c.PromiseWindow != 90 || c.PromiseMin != 10 {
		t.Errorf("company %q (the title by default), promise window %d, minimum %d", c.Company, c.PromiseWindow, c.PromiseMin)
	}
}

// TestLedgerProblems: a damaged notices.csv is reported at its lines,
// every problem in one run, and the site is not fit to build.
func TestLedgerProblems(t *testing.T) {
	_, got := load(t, map[string]string{
		ConfigFile:    testConfig,
		"notices.csv": "date,id,status,path_id,last_stage,decision_by,channel\n2026-13-01,ada,advancing,abcdefghijklmnopqrstuvwxyz,2026-03-02,,smtp\n2026-03-04,bo,advancing,abcdefghijklmnopqrstuvwxyz,2026-03-02,,pigeon\n",
	})
	want := []string{
		`notices.csv:2: date must be a day like 2026-03-02, not "2026-13-01"`,
		`notices.csv:3: channel must be one of smtp, outbox, manual, refused, not "pigeon"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestPageRules(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"good", "---\ntitle: Stages\ndescription: Four steps.\nweight: 2\n---\nBody\n", nil},
		{"no title", "---\ndescription: x\n---\n", []string{"content/guide/stages.md:1: title is required: the page's heading and its name in the navigation"}},
		{"weight text", "---\ntitle: S\nweight: first\n---\n", []string{"content/guide/stages.md:3: weight must be a whole number, not text"}},
		{"misspelt", "---\ntitle: S\ndescripton: x\n---\n", []string{`content/guide/stages.md:3: unknown key "descripton"; did you mean description?`}},
		{"toml", "+++\ntitle = \"S\"\nweight = 1\n+++\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, map[string]string{"content/guide/stages.md": tt.file})
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestSiteRules(t *testing.T) {
	second := strings.Replace(good, "Ada Moreno", "Bo Lind", 1)
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"token used twice, reported on the later file",
			map[string]string{"content/feedback/bo.md": second, "content/feedback/ada.md": good},
			[]string{`content/feedback/bo.md:4: token is the same as content/feedback/ada.md's (was one file copied from the other?): every candidate needs their own. If this file's link was not sent yet, run "candor token bo"; if it was, run "candor token ada" for the other file, and send that candidate their new link`}},
		{"bad id", map[string]string{"content/feedback/Ada Moreno.md": good},
			[]string{"content/feedback/Ada Moreno.md:1: file name must be lower-case letters, digits and hyphens, like ada-moreno.md"}},
		{"id starting with a hyphen", map[string]string{"content/feedback/-ada.md": good},
			[]string{"content/feedback/-ada.md:1: file name must be lower-case letters, digits and hyphens, like ada-moreno.md"}},
		{"not markdown", map[string]string{"content/feedback/notes.txt": "x"},
			[]string{"content/feedback/notes.txt:1: only Markdown files (.md) belong in content/feedback/: move other files elsewhere, since nothing here is published as is"}},
		{"folder in feedback", map[string]string{"content/feedback/2026/ada.md": good},
			[]string{"content/feedback/2026:1: feedback files live directly in content/feedback/, not in folders below it"}},
		{"reserved f", map[string]string{"content/f/x.md": "---\ntitle: X\n---\n"},
			[]string{"content/f:1: content/f/ is reserved: private pages are published under f/"}},
		{"hidden files are passed over", map[string]string{"content/feedback/.ada.md.swp": "junk", "content/.notes.md": "junk"}, nil},
		{"every error of every file in one run",
			map[string]string{"content/feedback/a.md": edit("role:", ""), "content/feedback/b.md": strings.Replace(edit("status:", "status: maybe"), "uhfumvgu6h4pq4n4pqglnh7bm3", "24y53ieahaw7rhl25vypxlihhg", 1), "content/guide/x.md": "---\n---\n"},
			[]string{
				"content/feedback/a.md:1: role is required",
				`content/feedback/b.md:5: status must be one of advancing, offer, not-selected, on-hold or withdrawn`,
				"content/guide/x.md:1: title is required: the page's heading and its name in the navigation",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, tt.files)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestNoSiteAtAll(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close() // Windows removes no folder that is open
	_, errs := Load(root.FS())
	want := "candor.yaml:1: no site config here: run candor in the site's folder, pass --source, or run \"candor init\" to start a site"
	if len(errs) == 0 || errs[0].Error() != want {
		t.Errorf("got %v, want first %q", errs, want)
	}
}

func TestLinksOutOfTheSiteAreRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links: Windows makes them only in Developer Mode or as administrator, and Wine makes them its own way; candor's handling of links is tested on Linux")
	}
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string]string{ConfigFile: testConfig, "content/index.md": "---\ntitle: Home\n---\n", "content/guide/inside.md": "---\ntitle: In\n---\n"} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	os.MkdirAll(filepath.Join(dir, "content/feedback"), 0o755)
	links := map[string]string{
		"content/feedback/leak.md": secret,
		"content/guide/leak.md":    secret,
		"content/guide/alias.md":   "inside.md", // relative: os.Root refuses absolute links
		"content/outside":          outside,
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skip("no symlinks here:", err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	site, errs := Load(root.FS())
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	want := []string{
		"content/feedback/leak.md:1: is a link that leads outside the site (or nowhere); candor reads only files inside the site",
		"content/guide/leak.md:1: is a link that leads outside the site (or nowhere); candor reads only files inside the site",
		"content/outside:1: is a link that leads outside the site (or nowhere); candor reads only files inside the site",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	// A link that stays inside the site is an ordinary page.
	if site == nil || !slices.ContainsFunc(site.Pages, func(p *Page) bool { return p.Path == "content/guide/alias.md" }) {
		t.Error("a link inside the site was not read")
	}
}

func TestPublished(t *testing.T) {
	day := func(s string) Date { d, _, _ := ParseDate(s); return d }
	site, errs := load(t, map[string]string{"content/feedback/ada.md": edit("strengths:", "strengths: [x]\npublish_after: 2026-01-10")})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	fb := site.Feedback[0]
	// Last stage 2026-01-05 + 180 days of retention.
	if got := fb.Expires.String(); got != "2026-07-04" {
		t.Fatalf("expires = %s, want 2026-07-04", got)
	}
	tests := []struct {
		today  string
		drafts bool
		want   bool
	}{
		{"2026-01-09", false, false}, // before publish_after
		{"2026-01-10", false, true},  // publish_after itself
		{"2026-07-03", false, true},  // the last day
		{"2026-07-04", false, false}, // expires: not built from that day on
	}
	for _, tt := range tests {
		if got := fb.Published(day(tt.today), tt.drafts); got != tt.want {
			t.Errorf("Published(%s) = %v, want %v", tt.today, got, tt.want)
		}
	}
	fb.Draft = true
	if fb.Published(day("2026-02-01"), false) || !fb.Published(day("2026-02-01"), true) {
		t.Error("a draft is published only with drafts")
	}
}

func TestGreeting(t *testing.T) {
	tests := []struct{ candidate, preferred, want string }{
		{"Ada Moreno", "", "Ada"},
		{"Jonathan Lindqvist", "Jonas", "Jonas"},
		{"Madonna", "", "Madonna"},
	}
	for _, tt := range tests {
		f := &Feedback{Candidate: tt.candidate, PreferredName: tt.preferred}
		if got := f.Greeting(); got != tt.want {
			t.Errorf("Greeting(%q, %q) = %q, want %q", tt.candidate, tt.preferred, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct{ key, want string }{
		{"strenghts", "strengths"},
		{"improvments", "improvements"},
		{"next-steps", "next_steps"},
		{"Candidate", "candidate"},
		{"respondby", "respond_by"},
		{"salary", ""},
		{"x", ""},
	}
	for _, tt := range tests {
		if got := suggest(tt.key, feedbackKeys); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestLoadCached(t *testing.T) {
	other := strings.Replace(strings.Replace(good, "Ada Moreno", "Bo Lind", 1), "uhfumvgu6h4pq4n4pqglnh7bm3", "24y53ieahaw7rhl25vypxlihhg", 1)
	fsys := fstest.MapFS{
		ConfigFile:                {Data: []byte(testConfig)},
		"content/index.md":        {Data: []byte("---\ntitle: Home\n---\n")},
		"content/feedback/ada.md": {Data: []byte(good)},
		"content/feedback/bo.md":  {Data: []byte(other)},
	}
	var cache Cache
	first, errs := LoadCached(fsys, &cache)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	fsys["content/feedback/bo.md"] = &fstest.MapFile{Data: []byte(strings.Replace(other, "Clear reasoning", "Kind", 1))}
	second, _ := LoadCached(fsys, &cache)
	if second.Feedback[0] != first.Feedback[0] {
		t.Error("an unchanged file was parsed again")
	}
	if second.Feedback[1] == first.Feedback[1] || second.Feedback[1].Strengths[0] != "Kind" {
		t.Error("a changed file was not parsed again")
	}
	// Broken, then fixed: its problems come and go with it.
	fsys["content/feedback/bo.md"] = &fstest.MapFile{Data: []byte("---\ncandidate: Bo\n---\n")}
	if _, errs := LoadCached(fsys, &cache); len(errs) == 0 {
		t.Error("a broken file loaded without problems")
	}
	fsys["content/feedback/bo.md"] = &fstest.MapFile{Data: []byte(other)}
	if _, errs := LoadCached(fsys, &cache); len(errs) > 0 {
		t.Errorf("fixed, it still has problems: %v", errs)
	}
	// The config sets defaults of every file: all are parsed anew.
	fsys[ConfigFile] = &fstest.MapFile{Data: []byte(testConfig + "retention_days: 10\n")}
	third, _ := LoadCached(fsys, &cache)
	if third.Feedback[0] == first.Feedback[0] || third.Feedback[0].Expires.String() != "2026-01-15" {
		t.Error("a config change did not reach every file")
	}
}

// countingFS counts the files opened through it.
type countingFS struct {
	fs.FS
	opened map[string]int
}

func (c countingFS) Open(name string) (fs.File, error) {
	c.opened[name]++
	return c.FS.Open(name)
}

func TestCacheSkipsUnchangedFiles(t *testing.T) {
	dir := t.TempDir()
	long := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	put := func(name, data string, mtime time.Time) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
		if !mtime.IsZero() {
			os.Chtimes(p, mtime, mtime)
		}
	}
	put(ConfigFile, testConfig, long)
	put("content/feedback/ada.md", good, long)
	put("content/feedback/fresh.md", strings.Replace(good, "uhfumvgu6h4pq4n4pqglnh7bm3", "24y53ieahaw7rhl25vypxlihhg", 1), time.Time{})
	fsys := countingFS{os.DirFS(dir), map[string]int{}}
	var cache Cache
	load := func() *Site {
		t.Helper()
		clear(fsys.opened)
		site, errs := LoadCached(fsys, &cache)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		return site
	}
	load()
	load()
	if n := fsys.opened["content/feedback/ada.md"]; n != 0 {
		t.Errorf("an old, unchanged file was opened %d times", n)
	}
	// Written just now: its time says nothing yet, so it is read, and a
	// change of the same size is seen.
	if fsys.opened["content/feedback/fresh.md"] != 1 {
		t.Error("a file written just now was not read again")
	}
	put("content/feedback/fresh.md", strings.Replace(strings.Replace(good, "uhfumvgu6h4pq4n4pqglnh7bm3", "24y53ieahaw7rhl25vypxlihhg", 1), "Clear reasoning", "Clear REASONING", 1), time.Time{})
	if site := load(); site.Feedback[1].Strengths[0] != "Clear REASONING" {
		t.Error("a same-size edit of a fresh file was missed")
	}
	// Edited: a new time, so it is read.
	put("content/feedback/ada.md", strings.Replace(good, "Clear reasoning", "Kind", 1), time.Time{})
	if site := load(); site.Feedback[0].Strengths[0] != "Kind" {
		t.Error("an edit was missed")
	}
}

func TestHugeBody(t *testing.T) {
	body := strings.Repeat("[[[[[[[[](", 1<<20) // 10 MiB of Markdown's worst
	_, got := load(t, map[string]string{"content/feedback/ada.md": good + body})
	want := []string{"content/feedback/ada.md:12: the text below the front matter is 10.0 MiB, more than the 1 MiB a page may have: shorten it, or split it into pages"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q", got)
	}
	// Just under the limit builds.
	_, got = load(t, map[string]string{"content/feedback/ada.md": good + strings.Repeat("x", MaxBodySize)})
	if len(got) > 0 {
		t.Errorf("a body of exactly 1 MiB: %q", got)
	}
}

func TestCheckTokens(t *testing.T) {
	sum := func(prefix, rest byte) (s [32]byte) {
		for i := range s {
			s[i] = prefix
			if i >= 8 {
				s[i] = rest
			}
		}
		return s
	}
	uses := func(u ...TokenUse) iter.Seq[TokenUse] { return slices.Values(u) }
	tests := []struct {
		name string
		uses iter.Seq[TokenUse]
		want []string
	}{
		{"all different", uses(
			TokenUse{Path: "content/feedback/b.md", Line: 3, Sum: sum(1, 1)},
			TokenUse{Path: "content/feedback/a.md", Line: 3, Sum: sum(2, 2)},
		), nil},
		{"no token is no clash", uses(
			TokenUse{Path: "content/feedback/a.md"},
			TokenUse{Path: "content/feedback/b.md"},
		), nil},
		// The first pass compares the hashes' first 8 bytes only.
		{"alike in the first 8 bytes only", uses(
			TokenUse{Path: "content/feedback/a.md", Line: 3, Sum: sum(1, 1)},
			TokenUse{Path: "content/feedback/b.md", Line: 3, Sum: sum(1, 2)},
		), nil},
		{"the later file in path order is told", uses(
			TokenUse{Path: "content/feedback/zoe.md", Line: 4, Sum: sum(1, 1)},
			TokenUse{Path: "content/feedback/c.md", Line: 2, Sum: sum(3, 3)},
			TokenUse{Path: "content/feedback/amy.md", Line: 3, Sum: sum(1, 1)},
			TokenUse{Path: "content/feedback/bo.md", Line: 5, Sum: sum(1, 2)},
		), []string{`content/feedback/zoe.md:4: token is the same as content/feedback/amy.md's (was one file copied from the other?): every candidate needs their own. If this file's link was not sent yet, run "candor token zoe"; if it was, run "candor token amy" for the other file, and send that candidate their new link`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range CheckTokens(tt.uses) {
				got = append(got, d.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestConfigReadOnce: a load reads candor.yaml once, so what it parses
// and the sum it keeps of it come from the same bytes (a save between two
// reads would stamp old results with the new config).
func TestConfigReadOnce(t *testing.T) {
	fsys := countingFS{FS: fstest.MapFS{
		"candor.yaml":      {Data: []byte("title: Northwind\nbase_url: https://careers.northwind.example/\n")},
		"content/index.md": {Data: []byte("---\ntitle: Home\n---\n")},
	}, opened: map[string]int{}}
	site, errs := Load(fsys)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if n := fsys.opened[ConfigFile]; n != 1 {
		t.Errorf("candor.yaml was opened %d times in one load", n)
	}
	if want := sha256.Sum256([]byte("title: Northwind\nbase_url: https://careers.northwind.example/\n")); site.ConfigSum != want {
		t.Error("ConfigSum is not the sum of the config's bytes")
	}
}

// TestNamesWindowsRefuses: a file or folder Windows cannot create (con,
// nul.txt, com1, a name ending in a dot) is an error at its path, so the
// site never breaks a colleague's checkout on Windows.
func TestNamesWindowsRefuses(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows cannot make these files, which is the point")
	}
	_, got := load(t, map[string]string{
		ConfigFile:                 testConfig,
		"content/index.md":         "---\ntitle: Home\n---\n",
		"content/feedback/con.md":  good,
		"content/guide/aux.md":     "---\ntitle: A\n---\n",
		"content/lpt1/index.md":    "---\ntitle: L\n---\n",
		"content/guide/notes.":     "x",
		"static/NUL.txt":           "x",
		"content/guide/console.md": "---\ntitle: Fine\n---\n",
	})
	want := []string{
		`content/feedback/con.md:1: "con.md" is a name Windows keeps for itself: a colleague on Windows could not check this site out or build it; rename it`,
		`content/guide/aux.md:1: "aux.md" is a name Windows keeps for itself: a colleague on Windows could not check this site out or build it; rename it`,
		`content/guide/notes.:1: "notes." is a name Windows keeps for itself: a colleague on Windows could not check this site out or build it; rename it`,
		`content/lpt1:1: "lpt1" is a name Windows keeps for itself: a colleague on Windows could not check this site out or build it; rename it`,
		`static/NUL.txt:1: "NUL.txt" is a name Windows keeps for itself: a colleague on Windows could not check this site out or build it; rename it`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}
