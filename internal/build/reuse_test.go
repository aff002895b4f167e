package build

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/candor-feedback/candor/internal/content"
)

// generate loads the site in dir through cache and renders it with reuse.
func generate(t *testing.T, dir string, cache *content.Cache, reuse *Reuse) (*Result, map[string][]byte) {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	site, errs := content.LoadCached(root.FS(), cache)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	mem := NewMemory(0)
	res, err := Generate(context.Background(), root.FS(), site, Options{Today: day(t, exampleToday), Reuse: reuse}, mem)
	if err != nil {
		t.Fatal(err)
	}
	return res, mem.Files
}

func TestReuseRendersOnlyWhatChanged(t *testing.T) {
	site := copySite(t)
	var cache content.Cache
	var reuse Reuse
	first, _ := generate(t, site, &cache, &reuse)
	if first.Rendered != first.Public+first.Private+1 { // and 404.html
		t.Fatalf("a cold build rendered %d pages of %d", first.Rendered, first.Public+first.Private+1)
	}
	again, _ := generate(t, site, &cache, &reuse)
	if again.Rendered != 0 {
		t.Errorf("nothing changed, yet %d pages were rendered", again.Rendered)
	}

	edit := func(rel, old, new string) {
		p := filepath.Join(site, rel)
		src, _ := os.ReadFile(p)
		if !bytes.Contains(src, []byte(old)) {
			t.Fatalf("%s lacks %q", rel, old)
		}
		os.WriteFile(p, bytes.Replace(src, []byte(old), []byte(new), 1), 0o644)
	}
	tests := []struct {
		name          string
		rel, old, new string
		rendered      int
	}{
		{"one candidate", "content/feedback/amara-okafor.md", "Thank you for a thoughtful", "Thanks for a thoughtful", 1},
		{"a public page's body", "content/guide/preparing.md", "What you wear.", "What you wear, truly.", 1},
		// The title is in every public page's navigation.
		{"a public page's title", "content/guide/preparing.md", "title: Preparing", "title: Getting ready", first.Public + 1},
		{"the config", "candor.yaml", "feedback_sla_days: 5", "feedback_sla_days: 4", first.Rendered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edit(tt.rel, tt.old, tt.new)
			res, files := generate(t, site, &cache, &reuse)
			if res.Rendered != tt.rendered {
				t.Errorf("rendered %d pages, want %d", res.Rendered, tt.rendered)
			}
			// Outputs of files gone (the edited file's last) are let go.
			for name := range reuse.prev {
				if _, ok := files[name]; !ok {
					t.Errorf("%s is remembered, but this build did not write it", name)
				}
			}
			for name := range files {
				if _, ok := reuse.prev[name]; strings.HasSuffix(name, ".html") && !ok {
					t.Errorf("page %s is not remembered", name)
				}
			}
			// Byte for byte what a cold build gives.
			_, cold := generate(t, site, nil, nil)
			if !maps.EqualFunc(files, cold, bytes.Equal) {
				t.Error("the incremental build differs from a cold one")
			}
		})
	}
}
