package build

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIncrementalBuild builds the example site again and again into one
// folder, with state, after each kind of change, and holds every result
// byte for byte to a cold build of the same input.
func TestIncrementalBuild(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	opts := Options{Today: day(t, exampleToday), StateDir: t.TempDir()}
	// Files written just now are re-read until their time is old enough
	// to trust (racily clean); age them, as a checkout that is minutes old.
	age := func() {
		old := time.Now().Add(-time.Hour)
		filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				os.Chtimes(p, old, old)
			}
			return nil
		})
	}
	age()
	build := func() *Result {
		t.Helper()
		res, err := Build(site, dest, opts)
		if err != nil {
			t.Fatal(err)
		}
		cold := filepath.Join(t.TempDir(), "cold")
		if _, err := Build(site, cold, Options{Today: opts.Today}); err != nil {
			t.Fatal(err)
		}
		if got, want := snapshot(t, dest), snapshot(t, cold); !maps.EqualFunc(got, want, bytes.Equal) {
			t.Fatalf("the incremental output differs from a cold build's:\n%v\n%v", keys(got), keys(want))
		}
		return res
	}
	edit := func(rel, old, new string) {
		t.Helper()
		p := filepath.Join(site, rel)
		src, _ := os.ReadFile(p)
		if !bytes.Contains(src, []byte(old)) {
			t.Fatalf("%s lacks %q", rel, old)
		}
		os.WriteFile(p, bytes.Replace(src, []byte(old), []byte(new), 1), 0o644)
	}

	first := build()
	if first.Kept != 0 || first.Rendered == 0 {
		t.Fatalf("the first build kept %d and rendered %d", first.Kept, first.Rendered)
	}
	again := build()
	if again.Rendered != 0 || again.Kept != first.Files {
		t.Errorf("nothing changed: rendered %d, kept %d of %d", again.Rendered, again.Kept, first.Files)
	}

	edit("content/feedback/amara-okafor.md", "Thank you for a thoughtful", "Thanks for a thoughtful")
	if res := build(); res.Rendered != 1 {
		t.Errorf("one candidate changed: rendered %d pages", res.Rendered)
	}
	age()

	// A new token: the old page goes, the new one comes.
	edit("content/feedback/mei-tanaka.md", "token: x5tuyabljj2r4v7fmyz5ijkqgbmmnu2a", "token: revokedrevokedrevokedrevoked")
	build()
	age()

	// Files renamed, added and removed, which moves every file after them
	// in the build's list: each page still comes from its own file.
	fb := filepath.Join(site, "content", "feedback")
	if err := os.Rename(filepath.Join(fb, "lena-hoffmann.md"), filepath.Join(fb, "zoe-hoffmann.md")); err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(filepath.Join(fb, "jonas-lindqvist.md"))
	os.WriteFile(filepath.Join(fb, "aaron-new.md"), bytes.Replace(src, []byte("token: "), []byte("token: aaronaaron"), 1), 0o644)
	os.Remove(filepath.Join(fb, "kwame-mensah.md"))
	// The added page and the renamed one (a page's key covers its path).
	if res := build(); res.Rendered != 2 {
		t.Errorf("one candidate added, one renamed, one removed: rendered %d pages", res.Rendered)
	}
	age()
	if res := build(); res.Rendered != 0 {
		t.Errorf("nothing changed since: rendered %d pages", res.Rendered)
	}

	// Someone edits the published page by hand: it is made again.
	page := filepath.Join(dest, "index.html")
	os.WriteFile(page, []byte("defaced"), 0o644)
	if res := build(); res.Rendered != 1 {
		t.Errorf("a changed output: rendered %d pages", res.Rendered)
	}

	// A layout changes: every page is made again.
	os.MkdirAll(filepath.Join(site, "layouts"), 0o755)
	os.WriteFile(filepath.Join(site, "layouts", "404.html"), []byte(`{{define "main"}}<h1>Lost?</h1>{{end}}`), 0o644)
	if res := build(); res.Kept > 0 && res.Rendered < first.Rendered {
		t.Errorf("a layout changed: rendered %d, kept %d", res.Rendered, res.Kept)
	}
	age()

	// Months later: expired pages go.
	opts.Today = day(t, "2027-06-01")
	if res := build(); res.Private != 0 {
		t.Errorf("%d private pages after every page expired", res.Private)
	}
	if entries, _ := os.ReadDir(filepath.Join(dest, "f")); len(entries) > 0 {
		t.Errorf("%d folders left under f/", len(entries))
	}
}

// TestIncrementalFailureLeavesOutput: a broken file fails an incremental
// build like any other, and neither the output nor the state moves.
func TestIncrementalFailureLeavesOutput(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	opts := Options{Today: day(t, exampleToday), StateDir: t.TempDir()}
	if _, err := Build(site, dest, opts); err != nil {
		t.Fatal(err)
	}
	states, _ := filepath.Glob(filepath.Join(opts.StateDir, "*.state"))
	if len(states) != 1 {
		t.Fatalf("%d state files", len(states))
	}
	state, _ := os.ReadFile(states[0])
	before := snapshot(t, dest)
	p := filepath.Join(site, "content", "feedback", "amara-okafor.md")
	src, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(src, []byte("status: advancing"), []byte("status: maybe"), 1), 0o644)
	if _, err := Build(site, dest, opts); err == nil || !strings.Contains(err.Error(), "status must be one of") {
		t.Fatalf("err = %v", err)
	}
	if after := snapshot(t, dest); !maps.EqualFunc(before, after, bytes.Equal) {
		t.Error("a failed incremental build changed the output")
	}
	if now, _ := os.ReadFile(states[0]); !bytes.Equal(now, state) {
		t.Error("a failed build changed the state")
	}
	if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
		t.Errorf("a failed build left %d entries beside the output", len(entries))
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
