package matter

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"
)

func (d *decoder) toml(raw []byte) (*Node, error) {
	// The TOML decoder's work grows faster than its input on deep nesting
	// and long dotted keys (16 KB of nested inline tables took 12 s and
	// 433 MB): bound it before it starts.
	if line, ok := tomlBounded(raw); !ok {
		return nil, d.tooMany(d.offset + line)
	}
	var m map[string]any
	if _, err := toml.Decode(string(raw), &m); err != nil {
		line := 1
		msg := err.Error()
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line = max(pe.Position.Line, 1)
			msg = pe.Message
		}
		return nil, &Error{Line: d.offset + line, Msg: tomlWords(trimPrefixFold(msg, "toml: "))}
	}
	t := tomlDecoder{decoder: d, lines: tomlLines(string(raw))}
	return t.value(m, "", 0)
}

type tomlDecoder struct {
	*decoder
	lines map[string]int
}

// line finds where path (keys and indexes joined by dots) was written,
// falling back to its nearest written parent: the decoded TOML does not
// remember positions, so tomlLines recovers them from the text.
func (t *tomlDecoder) line(path string) int {
	for {
		if l, ok := t.lines[path]; ok {
			return t.offset + l
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			return t.offset
		}
		path = path[:i]
	}
}

func (t *tomlDecoder) value(v any, path string, depth int) (*Node, error) {
	line := t.line(path)
	if err := t.count(depth); err != nil {
		return nil, t.tooMany(line)
	}
	switch v := v.(type) {
	case map[string]any:
		n := &Node{Kind: Map, Line: line}
		for k, item := range v {
			child, err := t.value(item, join(path, k), depth+1)
			if err != nil {
				return nil, err
			}
			n.Fields = append(n.Fields, Field{Key: k, Line: t.line(join(path, k)), Value: child})
		}
		slices.SortFunc(n.Fields, func(a, b Field) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), strings.Compare(a.Key, b.Key))
		})
		return n, nil
	case []map[string]any:
		n := &Node{Kind: List, Line: line}
		for i, item := range v {
			child, err := t.value(item, join(path, strconv.Itoa(i)), depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, child)
		}
		return n, nil
	case []any:
		n := &Node{Kind: List, Line: line}
		for i, item := range v {
			child, err := t.value(item, join(path, strconv.Itoa(i)), depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, child)
		}
		return n, nil
	case string:
		return &Node{Kind: String, Line: line, Text: v}, nil
	case bool:
		return &Node{Kind: Bool, Line: line, Bool: v, Text: strconv.FormatBool(v)}, nil
	case int64:
		return &Node{Kind: Int, Line: line, Int: v, Text: strconv.FormatInt(v, 10)}, nil
	case float64:
		return &Node{Kind: Float, Line: line, Text: strconv.FormatFloat(v, 'g', -1, 64)}, nil
	case time.Time:
		// A bare TOML date (2026-03-02) decodes into a zone named
		// "date-local"; its text is what the rest of candor checks.
		if v.Location().String() == "date-local" {
			return &Node{Kind: String, Line: line, Text: v.Format(time.DateOnly)}, nil
		}
		return &Node{Kind: String, Line: line, Text: v.Format(time.RFC3339)}, nil
	}
	return &Node{Kind: String, Line: line, Text: fmt.Sprint(v)}, nil
}

// quoted matches what a TOML error quotes of the file.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'[^']*'`)

// tomlMessage is the decoder's message without the text it quotes from
// the file, which may be a token, an address or a name (CI logs are read
// by more people than the content is).
func tomlMessage(msg string) string {
	if strings.HasPrefix(msg, "expected value but found") {
		return "a value here is not one TOML knows: put text in quotes, like name = \"Ada\""
	}
	return quoted.ReplaceAllStringFunc(msg, func(q string) string {
		if strings.IndexFunc(q, unicode.IsLetter) < 0 {
			return q // a date, a number or punctuation: no one's secret
		}
		return "…"
	})
}

// tomlBounded reports whether raw nests at most MaxDepth deep and holds
// at most MaxValues keys, values and dotted key parts, counted outside
// strings and comments in one pass; if not, the line where it went past.
func tomlBounded(raw []byte) (int, bool) {
	depth, count, line := 0, 0, 1
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '\n':
			line++
		case '#':
			for i+1 < len(raw) && raw[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			delim := raw[i : i+1]
			if i+2 < len(raw) && raw[i+1] == c && raw[i+2] == c {
				delim = raw[i : i+3]
			}
			i += len(delim)
			for i < len(raw) && !hasPrefixAt(raw, i, delim) {
				if raw[i] == '\\' && c == '"' {
					i++
				} else if raw[i] == '\n' {
					if len(delim) == 1 {
						break // a one-line string ends at the line: the decoder says so
					}
					line++
				}
				i++
			}
			if i < len(raw) && raw[i] == '\n' {
				line++
			}
			i += len(delim) - 1
		case '[', '{':
			depth++
			count++
		case ']', '}':
			depth--
		case '.', ',', '=':
			count++
		}
		if depth > MaxDepth || count > MaxValues {
			return line, false
		}
	}
	return 0, true
}

func hasPrefixAt(b []byte, i int, prefix []byte) bool {
	return len(b)-i >= len(prefix) && string(b[i:i+len(prefix)]) == string(prefix)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// tomlLines maps each key path to the line it is written on: top-level
// keys, [table] and [[array]] headers and the keys under them. Values
// inside inline tables and arrays map to the line of their key.
func tomlLines(raw string) map[string]int {
	lines := map[string]int{}
	set := func(path string, n int) {
		if _, ok := lines[path]; !ok {
			lines[path] = n
		}
	}
	arrays := map[string]int{}
	prefix := ""
	multi := "" // the delimiter of a multi-line string being skipped
	for i, l := range strings.Split(raw, "\n") {
		n := i + 1
		t := strings.TrimSpace(l)
		if multi != "" {
			if strings.Count(t, multi)%2 == 1 {
				multi = ""
			}
			continue
		}
		if t == "" || t[0] == '#' {
			continue
		}
		if strings.HasPrefix(t, "[[") {
			name := tomlKey(strings.Trim(t, "[] \t"))
			idx := arrays[name]
			arrays[name]++
			set(name, n)
			prefix = join(name, strconv.Itoa(idx))
			set(prefix, n)
			continue
		}
		if t[0] == '[' {
			end := strings.IndexByte(t, ']')
			if end < 0 {
				continue
			}
			prefix = tomlKey(t[1:end])
			set(prefix, n)
			continue
		}
		k, rest, ok := strings.Cut(t, "=")
		if !ok {
			continue
		}
		set(join(prefix, tomlKey(k)), n)
		for _, delim := range []string{`"""`, `'''`} {
			if strings.Count(rest, delim)%2 == 1 {
				multi = delim
			}
		}
	}
	return lines
}

// tomlKey turns `a . "b"` into a.b.
func tomlKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}
