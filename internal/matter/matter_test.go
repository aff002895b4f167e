package matter

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseKeepsLines(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		format   Format
		fence    int
		bodyLine int
		keys     map[string]int // key -> line
	}{
		{"yaml", "---\ntitle: A\nweight: 2\n---\nBody\n", YAML, 1, 5, map[string]int{"title": 2, "weight": 3}},
		{"yaml after blank lines", "\n\n---\ntitle: A\n---\nBody\n", YAML, 3, 6, map[string]int{"title": 4}},
		{"toml", "+++\ntitle = \"A\"\n\n[[stages]]\nname = \"x\"\n+++\nBody\n", TOML, 1, 7, map[string]int{"title": 2, "stages": 4}},
		{"json braces", "{\n  \"title\": \"A\",\n  \"weight\": 2\n}\n\nBody\n", JSON, 1, 5, map[string]int{"title": 2, "weight": 3}},
		// As Hugo reads it: the object ends at its matching brace, and
		// the body may start on the next line.
		{"json braces, body next", "{\n  \"title\": \"A\",\n  \"weight\": 2\n}\nBody\n", JSON, 1, 5, map[string]int{"title": 2, "weight": 3}},
		{"json braces, nested", "{\n  \"title\": \"A }\",\n  \"weight\": {\"x\": 2}\n}\nBody {x}\n", JSON, 1, 5, map[string]int{"title": 2, "weight": 3}},
		{"json on one line", "{\"title\": \"A\"}\nBody\n", JSON, 1, 2, map[string]int{"title": 1}},
		{"json fence", ";;;\n{\"title\": \"A\"}\n;;;\nBody\n", JSON, 1, 4, map[string]int{"title": 2}},
		{"empty front matter", "---\n---\nBody\n", YAML, 1, 3, map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != tt.format || doc.Fence != tt.fence || doc.BodyLine != tt.bodyLine {
				t.Errorf("format %s fence %d body line %d, want %s %d %d", doc.Format, doc.Fence, doc.BodyLine, tt.format, tt.fence, tt.bodyLine)
			}
			if !strings.HasPrefix(string(doc.Body), "\nBody") && !strings.HasPrefix(string(doc.Body), "Body") {
				t.Errorf("body = %q", doc.Body)
			}
			got := map[string]int{}
			for _, f := range doc.Root.Fields {
				got[f.Key] = f.Line
			}
			for k, line := range tt.keys {
				if got[k] != line {
					t.Errorf("%s on line %d, want %d", k, got[k], line)
				}
			}
			if len(got) != len(tt.keys) {
				t.Errorf("keys %v, want %v", got, tt.keys)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	got := string(Normalize([]byte("\xef\xbb\xbf---\r\ntitle: A\r\n---\r\n")))
	if got != "---\ntitle: A\n---\n" {
		t.Errorf("Normalize = %q", got)
	}
	// Classic Mac endings: YAML reads a lone CR as a line break.
	if got := string(Normalize([]byte("---\rtitle: A\r---\r"))); got != "---\ntitle: A\n---\n" {
		t.Errorf("Normalize = %q", got)
	}
}

func TestScalars(t *testing.T) {
	doc, err := Parse([]byte("---\na: 2026-01-05\nb: '2026-01-05'\nc: true\nd: 12\ne: 1.5\nf: ~\ng: text\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		kind Kind
		text string
	}{
		"a": {String, "2026-01-05"}, "b": {String, "2026-01-05"}, "c": {Bool, "true"},
		"d": {Int, "12"}, "e": {Float, "1.5"}, "f": {Null, "~"}, "g": {String, "text"},
	}
	for _, f := range doc.Root.Fields {
		if w := want[f.Key]; f.Value.Kind != w.kind || f.Value.Text != w.text {
			t.Errorf("%s = %v %q, want %v %q", f.Key, f.Value.Kind, f.Value.Text, w.kind, w.text)
		}
	}
}

func TestHostileInput(t *testing.T) {
	var bomb strings.Builder
	bomb.WriteString("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 'b'; i <= 'j'; i++ {
		prev := string(i - 1)
		bomb.WriteString(string(i) + ": &" + string(i) + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n")
	}
	bomb.WriteString("---\n")
	deep := "---\na: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n---\n"
	huge := "---\na: \"" + strings.Repeat("x", MaxSize) + "\"\n---\n"
	tests := []struct {
		name, src, want string
	}{
		{"alias bomb", bomb.String(), "front matter is too large or too deeply nested"},
		{"deep nesting", deep, "too deeply nested"},
		{"huge", huge, "front matter is larger than 256 KiB"},
		{"unterminated", "+++\ntitle = 1\n", `never closed: add a line "+++" after it`},
		{"unterminated json", "{\n\"title\": \"}\"\n", "never closed: end it with a matching }"},
		{"text after json", "{\"title\": 1} Body\n", "start the text below it on a line of its own"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Parse([]byte(tt.src))
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(e.Msg, tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				// Not a speed test: a hang shows here as minutes.
				t.Errorf("took %v", d)
			}
		})
	}
}

// FuzzParse: no input makes Parse panic, and every error it returns
// names a line of the file.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../../content/*/*.md")
	more, _ := filepath.Glob("../../content/*.md")
	for _, p := range append(seeds, more...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("---\na: &a [*a]\n---\n"))
	f.Add([]byte("{\n\"a\": [1, {\"b\": null}]\n}\n\n"))
	f.Add([]byte("+++\n[[a]]\nb = 2026-01-01\n+++\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		src = Normalize(src)
		doc, err := Parse(src)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Line < 1 || e.Line > strings.Count(string(src), "\n")+1 {
				t.Fatalf("error %v has no line of the file", err)
			}
			return
		}
		if doc.Root != nil && doc.Root.Kind != Map {
			t.Fatalf("root is %v", doc.Root.Kind)
		}
	})
}

// TestBodyIsSrc: the body is the end of src itself, so that a kept Doc
// holds no copy of the file (serve keeps one per candidate).
func TestBodyIsSrc(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: A\n---\n\nThe body.\n",
		"+++\ntitle = \"A\"\n+++\n\nThe body.\n",
		"{\"title\": \"A\"}\n\nThe body.\n",
		";;;\n{\"title\": \"A\"}\n;;;\nThe body.\n",
	} {
		b := []byte(src)
		doc, err := Parse(b)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if got, want := string(doc.Body), src[strings.Index(src, "The body"):]; !strings.HasSuffix(got, want) {
			t.Errorf("%q: body %q, want it to end %q", src, got, want)
			continue
		}
		if &doc.Body[len(doc.Body)-1] != &b[len(b)-1] {
			t.Errorf("%q: the body is a copy, not the end of src", src)
		}
	}
}
