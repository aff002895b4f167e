// Package matter splits a Markdown file into its front matter and body, and
// decodes YAML, TOML or JSON front matter into one tree of values that
// remember the line they were written on.
package matter

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/adrg/frontmatter"
)

// Limits that keep a hostile or broken file from exhausting a build.
const (
	// MaxSize is the most front matter a file may have, in bytes.
	MaxSize = 256 << 10
	// MaxValues is the most values the front matter may hold once YAML
	// aliases are expanded; it stops "billion laughs" files.
	MaxValues = 10000
	// MaxDepth is the deepest nesting of lists and maps.
	MaxDepth = 32
)

// Kind is the type of a value.
type Kind uint8

const (
	Null Kind = iota
	String
	Bool
	Int
	Float
	List
	Map
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "nothing"
	case String:
		return "text"
	case Bool:
		return "true or false"
	case Int:
		return "a whole number"
	case Float:
		return "a number"
	case List:
		return "a list"
	case Map:
		return "a set of keys"
	}
	return "unknown"
}

// Node is one value of the front matter.
type Node struct {
	Kind Kind
	// Line is the line of the file the value is written on.
	Line int
	// Text is a scalar as written, for String, Int, Float and Bool; a YAML
	// or TOML date is a String holding its YYYY-MM-DD text.
	Text   string
	Bool   bool
	Int    int64
	Items  []*Node
	Fields []Field
}

// Field is one key of a map, in the order written.
type Field struct {
	Key   string
	Line  int
	Value *Node
}

// Format names a front matter language.
type Format string

const (
	YAML Format = "yaml"
	TOML Format = "toml"
	JSON Format = "json"
)

// Doc is a parsed file.
type Doc struct {
	// Format is empty when the file has no front matter.
	Format Format
	// Fence is the line of the opening fence, or 1 without front matter.
	Fence int
	// Root is the front matter map; nil when the file has none.
	Root     *Node
	Body     []byte
	BodyLine int
}

// Error is a problem with the front matter's syntax at a line of the file.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Normalize drops a UTF-8 byte order mark and turns CRLF and lone CR line
// endings (as YAML and editors read them) into LF. Line numbers, counted
// as lineStarts counts them, are unchanged.
func Normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src
}

type capture struct {
	format Format
	raw    []byte
}

func capturer(f Format) frontmatter.UnmarshalFunc {
	return func(data []byte, v any) error {
		c := v.(*capture)
		c.format = f
		c.raw = data
		return nil
	}
}

// formats are adrg/frontmatter's defaults, with decoding left to this
// package so that every value keeps its line.
var formats = []*frontmatter.Format{
	{Start: "---", End: "---", Unmarshal: capturer(YAML)},
	{Start: "---yaml", End: "---", Unmarshal: capturer(YAML)},
	{Start: "+++", End: "+++", Unmarshal: capturer(TOML)},
	{Start: "---toml", End: "---", Unmarshal: capturer(TOML)},
	{Start: ";;;", End: ";;;", Unmarshal: capturer(JSON)},
	{Start: "---json", End: "---", Unmarshal: capturer(JSON)},
}

// Parse splits src (already normalized) into front matter and body.
// The error, if any, is an *Error.
func Parse(src []byte) (*Doc, error) {
	fence, first := firstLine(src)
	doc := &Doc{Fence: fence, Body: src, BodyLine: 1}
	if strings.HasPrefix(first, "{") {
		return parseJSONObject(src, doc)
	}
	opens := false
	for _, f := range formats {
		if f.Start == first {
			opens = true
		}
	}
	if !opens {
		return doc, nil
	}
	var c capture
	rest, err := frontmatter.Parse(bytes.NewReader(src), &c, formats...)
	if err != nil || c.format == "" {
		return nil, &Error{Line: fence, Msg: fmt.Sprintf("front matter opened here is never closed: add a line %q after it", closer(first))}
	}
	if len(c.raw) > MaxSize {
		return nil, &Error{Line: fence, Msg: fmt.Sprintf("front matter is larger than %d KiB", MaxSize>>10)}
	}
	doc.Format = c.format
	// The body is the end of src (the parser returns what follows the
	// closing fence). Taken from src rather than from the parser's copy,
	// a kept Doc holds src alone: the copy sits in a buffer grown to
	// twice the file, and serve keeps every candidate's body.
	doc.Body = src[len(src)-len(rest):]
	doc.BodyLine = 1 + bytes.Count(src[:len(src)-len(rest)], []byte("\n"))
	// The raw text starts on the line after the fence.
	return doc.decode(c.format, c.raw, fence)
}

// decode decodes the front matter raw, whose first line is the file's
// line offset+1, into doc.Root.
func (doc *Doc) decode(format Format, raw []byte, offset int) (*Doc, error) {
	d := decoder{offset: offset}
	var err error
	switch format {
	case YAML:
		doc.Root, err = d.yaml(raw)
	case TOML:
		doc.Root, err = d.toml(raw)
	case JSON:
		doc.Root, err = d.json(raw)
	}
	if err != nil {
		return nil, err
	}
	if doc.Root == nil || doc.Root.Kind == Null {
		doc.Root = &Node{Kind: Map, Line: doc.Fence}
	}
	if doc.Root.Kind != Map {
		return nil, &Error{Line: doc.Root.Line, Msg: "front matter must be a list of keys and values, like title: Stages"}
	}
	return doc, nil
}

