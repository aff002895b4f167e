package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/corpus"
)

// BenchmarkOneFileRebuild is what a recruiter waits for in serve after
// saving one candidate's file, at 1,000 and 10,000 candidates.
func BenchmarkOneFileRebuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("candidates=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Write(dir, n); err != nil {
				b.Fatal(err)
			}
			today, _, _ := content.ParseDate(corpus.Today)
			s := New(Options{Source: dir, Today: func() content.Date { return today }})
			if _, err := s.Rebuild(); err != nil {
				b.Fatal(err)
			}
			id, src := corpus.Feedback(n / 2)
			p := filepath.Join(dir, "content", "feedback", id+".md")
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				edited := strings.Replace(src, "## In detail", fmt.Sprintf("## In detail, take %d", i), 1)
				if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
					b.Fatal(err)
				}
				res, err := s.Rebuild()
				if err != nil {
					b.Fatal(err)
				}
				if res.Rendered != 1 {
					b.Fatalf("rendered %d pages", res.Rendered)
				}
			}
		})
	}
}
