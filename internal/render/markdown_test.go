package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func md(t testing.TB, src string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := newMarkdown().Convert([]byte(src), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestMarkdownSafety(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    []string // substrings that must be there
		notWant []string // substrings that must not
	}{
		{"raw html is left out", "Hi <script>alert(1)</script> <b>bold</b>\n\n<div onclick=x>block</div>\n",
			nil, []string{"<script", "<b>", "<div", "onclick"}},
		{"javascript link", "[x](javascript:alert(1))", []string{"x"}, []string{"<a", "javascript"}},
		{"javascript link in other case", "[x](JaVaScRiPt:alert(1))", nil, []string{"<a", "alert"}},
		{"tab inside the scheme", "[x](java&#9;script:alert(1))", nil, []string{"<a"}},
		{"entity-encoded scheme", "[x](&#106;avascript:alert(1))", nil, []string{"<a"}},
		{"vbscript and file", "[a](vbscript:x) [b](file:///etc/passwd)", nil, []string{"<a"}},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"<a"}},
		{"external link", "[site](https://example.com/a?b=1)",
			[]string{`<a href="https://example.com/a?b=1" rel="noopener noreferrer">site</a>`}, nil},
		{"protocol-relative link", "[site](//example.com/)", []string{`rel="noopener noreferrer"`}, nil},
		{"mailto", "[mail](mailto:a@b.example)", []string{`href="mailto:a@b.example" rel="noopener noreferrer"`}, nil},
		{"local link has no rel", "[stages](/guide/stages/)", []string{`<a href="/guide/stages/">stages</a>`}, []string{"rel="}},
		{"autolink", "See https://example.com/x today.", []string{`<a href="https://example.com/x" rel="noopener noreferrer">https://example.com/x</a>`}, nil},
		{"www autolink", "See www.example.com today.", []string{`href="http://www.example.com" rel="noopener noreferrer"`}, nil},
		{"angle autolink", "<https://example.com/>", []string{`rel="noopener noreferrer"`}, nil},
		{"remote image is a link, not loaded", "![team photo](https://cdn.example.com/t.png)",
			[]string{`<a href="https://cdn.example.com/t.png" rel="noopener noreferrer" class="remote-image">team photo</a>`}, []string{"<img"}},
		{"protocol-relative image", "![x](//cdn.example.com/t.png)", nil, []string{"<img"}},
		{"scheme without slashes", "![x](http:cdn.example.com/t.png) ![y](HTTPS:cdn.example.com/t.png)", nil, []string{"<img"}},
		// Browsers read \\ as // in an address, but not %5C%5C.
		{"backslashes are escaped, so stay on the site", `![x](\\\\cdn.example.com/t.png) ![y](/\\\\cdn.example.com/t.png)`,
			[]string{`<img src="%5C%5Ccdn.example.com/t.png"`, `<img src="/%5C%5Ccdn.example.com/t.png"`}, nil},
		{"a file named http is local", "![x](http) ![y](https-guide.png)", []string{`<img src="http" alt="x"`, `<img src="https-guide.png" alt="y"`}, nil},
		{"local image", "![team](/images/team.png)", []string{`<img src="/images/team.png" alt="team" loading="lazy">`}, nil},
		{"data image", "![dot](data:image/png;base64,iVBORw0KGgo=)", []string{`<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"`}, nil},
		{"svg data image", "![x](data:image/svg+xml;base64,PHN2Zz4=)", nil, []string{"<img", "<a"}},
		{"javascript image", "![x](javascript:alert(1))", []string{"x"}, []string{"<img", "<a"}},
		{"attribute breakout", `[x](https://e.example/"onmouseover="alert(1))`, nil, []string{`"onmouseover`}},
		{"reference link", "[x][r]\n\n[r]: javascript:alert(1)\n", nil, []string{"<a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := md(t, tt.src)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(strings.ToLower(got), strings.ToLower(w)) {
					t.Errorf("output has %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestMarkdownFeatures(t *testing.T) {
	src := "## Next steps\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\" -- done\n\n- [x] task\n\nNote[^1]\n\n[^1]: A footnote.\n"
	got := md(t, src)
	for _, w := range []string{
		`<h2 id="next-steps">`, "<table>", "<del>old</del>", "&ldquo;quoted&rdquo;", "&ndash;",
		`<input checked="" disabled="" type="checkbox"`, `class="footnotes"`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
}

// FuzzMarkdown: any body renders without panicking, and nothing that
// runs script or loads from another host gets through.
func FuzzMarkdown(f *testing.F) {
	paths, _ := filepath.Glob("../../content/*/*.md")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("[x](javascript:alert(1)) ![y](https://e.example/i.png) <script>x</script>")
	f.Add("<https://e.example> www.e.example [^1]\n\n[^1]: n\n| a |\n|---|\n| b |")
	m := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		var buf bytes.Buffer
		if err := m.Convert([]byte(src), &buf); err != nil {
			return
		}
		out := strings.ToLower(buf.String())
		// An image may be a file named "http" (a relative address), not
		// one with the scheme: "http:x" loads from host x.
		for _, bad := range []string{"<script", "<iframe", "<img src=\"http:", "<img src=\"https:", "<img src=\"//", "<img src=\"\\\\", "<img src=\"/\\", "href=\"javascript:", "href=\"vbscript:", "href=\"data:"} {
			if strings.Contains(out, bad) {
				t.Fatalf("%q rendered %q", src, bad)
			}
		}
	})
}
