package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/corpus"
)

// page renders one corpus candidate's page, as the minify and write
// stages get it.
func page(b *testing.B) []byte {
	fsys := corpus.OneCandidate(1)
	site, errs := content.Load(fsys)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	mem := NewMemory(0)
	if _, err := Generate(context.Background(), fsys, site, Options{Today: day(b, corpus.Today), NoMinify: true}, mem); err != nil {
		b.Fatal(err)
	}
	return mem.Files["f/"+site.Feedback[0].PathID()+"/index.html"]
}

// BenchmarkMinify is the minify stage: one rendered page.
func BenchmarkMinify(b *testing.B) {
	html := page(b)
	m := newMinifier()
	b.SetBytes(int64(len(html)))
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := m.Minify("text/html", &out, bytes.NewReader(html)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite is the write stage: one page into its own new folder.
func BenchmarkWrite(b *testing.B) {
	html := page(b)
	dir := dirOutput(b.TempDir())
	i := 0
	for b.Loop() {
		i++
		if err := dir.WriteFile(fmt.Sprintf("f/%d/index.html", i), html); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	os.RemoveAll(filepath.Join(string(dir), "f"))
}
