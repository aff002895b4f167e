package content

import (
	"strings"

	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/matter"
)

// Page is a public page: anything under content/ but content/feedback/.
type Page struct {
	// Path is the file's path in the site, like content/guide/stages.md.
	Path string
	// URL is the page's path below the base URL: "" for the home page,
	// "guide/stages/" for content/guide/stages.md.
	URL         string
	Title       string
	Description string
	Weight      int
	Draft       bool
	Body        []byte
	BodyLine    int
	// Sum is the SHA-256 of the file's bytes.
	Sum [32]byte
}

// IsHome reports whether p is the site's home page.
func (p *Page) IsHome() bool { return p.URL == "" }

var pageKeys = []string{"title", "description", "weight", "draft"}

// pageURL maps content/guide/stages.md to guide/stages/ and
// content/guide/index.md to guide/.
func pageURL(path string) string {
	rel := strings.TrimSuffix(strings.TrimPrefix(path, ContentDir+"/"), ".md")
	if rel == "index" {
		return ""
	}
	rel = strings.TrimSuffix(rel, "/index")
	return rel + "/"
}

func parsePage(path string, doc *matter.Doc, errs *diag.List) *Page {
	p := &Page{Path: path, URL: pageURL(path), Body: doc.Body, BodyLine: doc.BodyLine}
	f := newFields(path, doc.Fence, "", doc.Root, pageKeys, errs)
	f.require("title", ": the page's heading and its name in the navigation")
	p.Title = f.nonEmpty("title")
	p.Description = f.str("description")
	p.Weight, _ = f.integer("weight")
	p.Draft = f.boolean("draft")
	return p
}
