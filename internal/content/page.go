package content

import (
	"regexp"
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

// suggestName is path with every run of characters a page's address
// cannot hold made a hyphen.
func suggestName(path string) string {
	segs := strings.Split(strings.TrimSuffix(path, ".md"), "/")
	for i, seg := range segs[1:] {
		if clean := strings.Trim(unclean.ReplaceAllString(seg, "-"), "-"); clean != "" {
			segs[i+1] = clean
		} else {
			segs[i+1] = "page"
		}
	}
	return strings.Join(segs, "/") + ".md"
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

// cleanSegment is a file or folder name that is an address as it is.
var cleanSegment = regexp.MustCompile(`^[\p{L}\p{N}._-]+$`)

var unclean = regexp.MustCompile(`[^\p{L}\p{N}._-]+`)

// cleanURL reports whether every part of a page's address is a clean URL
// path segment: no space, '?', '#' or '%' that a link would have to escape.
func cleanURL(u string) bool {
	for _, seg := range strings.Split(strings.TrimSuffix(u, "/"), "/") {
		if u != "" && !cleanSegment.MatchString(seg) {
			return false
		}
	}
	return true
}

func parsePage(path string, doc *matter.Doc, errs *diag.List) *Page {
	p := &Page{Path: path, URL: pageURL(path), Body: doc.Body, BodyLine: doc.BodyLine}
	if !cleanURL(p.URL) {
		errs.Add(path, 1, "a page's file and folder names may hold only letters, digits, hyphens, underscores and dots, so that its address works in every link: rename it (like %s)", suggestName(path))
	}
	f := newFields(path, doc.Fence, "", doc.Root, pageKeys, errs)
	f.require("title", ": the page's heading and its name in the navigation")
	p.Title = f.nonEmpty("title")
	p.Description = f.str("description")
	p.Weight, _ = f.integer("weight")
	p.Draft = f.boolean("draft")
	return p
}
