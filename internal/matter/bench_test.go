package matter

import (
	"testing"

	"github.com/candor-feedback/candor/internal/corpus"
)

// BenchmarkParse is the load stage: a candidate's file split and its YAML
// decoded, per file.
func BenchmarkParse(b *testing.B) {
	_, src := corpus.Feedback(1)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse([]byte(src)); err != nil {
			b.Fatal(err)
		}
	}
}
