// Package diag collects problems found in a site's files, each with the
// position a person needs to fix it.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem at one place. Line counts from 1; a zero Line means
// the problem concerns the whole file.
type Error struct {
	Path string
	Line int
	Msg  string
	// Warning marks something that will likely come out wrong but does
	// not stop a build.
	Warning bool
}

func (e Error) Error() string {
	msg := e.Msg
	if e.Warning {
		msg = "warning: " + msg
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, msg)
	}
	return e.Path + ": " + msg
}

// List is every problem found in one run. Like go/scanner.ErrorList, its
// zero value is ready to use and Err returns nil when it is empty.
type List []Error

// Add records a problem.
func (l *List) Add(path string, line int, format string, args ...any) {
	*l = append(*l, Error{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Warn records a warning.
func (l *List) Warn(path string, line int, format string, args ...any) {
	*l = append(*l, Error{Path: path, Line: line, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// Append records every problem of other.
func (l *List) Append(other List) { *l = append(*l, other...) }

// Sort orders the problems by path, then line, then message, and drops
// exact repeats.
func (l List) Sort() List {
	slices.SortStableFunc(l, func(a, b Error) int {
		return cmp.Or(
			strings.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			strings.Compare(a.Msg, b.Msg),
		)
	})
	return slices.Compact(l)
}

func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns the list as an error, or nil when it holds no problem.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l.Sort()
}
