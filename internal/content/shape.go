package content

import (
	"bytes"
	"fmt"
)

// Bounds on the shapes of Markdown that cost a renderer more than linear
// time, so that no file under the size limits can stall a build:
// 200,000 '>' on one line took 30 s to render, 300 KB of "[](" 65 s.
const (
	// MaxNesting is how many quotes and lists one line may open inside
	// each other.
	MaxNesting = 16
	// MaxBrackets is how many '[' a body may hold: every one may start a
	// link, and the renderer looks for the end of each.
	MaxBrackets = 2000
)

// markdownShape finds the first line of body whose shape is past the
// bounds, and says why in a recruiter's words; "" when there is none.
func markdownShape(body []byte) (int, string) {
	brackets := 0
	for n := 1; len(body) > 0; n++ {
		line, rest, _ := bytes.Cut(body, []byte("\n"))
		if depth := nesting(line); depth > MaxNesting {
			return n, fmt.Sprintf("this line opens %d quotes or lists inside each other; write it with at most %d", depth, MaxNesting)
		}
		brackets += bytes.Count(line, []byte("["))
		if brackets > MaxBrackets {
			return n, fmt.Sprintf("the text has more than %d square brackets by this line; a page needs far fewer: remove the ones that are not links", MaxBrackets)
		}
		body = rest
	}
	return 0, ""
}

// nesting counts the quote marks ('>') and list markers ("- ", "1. ")
// that open a line, one inside the other.
func nesting(line []byte) int {
	depth := 0
	for {
		line = bytes.TrimLeft(line, " \t")
		switch {
		case len(line) > 0 && line[0] == '>':
			line = line[1:]
		case len(line) > 1 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && (line[1] == ' ' || line[1] == '\t'):
			line = line[2:]
		default:
			digits := 0
			for digits < len(line) && digits < 9 && '0' <= line[digits] && line[digits] <= '9' {
				digits++
			}
			if digits == 0 || digits+1 >= len(line) || line[digits] != '.' && line[digits] != ')' || line[digits+1] != ' ' && line[digits+1] != '\t' {
				return depth
			}
			line = line[digits+2:]
		}
		depth++
	}
}
