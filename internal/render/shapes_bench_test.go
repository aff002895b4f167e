package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/candor-feedback/candor/internal/content"
)

// BenchmarkWorstShapes renders the costliest Markdown that content's
// bounds accept, each about as large as a body may be (1 MiB), so that
// the README's figures for them can be checked: the shapes that cost more
// than linear time are refused before rendering (content.MaxNesting,
// content.MaxBrackets).
func BenchmarkWorstShapes(b *testing.B) {
	nested := func(marker string) string {
		var s strings.Builder
		for i := 0; s.Len() < content.MaxBodySize-4096; i++ {
			s.WriteString(strings.Repeat(" ", 2*i) + marker + " x\n")
		}
		return s.String()
	}
	fill := func(unit string, n int) string {
		return strings.Repeat(unit, n) + strings.Repeat("word ", (content.MaxBodySize-n*len(unit))/5-1)
	}
	shapes := map[string]string{
		"brackets":          fill("[](", content.MaxBrackets),
		"nested-one-line":   strings.Repeat(strings.Repeat("> ", content.MaxNesting)+"x\n", content.MaxBodySize/(2*content.MaxNesting+2)),
		"lists-by-indent":   nested("-"),
		"quotes-by-indent":  nested(">"),
		"emphasis":          strings.Repeat("*a", content.MaxBodySize/2),
		"images-unclosed":   fill("![", content.MaxBrackets/2),
		"autolinks-unended": strings.Repeat("<a", content.MaxBodySize/2),
	}
	md := newMarkdown()
	for name, src := range shapes {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				var out bytes.Buffer
				if err := md.Convert([]byte(src), &out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
