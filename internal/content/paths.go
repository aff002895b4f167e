package content

import (
	"encoding/binary"
	"errors"
	"iter"
	"strings"
)

// Paths is a list of paths kept end to end in one string. A build holds
// the list of every candidate's file while it runs; as a []string of
// 100,000 it was 100,001 objects for the garbage collector to mark at
// every collection, which made a candidate cost more at 100,000 than at
// 10,000. As Paths it is two. The zero value is an empty list.
type Paths struct {
	text string
	ends []uint32 // where each path ends in text
}

// Len is how many paths there are.
func (ps Paths) Len() int { return len(ps.ends) }

// At is the i'th path.
func (ps Paths) At(i int) string {
	start := uint32(0)
	if i > 0 {
		start = ps.ends[i-1]
	}
	return ps.text[start:ps.ends[i]]
}

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

// Search finds p in a sorted list, as slices.BinarySearch does.
func (ps Paths) Search(p string) (int, bool) {
	lo, hi := 0, len(ps.ends)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ps.At(mid) < p {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(ps.ends) && ps.At(lo) == p
}

// IsSorted reports whether the paths are in increasing order.
func (ps Paths) IsSorted() bool {
	prev := ""
	for i, p := range ps.All() {
		if i > 0 && p <= prev {
			return false
		}
		prev = p
	}
	return true
}

// Slice is the paths from i up to j, sharing ps's text.
func (ps Paths) Slice(i, j int) Paths {
	start := uint32(0)
	if i > 0 {
		start = ps.ends[i-1]
	}
	ends := make([]uint32, j-i)
	for k := range ends {
		ends[k] = ps.ends[i+k] - start
	}
	end := start
	if j > 0 {
		end = ps.ends[j-1]
	}
	return Paths{text: ps.text[start:end], ends: ends}
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

// AddAll appends every path of ps.
func (b *PathsBuilder) AddAll(ps Paths) {
	for _, p := range ps.All() {
		b.Add(p)
	}
}

// Paths returns the list made so far; the builder then starts anew.
func (b *PathsBuilder) Paths() Paths {
	ps := Paths{text: b.text.String(), ends: b.ends}
	*b = PathsBuilder{}
	return ps
}

// MarshalBinary writes the list as its count, each path's length, and
// the text; encoding/gob uses it.
func (ps Paths) MarshalBinary() ([]byte, error) {
	out := make([]byte, 0, len(ps.text)+2*len(ps.ends)+binary.MaxVarintLen64)
	out = binary.AppendUvarint(out, uint64(len(ps.ends)))
	start := uint32(0)
	for _, end := range ps.ends {
		out = binary.AppendUvarint(out, uint64(end-start))
		start = end
	}
	return append(out, ps.text...), nil
}

var errPaths = errors.New("content: malformed list of paths")

// UnmarshalBinary reads what MarshalBinary wrote.
func (ps *Paths) UnmarshalBinary(data []byte) error {
	n, k := binary.Uvarint(data)
	if k <= 0 || n > uint64(len(data)) {
		return errPaths
	}
	data = data[k:]
	ends := make([]uint32, n)
	total := uint64(0)
	for i := range ends {
		size, k := binary.Uvarint(data)
		if k <= 0 {
			return errPaths
		}
		data = data[k:]
		if size > uint64(len(data)) || total+size > uint64(len(data)) || total+size > 1<<32-1 {
			return errPaths // checked before adding, so that the sum cannot wrap
		}
		total += size
		ends[i] = uint32(total)
	}
	if total != uint64(len(data)) {
		return errPaths
	}
	*ps = Paths{text: string(data), ends: ends}
	return nil
}
