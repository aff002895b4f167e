package guard

import (
	"regexp/syntax"
	"slices"
	"strings"
)

// Most feedback says nothing a rule looks for, and running every rule's
// patterns over every sentence of 10,000 files took fifty times a whole
// build. So each pattern is reduced to literal strings, one of which any
// match must hold ("retire" for "(your|his|her|their) retirement"), and one
// pass over a text with an Aho-Corasick automaton of all of them tells
// which patterns can match at all; only those run. A pattern with no such
// literal runs always (TestEveryPatternHasLiterals keeps there being none).

// required returns strings, lower case, one of which every match of re
// holds; nil when it cannot tell. exact says that every match of re is
// one of them, so that what precedes and follows can be joined on;
// prefix, that every match starts with one of them.
func required(re *syntax.Regexp) (lits []string, exact, prefix bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{normal(string(re.Rune))}, true, true
	case syntax.OpWordBoundary:
		// The scan reads every byte that is not a letter, digit or '_' as
		// a space, and the text as if spaces stood around it, so a word
		// boundary is a space next to the word.
		return []string{" "}, true, true
	case syntax.OpEmptyMatch, syntax.OpNoWordBoundary, syntax.OpBeginText, syntax.OpEndText, syntax.OpBeginLine, syntax.OpEndLine:
		return []string{""}, true, true // matches nothing, or a place
	case syntax.OpQuest:
		if l, e, _ := required(re.Sub[0]); e && len(l) <= 16 {
			return append(l, ""), true, true
		}
	case syntax.OpCapture:
		return required(re.Sub[0])
	case syntax.OpPlus:
		l, _, p := required(re.Sub[0])
		return l, false, p
	case syntax.OpRepeat:
		if re.Min >= 1 {
			l, _, p := required(re.Sub[0])
			return l, false, p
		}
	case syntax.OpCharClass:
		// A few letters, as the parser makes of m(o|u)m: each is a
		// literal.
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) == 8 {
					return nil, false, false
				}
				out = append(out, normal(string(r)))
			}
		}
		return out, true, true
	case syntax.OpAlternate:
		var out []string
		exact, prefix := true, true
		for _, sub := range re.Sub {
			l, e, p := required(sub)
			if l == nil {
				return nil, false, false
			}
			out, exact, prefix = append(out, l...), exact && e, prefix && p
		}
		return out, exact, prefix
	case syntax.OpConcat:
		groups, exact, lead := joinRuns(re.Sub)
		if exact {
			return groups[0], true, true
		}
		var best []string
		for _, g := range groups {
			if score(g) > score(best) {
				best = g
			}
		}
		return best, false, lead != nil && score(lead) >= score(best)
	}
	return nil, false, false
}

// joinRuns reads a sequence: runs of parts matched exactly by literals
// are joined ("(as|for) a (woman|man)" needs "as a woman" or ...), and a
// part whose literals start its matches ends a run joined on. It returns
// every run and part's literals, whether the whole sequence is exact (then
// it is the one group), and the leading group when it starts every match.
func joinRuns(parts []*syntax.Regexp) (groups [][]string, exact bool, lead []string) {
	var run []string
	exact = true
	leading := true // run starts every match
	end := func() {
		if run != nil {
			if leading && lead == nil {
				lead = run
			}
			groups = append(groups, run)
		}
		run = nil
	}
	join := func(a, b []string) []string {
		var out []string
		for _, x := range a {
			for _, y := range b {
				out = append(out, x+y)
			}
		}
		return out
	}
	for _, sub := range parts {
		l, e, p := required(sub)
		switch {
		case l == nil:
			exact = false
			end()
			leading = false
		case !e:
			exact = false
			if run != nil && p && len(run)*len(l) <= 512 {
				run = join(run, l) // the part's literals start its matches
			} else {
				end()
				if run == nil && !p {
					leading = false
				}
				run = l
			}
			end()
			leading = false
		case run == nil:
			run = l
		case len(run)*len(l) > 512:
			// Too many to join: start anew, but keep a space the run
			// ends on, so that "old" does not also find "told".
			exact = false
			prev := run
			end()
			leading = false
			run = carry(prev, l)
		default:
			run = join(run, l)
		}
	}
	if exact && run != nil {
		return [][]string{run}, true, run
	}
	end()
	return groups, false, lead
}

