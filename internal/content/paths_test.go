package content

import (
	"slices"
	"testing"
)

func TestPaths(t *testing.T) {
	list := []string{"content/feedback/a.md", "content/feedback/b-c.md", "", "content/feedback/z.md"}
	ps := PathsOf(list...)
	if ps.Len() != len(list) {
		t.Fatalf("Len() = %d, want %d", ps.Len(), len(list))
	}
	for i, want := range list {
		if got := ps.At(i); got != want {
			t.Errorf("At(%d) = %q, want %q", i, got, want)
		}
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
	if got := ps.Slice(1, 3); got.Len() != 2 || got.At(0) != list[1] || got.At(1) != list[2] {
		t.Errorf("Slice(1, 3) = %q, %q", got.At(0), got.At(1))
	}
	if got := ps.Slice(2, 2); got.Len() != 0 {
		t.Errorf("Slice(2, 2) has %d paths", got.Len())
	}
	if ps.IsSorted() {
		t.Error("a list with an empty path after others reads as sorted")
	}
	if (Paths{}).Len() != 0 || !(Paths{}).IsSorted() {
		t.Error("the zero Paths is not an empty sorted list")
	}
}

func TestPathsSearch(t *testing.T) {
	sorted := []string{"content/feedback/a.md", "content/feedback/ab.md", "content/feedback/b.md", "content/feedback/c.md"}
	ps := PathsOf(sorted...)
	if !ps.IsSorted() {
		t.Fatal("a sorted list reads as unsorted")
	}
	for _, p := range []string{"content/feedback/a.md", "content/feedback/aa.md", "content/feedback/ab.md", "content/feedback/c.md", "content/feedback/d.md", "a"} {
		i, ok := ps.Search(p)
		wi, wok := slices.BinarySearch(sorted, p)
		if i != wi || ok != wok {
			t.Errorf("Search(%q) = %d, %v; want %d, %v", p, i, ok, wi, wok)
		}
	}
}

func TestPathsBinary(t *testing.T) {
	ps := PathsOf("content/feedback/a.md", "", "content/feedback/é.md")
	data, err := ps.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got Paths
	if err := got.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if got.Len() != ps.Len() || got.At(0) != ps.At(0) || got.At(1) != "" || got.At(2) != ps.At(2) {
		t.Errorf("read back %d paths: %q, %q, ...", got.Len(), got.At(0), got.At(1))
	}
	// Cut anywhere, or with bytes to spare, it is refused.
	for i := range len(data) {
		if err := new(Paths).UnmarshalBinary(data[:i]); err == nil {
			t.Errorf("%d of %d bytes read without an error", i, len(data))
		}
	}
	if err := new(Paths).UnmarshalBinary(append(data, 'x')); err == nil {
		t.Error("a byte too many read without an error")
	}
}
