package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/corpus"
)

// BenchmarkOneFileRebuild is what a recruiter waits for in serve after
// saving one candidate's file, at 1,000 and 10,000 candidates: told the
// file's name by the file watcher (watched), and looking at every file,
// as with --poll or after the watcher lost events (walked).
func BenchmarkOneFileRebuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		dir := b.TempDir()
		if err := corpus.Write(dir, n); err != nil {
			b.Fatal(err)
		}
		for _, watched := range []bool{true, false} {
			name := fmt.Sprintf("candidates=%d/walked", n)
			if watched {
				name = fmt.Sprintf("candidates=%d/watched", n)
			}
			b.Run(name, func(b *testing.B) {
				today, _, _ := content.ParseDate(corpus.Today)
				s := New(Options{Source: dir, Today: func() content.Date { return today }})
				if watched {
					s.seen.watch()
				}
				if _, err := s.Rebuild(context.Background()); err != nil {
					b.Fatal(err)
				}
				id, src := corpus.Feedback(n / 2)
				rel := "content/feedback/" + id + ".md"
				for i := 0; b.Loop(); i++ {
					edited := strings.Replace(src, "## In detail", fmt.Sprintf("## In detail, take %d", i), 1)
					if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), []byte(edited), 0o644); err != nil {
						b.Fatal(err)
					}
					if watched {
						s.seen.add(rel) // what the watcher reports
					}
					res, err := s.Rebuild(context.Background())
					if err != nil {
						b.Fatal(err)
					}
					if res.Rendered != 1 || len(res.Changed) != 1 {
						b.Fatalf("rendered %d pages, changed %v", res.Rendered, res.Changed)
					}
				}
			})
		}
	}
}
