package render

import (
	"io"
	"testing"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/corpus"
)

// BenchmarkRenderFeedback is the render stage: one candidate's page,
// Markdown and template, before minifying.
func BenchmarkRenderFeedback(b *testing.B) {
	fsys := corpus.OneCandidate(1)
	site, errs := content.Load(fsys)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	theme, err := NewTheme(fsys, site.Config.Theme)
	if err != nil {
		b.Fatal(err)
	}
	r, err := New(site, theme, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := r.Feedback(io.Discard, site.Feedback[0]); err != nil {
			b.Fatal(err)
		}
	}
}
