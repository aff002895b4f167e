package guard_test

import (
	"testing"

	"github.com/candor-feedback/candor/internal/corpus"
	"github.com/candor-feedback/candor/internal/guard"
)

// BenchmarkCheck checks one generated feedback file of make bench's kind
// (job-related, ~540 words): what guardrails add to a build per candidate.
func BenchmarkCheck(b *testing.B) {
	_, src := corpus.Feedback(1)
	set, _ := guard.Rules("en")
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		guard.Check(set, src)
	}
}
