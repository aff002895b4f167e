package content

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/candor-feedback/candor/internal/matter"
)

// runTogether reports whether a point holds several: " - " or " -Word"
// inside it, or a line that starts with '-', '*' or '•' and a space.
func runTogether(t string) bool {
	for i := 1; i < len(t); i++ {
		if t[i] != '-' && t[i] != '*' && !strings.HasPrefix(t[i:], "•") {
			continue
		}
		before := t[i-1]
		if before != ' ' && before != '\t' && before != '\n' {
			continue
		}
		rest := t[i+1:]
		if t[i] != '-' {
			_, size := utf8.DecodeRuneInString(t[i:])
			rest = t[i+size:]
		}
		if r, _ := utf8.DecodeRuneInString(rest); t[i] == '-' && unicode.IsLetter(r) {
			return true // " -Word": a dash without its space
		}
		if trimmed := strings.TrimLeft(rest, " \t"); len(trimmed) < len(rest) && trimmed != "" && (t[i] == '-' || strings.LastIndexByte(t[:i], '\n') >= strings.LastIndexFunc(t[:i], func(r rune) bool { return r != ' ' && r != '\t' && r != '\n' })) {
			return true // " - Word", or a line that starts with a bullet
		}
	}
	return false
}

// listWarnings reports points of strengths, improvements and concerns
// that were probably meant as several: YAML reads a line that starts
// with '-' without a space, or is indented further, as more of the point
// above.
func listWarnings(fb *Feedback, f *fields) {
	for _, key := range []string{"strengths", "improvements", "concerns"} {
		fd, ok := f.by[key]
		if !ok {
			continue
		}
		items := fd.Value.Items
		if fd.Value.Kind == matter.String {
			items = []*matter.Node{fd.Value}
		}
		for _, it := range items {
			if it.Kind != matter.String {
				continue
			}
			if t := strings.TrimSpace(it.Text); runTogether(t) && !strings.HasPrefix(t, "-") {
				fb.parseWarnings.Warn(fb.Path, it.Line, "this point of %s looks like several run together (a '-' inside it): start each point on a line of its own with '- ', lined up with the others", key)
			}
		}
	}
}

// htmlTag finds raw HTML in Markdown, which candor leaves out of pages:
// a tag, but not an autolink (<https://...>, <name@host>).
var htmlTag = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>`)

// htmlWarnings reports the lines of a body that hold raw HTML, outside
// code.
func htmlWarnings(fb *Feedback) {
	fenced := false
	for i, line := range strings.Split(string(fb.Body), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
			continue
		}
		if fenced || strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
			continue
		}
		if !strings.Contains(line, "<") {
			continue
		}
		outside := codeSpan.ReplaceAllString(line, "")
		for _, m := range htmlTag.FindAllString(outside, -1) {
			if strings.Contains(m, "@") || strings.Contains(m, "://") || strings.HasPrefix(strings.ToLower(m), "<mailto:") {
				continue
			}
			fb.parseWarnings.Warn(fb.Path, fb.BodyLine+i, "this line holds HTML (%s), which candor leaves out of the page: write it in Markdown instead, like **bold**, or a blank line for a new paragraph", strings.Fields(strings.Trim(m, "</>"))[0])
			break
		}
	}
}

var codeSpan = regexp.MustCompile("`[^`]*`")
