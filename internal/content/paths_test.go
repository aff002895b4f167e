package content

import (
	"slices"
	"testing"
)

func TestPaths(t *testing.T) {
	list := []string{"content/feedback/a.md", "content/feedback/b-c.md", "", "content/feedback/z.md"}
	ps := pathsOf(list...)
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
	ps := pathsOf(sorted...)
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
	ps := pathsOf("content/feedback/a.md", "", "content/feedback/é.md")
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

// FuzzPathsBinary: whatever the bytes (a build state is read from the
// user's cache folder), reading them fails or gives a list whose every
// path can be read, and which writes out and reads back the same.
func FuzzPathsBinary(f *testing.F) {
	for _, ps := range []Paths{{}, pathsOf("content/feedback/a.md"), pathsOf("a", "", "bc")} {
		data, _ := ps.MarshalBinary()
		f.Add(data)
	}
	// Lengths 5, 2^64-5 and 5: a sum that wraps to 0 halfway.
	f.Add([]byte{3, 5, 0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 5, 'a', 'b', 'c', 'd', 'e'})
	f.Fuzz(func(t *testing.T, data []byte) {
		var ps Paths
		if ps.UnmarshalBinary(data) != nil {
			return
		}
		var got []string
		for _, p := range ps.All() {
			got = append(got, p)
		}
		again, _ := pathsOf(got...).MarshalBinary()
		var back Paths
		if err := back.UnmarshalBinary(again); err != nil || back.Len() != len(got) {
			t.Fatalf("%q read back as %d paths (%v), from %d", again, back.Len(), err, len(got))
		}
		for i, p := range back.All() {
			if ps.At(i) != p {
				t.Errorf("path %d: read back %q, was %q", i, p, ps.At(i))
			}
		}
	})
}

func pathsOf(list ...string) Paths {
	var b PathsBuilder
	for _, p := range list {
		b.Add(p)
	}
	return b.Paths()
}