// carry is next, each with the byte that every string of run ends on,
// when that is a space.
func carry(run, next []string) []string {
	for _, r := range run {
		if !strings.HasSuffix(r, " ") {
			return next
		}
	}
	out := make([]string, len(next))
	for i, n := range next {
		out[i] = " " + n
	}
	return out
}

// normal is s as the scan reads text: ASCII letters lowered, every other
// byte but digits and '_' a space (a non-ASCII letter is not a word
// character to a regular expression's \b either).
func normal(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = fold[c]
	}
	return string(b)
}

var fold = func() (t [256]byte) {
	for c := range 256 {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_':
			t[c] = byte(c)
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c + 'a' - 'A')
		default:
			t[c] = ' '
		}
	}
	return t
}()

// score rates a set of literals as a filter: the shortest is what most
// often matches by chance.
func score(lits []string) int {
	if lits == nil {
		return -1
	}
	shortest := 1 << 30
	for _, l := range lits {
		shortest = min(shortest, len(strings.TrimSpace(l)))
	}
	return shortest*64 - len(lits)
}

// factors are sets of strings that every match of pattern holds one of
// each: the literals of each part of its top-level sequence ("(someone|
// people) (younger|older)" gives two). Sets of strings shorter than 3
// bytes, too common to filter on, are left out.
func factors(pattern string) [][]string {
	re, err := syntax.Parse(pattern, syntax.Perl|syntax.FoldCase)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	var groups [][]string
	if re.Op == syntax.OpConcat {
		groups, _, _ = joinRuns(re.Sub)
	} else if l, _, _ := required(re); l != nil {
		groups = [][]string{l}
	}
	var out [][]string
	for _, g := range groups {
		if score(g) >= 3*64-64 {
			out = append(out, g)
		}
	}
	return out
}

// automaton finds, in one pass over a text, which of many literals it
// holds: Aho-Corasick over ASCII-lowered bytes, with a full transition
// table over the bytes the literals use.
type automaton struct {
	class   [256]uint8 // folded byte -> column; 0 for bytes no literal uses
	raw     [256]uint8 // byte as read -> its column: fold and class in one
	columns int
	longest int     // bytes in the longest literal
	table   []int32 // row + column -> the next state's row, ^row when it accepts
	// The literal sets one of whose strings ends at state s are
	// sets[ends[s]:ends[s+1]]: flat, so that the collector has no
	// pointers to follow in them.
	ends []int32
	sets []int32
}

