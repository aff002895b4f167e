package content

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCacheChanged: told what changed, a Load looks at those paths only,
// and gives what a fresh Load gives; what it cannot follow from a list
// of paths, it walks for.
func TestCacheChanged(t *testing.T) {
	dir := t.TempDir()
	long := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	put := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		// Old enough to trust: a fresh file's time would make the cache
		// read it again whatever it was told.
		os.Chtimes(p, long, long)
	}
	candidate := func(name string) string {
		return strings.Replace(good, "uhfumvgu6h4pq4n4pqglnh7bm3", name+"x5tuyabljj2r4v7fmyz5ijkqgb"[:26-len(name)], 1)
	}
	put(ConfigFile, testConfig)
	put("content/index.md", "---\ntitle: Home\n---\n")
	put("content/feedback/ada.md", good)
	put("content/feedback/cy.md", candidate("cy"))
	fsys := os.DirFS(dir)
	var cache Cache
	// load loads through the cache and checks the result against a
	// fresh Load of the same files.
	load := func(step string) *Site {
		t.Helper()
		got, errs := LoadCached(fsys, &cache)
		want, wantErrs := Load(fsys)
		if fmt.Sprint(errs) != fmt.Sprint(wantErrs) || !slices.Equal(ids(got), ids(want)) || !slices.Equal(paths(got), paths(want)) || !slices.Equal(got.Static, want.Static) {
			t.Fatalf("%s: through the cache %v %v %v, fresh %v %v %v", step, ids(got), paths(got), errs, ids(want), paths(want), wantErrs)
		}
		// The cache forgets files that are gone.
		for p := range cache.files {
			if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
				t.Errorf("%s: the cache still holds %s, which is gone", step, p)
			}
		}
		return got
	}
	load("first")

	// Told nothing changed, it does not look: a change it was not told
	// of goes unseen until it is, or until a Load is told nothing.
	put("content/feedback/ada.md", strings.Replace(good, "Ada Moreno", "Ada Lovelace", 1))
	cache.Changed(nil)
	if site, _ := LoadCached(fsys, &cache); site.Feedback[0].Candidate != "Ada Moreno" {
		t.Fatal("a Load told that nothing changed looked at the files anyway")
	}
	cache.Changed([]string{"content/feedback/ada.md"})
	if site := load("edit"); site.Feedback[0].Candidate != "Ada Lovelace" {
		t.Fatal("a file it was told of was not read")
	}

	put("content/feedback/bo.md", candidate("bo"))
	cache.Changed([]string{"content/feedback/bo.md"})
	load("add")
	os.Remove(filepath.Join(dir, "content", "feedback", "cy.md"))
	cache.Changed([]string{"content/feedback/cy.md"})
	load("remove")
	// The config's defaults are in every candidate's result: a Load
	// told of a new config parses them all again.
	put(ConfigFile, strings.Replace(testConfig, "name: Talent", "name: Hiring Desk", 1))
	cache.Changed([]string{ConfigFile})
	if site := load("config"); site.Feedback[0].Recruiter.Name != "Hiring Desk" {
		t.Fatalf("after the config changed, the recruiter is %q", site.Feedback[0].Recruiter.Name)
	}
	put("content/guide/.notes.md", "not a page")
	cache.Changed([]string{"content/guide/.notes.md", "candor.yaml", "layouts/base.html"})
	load("hidden file in a new folder, config, layouts")

	// A folder, or a file in one the listing lacks: a walk.
	put("content/team/index.md", "---\ntitle: Team\n---\n")
	cache.Changed([]string{"content/team/index.md"})
	load("new folder")
	os.RemoveAll(filepath.Join(dir, "content", "team"))
	cache.Changed([]string{"content/team"})
	load("folder removed")
	put("static/robots.txt", "User-agent: *\n")
	cache.Changed([]string{"static"})
	load("static folder made")
	put("static/logo.svg", "<svg/>")
	cache.Changed([]string{"static/logo.svg"})
	load("static file")

	// A link's target can change with nothing said about the link: a
	// site with links is walked at every Load.
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links: Windows makes them only in Developer Mode or as administrator, and Wine makes them its own way; candor's handling of links is tested on Linux")
	}
	if err := os.Symlink(filepath.Join(dir, "static", "logo.svg"), filepath.Join(dir, "static", "mark.svg")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	cache.Changed([]string{"static/mark.svg"})
	load("link")
	os.Remove(filepath.Join(dir, "content", "feedback", "bo.md"))
	cache.Changed(nil)
	if site := load("link, then a change untold"); len(site.Feedback) != 1 {
		t.Fatal("a site with a link was not walked")
	}
}

func ids(s *Site) []string {
	var out []string
	for _, fb := range s.Feedback {
		out = append(out, fb.ID+" "+fb.Candidate)
	}
	return out
}

func paths(s *Site) []string {
	var out []string
	for _, p := range s.Pages {
		out = append(out, p.Path)
	}
	return append(out, s.Files...)
}
