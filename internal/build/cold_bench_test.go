package build

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/candor-feedback/candor/internal/corpus"
)

// BenchmarkColdBuild is Build over a generated corpus, in-process: for
// profiling the pipeline. Whole-process timings are in internal/perf.
func BenchmarkColdBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("candidates=%d", n), func(b *testing.B) {
			site := b.TempDir()
			if err := corpus.Write(site, n); err != nil {
				b.Fatal(err)
			}
			today := day(b, corpus.Today)
			dest := filepath.Join(b.TempDir(), "public")
			for b.Loop() {
				if _, err := Build(context.Background(), site, dest, Options{Today: today}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
