package render

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newMarkdown returns candor's Markdown: CommonMark with GFM, footnotes,
// typographer and heading ids. Raw HTML is left out (goldmark's default
// without WithUnsafe), and links and images go through safeLinks.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			// GFM, with table alignment as classes: an inline style
			// would be blocked by the pages' own Content-Security-Policy.
			extension.Linkify, extension.Strikethrough, extension.TaskList,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Footnote, extension.Typographer,
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(alignClasses{}, 100)),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(safeLinks{}, 100)),
		),
	)
}

// alignClasses marks each aligned table cell with a class the theme's
// stylesheet defines: align-left, align-center or align-right.
type alignClasses struct{}

func (alignClasses) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if cell, ok := n.(*east.TableCell); ok && entering && cell.Alignment != east.AlignNone {
			cell.SetAttributeString("class", []byte("align-"+cell.Alignment.String()))
		}
		return ast.WalkContinue, nil
	})
}

// safeLinks renders links and images so that a page never runs script
// from a link and never loads anything from another host:
//   - only http, https, mailto and tel links, and relative ones, become
//     links; anything else is left as its text;
//   - links to other hosts carry rel="noopener noreferrer";
//   - a remote image becomes a link to it; only same-site images and
//     data:image URLs of the common formats are shown.
type safeLinks struct{}

func (safeLinks) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindAutoLink, renderAutoLink)
	reg.Register(ast.KindImage, renderImage)
}

// Kinds of URL, as far as a page is concerned.
type urlKind int

const (
	unsafeURL urlKind = iota
	localURL          // relative to the site
	remoteURL         // another host, or another program (mailto:, tel:)
	dataImage         // data:image/png and friends
)

func classify(dest []byte) urlKind {
	for _, c := range dest {
		// Browsers drop tabs and newlines inside URLs, so "java\tscript:"
		// would run; no safe link needs a control character.
		if c < 0x20 || c == 0x7f {
			return unsafeURL
		}
	}
	s := string(dest)
	if strings.HasPrefix(s, "//") || strings.HasPrefix(s, `\\`) || strings.HasPrefix(s, `/\`) {
		return remoteURL
	}
	i := strings.IndexAny(s, ":/?#")
	if i < 0 || s[i] != ':' {
		return localURL
	}
	switch strings.ToLower(s[:i]) {
	case "http", "https", "mailto", "tel":
		return remoteURL
	case "data":
		lower := strings.ToLower(s)
		for _, t := range []string{"png", "gif", "jpeg", "webp"} {
			if strings.HasPrefix(lower, "data:image/"+t+";") || strings.HasPrefix(lower, "data:image/"+t+",") {
				return dataImage
			}
		}
	}
	return unsafeURL
}

const relOutbound = ` rel="noopener noreferrer"`

// resolve returns a destination as it will be written, entities resolved
// and unsafe bytes percent-encoded, and what kind of URL that is. Judging
// the written form means no encoding trick can smuggle a scheme past.
func resolve(dest []byte) ([]byte, urlKind) {
	url := util.URLEscape(dest, true)
	return url, classify(url)
}

// writeHref opens a link to url, already resolved.
func writeHref(w util.BufWriter, url []byte, kind urlKind) {
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(url))
	_ = w.WriteByte('"')
	if kind == remoteURL {
		_, _ = w.WriteString(relOutbound)
	}
}

func renderLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	url, kind := resolve(n.Destination)
	if kind != localURL && kind != remoteURL {
		return ast.WalkContinue, nil
	}
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	writeHref(w, url, kind)
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(n.Title))
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func renderAutoLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	url, label := n.URL(source), n.Label(source)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		url = append([]byte("mailto:"), url...)
	}
	url, kind := resolve(url)
	if kind != localURL && kind != remoteURL {
		_, _ = w.Write(util.EscapeHTML(label))
		return ast.WalkContinue, nil
	}
	writeHref(w, url, kind)
	_ = w.WriteByte('>')
	_, _ = w.Write(util.EscapeHTML(label))
	_, _ = w.WriteString("</a>")
	return ast.WalkContinue, nil
}

func renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	alt := plainText(n, source)
	url, kind := resolve(n.Destination)
	switch kind {
	case localURL, dataImage:
		_, _ = w.WriteString(`<img src="`)
		_, _ = w.Write(util.EscapeHTML(url))
		_, _ = w.WriteString(`" alt="`)
		_, _ = w.Write(util.EscapeHTML(alt))
		_ = w.WriteByte('"')
		if n.Title != nil {
			_, _ = w.WriteString(` title="`)
			_, _ = w.Write(util.EscapeHTML(n.Title))
			_ = w.WriteByte('"')
		}
		_, _ = w.WriteString(` loading="lazy">`)
	case remoteURL:
		// Loading it would tell another host who reads the page, and when.
		writeHref(w, url, kind)
		_, _ = w.WriteString(` class="remote-image">`)
		if len(alt) == 0 {
			alt = []byte("image")
		}
		_, _ = w.Write(util.EscapeHTML(alt))
		_, _ = w.WriteString("</a>")
	default:
		_, _ = w.Write(util.EscapeHTML(alt))
	}
	return ast.WalkSkipChildren, nil
}

// plainText is the text of n's descendants, without markup.
func plainText(n ast.Node, source []byte) []byte {
	var b []byte
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b = append(b, c.Segment.Value(source)...)
		case *ast.String:
			b = append(b, c.Value...)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					b = append(b, tx.Segment.Value(source)...)
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b
}
