package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/candor-feedback/candor/internal/matter"
)

// FuzzLoad: whatever a feedback or page file holds, Load neither panics
// nor hangs, and every problem it reports has a file and a line in it.
func FuzzLoad(f *testing.F) {
	paths, _ := filepath.Glob("../../content/*/*.md")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, strings.Contains(p, "feedback"))
		}
	}
	f.Add([]byte(good), true)
	f.Add([]byte("---\na: &a [*a, *a]\nb: *a\n---\n"), true)
	f.Fuzz(func(t *testing.T, src []byte, feedback bool) {
		name := "content/guide/x.md"
		if feedback {
			name = "content/feedback/x.md"
		}
		fsys := fstest.MapFS{
			ConfigFile: {Data: []byte(testConfig)},
			name:       {Data: src},
		}
		site, errs := Load(fsys)
		// Lines as an editor counts them: CRLF and a lone CR end one too.
		lines := strings.Count(string(matter.Normalize(src)), "\n") + 1
		for _, e := range errs {
			if e.Path != name || e.Line < 1 || e.Line > lines {
				t.Fatalf("problem %q does not point into the file", e.Error())
			}
		}
		if len(errs) == 0 && feedback && len(site.Feedback) != 1 {
			t.Fatal("a file without problems was not loaded")
		}
	})
}