func newAutomaton(lits [][]string) *automaton {
	a := &automaton{columns: 1}
	for _, set := range lits {
		for _, l := range set {
			for i := 0; i < len(l); i++ {
				if a.class[l[i]] == 0 {
					a.class[l[i]] = uint8(a.columns)
					a.columns++
				}
			}
		}
	}
	cols := a.columns
	// The trie, as rows of a table, one row a state: -1 where a state has
	// no edge. It has a state per distinct prefix of the literals, which
	// sorting them counts.
	var all []string
	for _, set := range lits {
		all = append(all, set...)
	}
	slices.Sort(all)
	states, prev := 1, ""
	for _, l := range all {
		common := 0
		for common < len(l) && common < len(prev) && l[common] == prev[common] {
			common++
		}
		states += len(l) - common
		prev = l
	}
	next := make([]int32, states*cols)
	for i := range next {
		next[i] = -1
	}
	rows := int32(1) // the root
	out := make([][]int, 1, states)
	for g, set := range lits {
		for _, l := range set {
			s := 0
			for i := 0; i < len(l); i++ {
				c := int(a.class[l[i]])
				if next[s*cols+c] < 0 {
					next[s*cols+c] = rows
					rows++
					out = append(out, nil)
				}
				s = int(next[s*cols+c])
			}
			out[s] = append(out[s], g)
			a.longest = max(a.longest, len(l))
		}
	}
	// Failure links, breadth first, fill the missing edges.
	fail := make([]int32, len(out))
	queue := make([]int32, 0, len(out))
	for c := range cols {
		if n := next[c]; n > 0 {
			queue = append(queue, n)
		} else {
			next[c] = 0
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		out[s] = append(out[s], out[fail[s]]...)
		for c := range cols {
			i := int(s)*cols + c
			if n := next[i]; n > 0 {
				fail[n] = next[int(fail[s])*cols+c]
				queue = append(queue, n)
			} else {
				next[i] = next[int(fail[s])*cols+c]
			}
		}
	}
	a.ends = make([]int32, 0, len(out)+1)
	for _, o := range out {
		a.ends = append(a.ends, int32(len(a.sets)))
		for _, g := range o {
			a.sets = append(a.sets, int32(g))
		}
	}
	a.ends = append(a.ends, int32(len(a.sets)))
	// A state is stored as its row's offset in the table, so that a step
	// is one addition and one load, and an accepting state as its
	// complement, so that the scan tells a hit by its sign.
	for i, st := range next {
		next[i] = st * int32(cols)
		if len(out[st]) > 0 {
			next[i] = ^next[i]
		}
	}
	a.table = slices.Clip(next)
	for b := range 256 {
		a.raw[b] = a.class[fold[b]]
	}
	return a
}

// scan marks in hits every literal set one of whose strings text holds,
// and reports whether it marked any.
func (a *automaton) scan(text string, hits []bool) bool {
	space := int(a.class[' '])
	table, raw, cols := a.table, &a.raw, int32(a.columns)
	any := false
	mark := func(s int32) int32 {
		s = ^s
		any = true
		row := s / cols
		for _, p := range a.sets[a.ends[row]:a.ends[row+1]] {
			hits[p] = true
		}
		return s
	}
	s := table[space] // the text as if a space stood before it
	if s < 0 {
		s = mark(s)
	}
	// Each step waits for the one before it, so a long text is read as
	// four quarters at once, each but the last read on into the next for
	// as long as a literal may be, so that no match across a seam is
	// missed: the four chains of lookups overlap in the processor.
	run := func(s int32, from, to int) int32 {
		for k := from; k < to; k++ {
			if s = table[s+int32(raw[text[k]])]; s < 0 {
				s = mark(s)
			}
		}
		return s
	}
	i := 0
	if n := len(text); n >= 8*a.longest && n >= 512 {
		q := n / 4
		var s1, s2, s3 int32 // the other quarters start at the root
		for k := 0; k < q; k++ {
			s = table[s+int32(raw[text[k]])]
			s1 = table[s1+int32(raw[text[q+k]])]
			s2 = table[s2+int32(raw[text[2*q+k]])]
			s3 = table[s3+int32(raw[text[3*q+k]])]
			if s|s1|s2|s3 < 0 {
				if s < 0 {
					s = mark(s)
				}
				if s1 < 0 {
					s1 = mark(s1)
				}
				if s2 < 0 {
					s2 = mark(s2)
				}
				if s3 < 0 {
					s3 = mark(s3)
				}
			}
		}
		run(s, q, q+a.longest-1)
		run(s1, 2*q, 2*q+a.longest-1)
		run(s2, 3*q, 3*q+a.longest-1)
		i, s = 4*q, s3 // the rest of the last quarter
	}
	s = run(s, i, len(text))
	if s = table[s+int32(space)]; s < 0 { // and after it
		mark(s)
	}
	return any
}
