package content

import (
	"testing"

	"github.com/candor-feedback/candor/internal/corpus"
	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/matter"
)

// BenchmarkValidate is the validate stage: every rule over one parsed
// candidate's file.
func BenchmarkValidate(b *testing.B) {
	_, src := corpus.Feedback(1)
	doc, err := matter.Parse([]byte(src))
	if err != nil {
		b.Fatal(err)
	}
	cfg := Config{SLADays: 5, Retention: 180, Language: "en"}
	for b.Loop() {
		var errs diag.List
		parseFeedback("content/feedback/x.md", "x", doc, &cfg, &errs)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}
