package content

import (
	"iter"
	"strings"
)

// Paths is a list of paths kept end to end in one string. A build holds
// the list of every candidate's file while it runs; as a []string of
// 100,000 it would be 100,001 objects for the garbage collector to mark
// at every collection. As Paths it is two. The zero value is an empty
// list.
type Paths struct {
	text string
	ends []uint32 // where each path ends in text
}

// Len is how many paths there are.
func (ps Paths) Len() int { return len(ps.ends) }

// All yields every path with its index, in order.
func (ps Paths) All() iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		start := uint32(0)
		for i, end := range ps.ends {
			if !yield(i, ps.text[start:end]) {
				return
			}
			start = end
		}
	}
}

// PathsBuilder makes a Paths. The zero value is ready.
type PathsBuilder struct {
	text strings.Builder
	ends []uint32
}

// Add appends p.
func (b *PathsBuilder) Add(p string) {
	b.text.WriteString(p)
	b.ends = append(b.ends, uint32(b.text.Len()))
}

// Paths returns the list made so far; the builder then starts anew.
func (b *PathsBuilder) Paths() Paths {
	ps := Paths{text: b.text.String(), ends: b.ends}
	*b = PathsBuilder{}
	return ps
}