// parseJSONObject reads front matter written as a bare JSON object, the
// way Hugo reads it: from the first '{' to its matching '}', which may
// share its line with other JSON; the body starts on the next line.
func parseJSONObject(src []byte, doc *Doc) (*Doc, error) {
	start := bytes.IndexByte(src, '{')
	end := matchingBrace(src[start:])
	if end < 0 {
		return nil, &Error{Line: doc.Fence, Msg: "front matter opened here with { is never closed: end it with a matching }"}
	}
	end += start + 1
	if end-start > MaxSize {
		return nil, &Error{Line: doc.Fence, Msg: fmt.Sprintf("front matter is larger than %d KiB", MaxSize>>10)}
	}
	line, rest, _ := bytes.Cut(src[end:], []byte("\n"))
	closing := 1 + bytes.Count(src[:end], []byte("\n"))
	if len(bytes.TrimSpace(line)) > 0 {
		return nil, &Error{Line: closing, Msg: "the front matter ends with } on this line: start the text below it on a line of its own"}
	}
	doc.Format = JSON
	doc.Body = rest
	doc.BodyLine = closing + 1
	return doc.decode(JSON, src[start:end], doc.Fence-1)
}

// matchingBrace returns the index of the '}' that closes the '{' that
// starts b, passing over braces inside JSON strings; -1 if there is none.
func matchingBrace(b []byte) int {
	depth, inString, escaped := 0, false, false
	for i, c := range b {
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString && c == '"':
			inString = false
		case inString:
		case c == '"':
			inString = true
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// firstLine returns the number and trimmed text of the first line that is
// not blank, the way adrg/frontmatter looks for a fence.
func firstLine(src []byte) (int, string) {
	n := 1
	for len(src) > 0 {
		line, rest, _ := bytes.Cut(src, []byte("\n"))
		if t := bytes.TrimSpace(line); len(t) > 0 {
			return n, string(t)
		}
		src = rest
		n++
	}
	return 1, ""
}

func closer(open string) string {
	switch open {
	case "+++", ";;;":
		return open
	}
	return "---"
}

// decoder turns each language's values into Nodes, counting them so that
// no input can make it do unbounded work.
type decoder struct {
	offset int // added to a line of the raw front matter to give the file's line
	values int
}

var errTooMany = errors.New("too many values")

func (d *decoder) count(depth int) error {
	d.values++
	if d.values > MaxValues || depth > MaxDepth {
		return errTooMany
	}
	return nil
}

func (d *decoder) tooMany(line int) error {
	return &Error{Line: line, Msg: fmt.Sprintf("front matter is too large or too deeply nested (more than %d values once aliases are expanded)", MaxValues)}
}

// duplicate reports a key written twice in one map.
func duplicate(fields []Field, key string, line int) error {
	for _, f := range fields {
		if f.Key == key {
			return &Error{Line: line, Msg: fmt.Sprintf("%s is set twice (first on line %d)", key, f.Line)}
		}
	}
	return nil
}

// lineStarts indexes where each line of text begins, taking LF, CRLF
// and a lone CR each as one line break.
func lineStarts(text []byte) []int {
	starts := []int{0}
	for i, c := range text {
		if c == '\n' || c == '\r' && (i+1 == len(text) || text[i+1] != '\n') {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineAt returns the 1-based line of byte offset off.
func lineAt(starts []int, off int) int {
	lo, hi := 0, len(starts)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if starts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}

// trimPrefixFold removes a prefix such as "yaml: " from an error text.
func trimPrefixFold(s, prefix string) string {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):]
	}
	return s
}

// ParseYAML decodes a whole YAML file, such as candor.yaml, into a Node.
// It returns nil for an empty file.
func ParseYAML(src []byte) (*Node, error) {
	if len(src) > MaxSize {
		return nil, &Error{Line: 1, Msg: fmt.Sprintf("file is larger than %d KiB", MaxSize>>10)}
	}
	d := decoder{}
	return d.yaml(Normalize(src))
}

// ReplaceValue returns src with the text old, written as the value of the
// top-level key, replaced by new; every other byte stays as it was, in
// any of the three languages. new must need no more quoting than old.
func ReplaceValue(src []byte, key, old, new string) ([]byte, error) {
	doc, err := Parse(Normalize(src))
	if err != nil {
		return nil, err
	}
	if doc.Root == nil {
		return nil, &Error{Line: 1, Msg: "has no front matter"}
	}
	for _, f := range doc.Root.Fields {
		if f.Key != key {
			continue
		}
		if old == "" || f.Value.Kind != String {
			break
		}
		// Lines are the same in src as in its normalized form: only a BOM
		// and line endings differ, and lineStarts reads every ending.
		starts := lineStarts(src)
		line := f.Value.Line
		if line > len(starts) {
			break
		}
		from := starts[line-1]
		if line == f.Line {
			// Past the key, so that a value that is also a word of the
			// key is not the one replaced.
			from += bytes.Index(src[from:], []byte(key)) + len(key)
		}
		end := len(src)
		if line < len(starts) {
			end = starts[line]
		}
		i := bytes.Index(src[from:end], []byte(old))
		if i < 0 {
			break
		}
		i += from
		out := make([]byte, 0, len(src)-len(old)+len(new))
		out = append(out, src[:i]...)
		out = append(out, new...)
		return append(out, src[i+len(old):]...), nil
	}
	return nil, &Error{Line: doc.Fence, Msg: fmt.Sprintf("has no %s written on one line to replace", key)}
}
