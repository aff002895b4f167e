package build

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkExampleSite is a whole build of the example site, written to
// disk and swapped in, as "candor build" does it.
func BenchmarkExampleSite(b *testing.B) {
	site := copySite(b)
	dest := filepath.Join(b.TempDir(), "public")
	today := day(b, exampleToday)
	for b.Loop() {
		if _, err := Build(context.Background(), site, dest, Options{Today: today}); err != nil {
			b.Fatal(err)
		}
	}
}
