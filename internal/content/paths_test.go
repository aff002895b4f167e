package content

import (
	"slices"
	"testing"
)

func pathsOf(list ...string) Paths {
	var b PathsBuilder
	for _, p := range list {
		b.Add(p)
	}
	return b.Paths()
}

func TestPaths(t *testing.T) {
	list := []string{"content/feedback/a.md", "content/feedback/b-c.md", "", "content/feedback/z.md"}
	ps := pathsOf(list...)
	if ps.Len() != len(list) {
		t.Fatalf("Len() = %d, want %d", ps.Len(), len(list))
	}
	var all []string
	for i, p := range ps.All() {
		if p != list[i] {
			t.Errorf("All gave %q at %d, want %q", p, i, list[i])
		}
		all = append(all, p)
	}
	if !slices.Equal(all, list) {
		t.Errorf("All() = %q", all)
	}
	if (Paths{}).Len() != 0 {
		t.Error("the zero Paths is not an empty list")
	}
}
