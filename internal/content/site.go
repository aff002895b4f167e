// Package content reads a candor site from an fs.FS: its config, public
// pages and feedback files, and checks every rule of the content format.
package content

import (
	"cmp"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/matter"
)

// Folders of a site.
const (
	ContentDir  = "content"
	FeedbackDir = "content/feedback"
	LayoutsDir  = "layouts"
	StaticDir   = "static"
	ThemesDir   = "themes"
)

// MaxFileSize bounds one content file; a larger one is reported, not read.
const MaxFileSize = 32 << 20

// Site is everything a build needs from a site's files.
type Site struct {
	Config Config
	// Pages are the public pages, sorted by path.
	Pages []*Page
	// Feedback is one entry per candidate, sorted by ID.
	Feedback []*Feedback
	// Files are other files under content/ (images, PDFs), published
	// as they are; never from content/feedback/.
	Files []string
	// Static are the files under static/, published as they are.
	Static []string
}

// Load reads and checks the whole site. It returns every problem found,
// sorted; the site is only fit to build when the list is empty.
func Load(fsys fs.FS) (*Site, diag.List) {
	var errs diag.List
	s := &Site{Config: loadConfig(fsys, &errs)}
	l := loader{fsys: fsys, site: s, errs: &errs}
	if err := fs.WalkDir(fsys, ContentDir, l.visit); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			errs.Add(ContentDir, 1, "no content folder: a site keeps its pages in content/ and its feedback files in content/feedback/")
		} else {
			errs.Add(ContentDir, 1, "cannot read: %v", err)
		}
	}
	if err := fs.WalkDir(fsys, StaticDir, l.visitStatic); err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs.Add(StaticDir, 1, "cannot read: %v", unwrapPath(err))
	}
	l.checkTokens()
	slices.SortFunc(s.Pages, func(a, b *Page) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(s.Feedback, func(a, b *Feedback) int { return strings.Compare(a.ID, b.ID) })
	slices.Sort(s.Files)
	slices.Sort(s.Static)
	return s, errs.Sort()
}

type loader struct {
	fsys fs.FS
	site *Site
	errs *diag.List
	// tokenLines remembers where each file wrote its token.
	tokenLines map[*Feedback]int
}

// skip reports whether the walk passes over p: hidden files and folders
// (with hidden set; static/ keeps them, for .well-known/), editors' and
// systems' litter, and links it must not follow (reported).
func (l *loader) skip(root, p string, d fs.DirEntry, hidden bool) (bool, error) {
	name := d.Name()
	junk := name == ".git" || name == ".DS_Store" || name == "Thumbs.db" || strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp")
	if p != root && (junk || hidden && strings.HasPrefix(name, ".")) {
		if d.IsDir() {
			return true, fs.SkipDir
		}
		return true, nil
	}
	if d.Type()&fs.ModeSymlink != 0 {
		info, err := fs.Stat(l.fsys, p)
		switch {
		case err != nil:
			l.errs.Add(p, 1, "is a link that leads outside the site (or nowhere); candor reads only files inside the site")
			return true, nil
		case info.IsDir():
			l.errs.Add(p, 1, "is a link to a folder; candor does not follow those, move the folder here instead")
			return true, nil
		}
	}
	return false, nil
}

func (l *loader) visitStatic(p string, d fs.DirEntry, err error) error {
	if err != nil {
		if p == StaticDir {
			return err
		}
		l.errs.Add(p, 1, "cannot read: %v", unwrapPath(err))
		return nil
	}
	if skip, err := l.skip(StaticDir, p, d, false); skip || d.IsDir() {
		return err
	}
	l.site.Static = append(l.site.Static, p)
	return nil
}

func (l *loader) visit(p string, d fs.DirEntry, err error) error {
	if err != nil {
		if p == ContentDir {
			return err
		}
		l.errs.Add(p, 1, "cannot read: %v", unwrapPath(err))
		return nil
	}
	name := d.Name()
	if skip, err := l.skip(ContentDir, p, d, true); skip {
		return err
	}
	if d.IsDir() {
		switch {
		case path.Dir(p) == FeedbackDir:
			l.errs.Add(p, 1, "feedback files live directly in %s/, not in folders below it", FeedbackDir)
			return fs.SkipDir
		case p == ContentDir+"/f":
			l.errs.Add(p, 1, "content/f/ is reserved: private pages are published under f/")
			return fs.SkipDir
		}
		return nil
	}
	if path.Dir(p) == FeedbackDir {
		l.feedback(p)
		return nil
	}
	if strings.HasSuffix(name, ".md") {
		l.page(p)
		return nil
	}
	l.site.Files = append(l.site.Files, p)
	return nil
}

// read returns the normalized front matter and body of a text file.
func (l *loader) read(p string) *matter.Doc {
	info, err := fs.Stat(l.fsys, p)
	if err == nil && info.Size() > MaxFileSize {
		l.errs.Add(p, 1, "file is larger than %d MiB", MaxFileSize>>20)
		return nil
	}
	src, err := fs.ReadFile(l.fsys, p)
	if err != nil {
		l.errs.Add(p, 1, "cannot read: %v", unwrapPath(err))
		return nil
	}
	src = matter.Normalize(src)
	if !utf8.Valid(src) || slices.Contains(src, 0) {
		l.errs.Add(p, 1, "is not a text file: save it as UTF-8 text")
		return nil
	}
	doc, err := matter.Parse(src)
	if err != nil {
		var me *matter.Error
		if errors.As(err, &me) {
			l.errs.Add(p, me.Line, "%s", me.Msg)
		} else {
			l.errs.Add(p, 1, "%v", err)
		}
		return nil
	}
	if doc.Root == nil {
		l.errs.Add(p, 1, "has no front matter: start the file with a line ---, then keys such as title: ..., then another line ---")
		return nil
	}
	return doc
}

func (l *loader) page(p string) {
	if doc := l.read(p); doc != nil {
		l.site.Pages = append(l.site.Pages, parsePage(p, doc, l.errs))
	}
}

func (l *loader) feedback(p string) {
	name := path.Base(p)
	id, ok := strings.CutSuffix(name, ".md")
	if !ok {
		l.errs.Add(p, 1, "only Markdown files (.md) belong in %s/: move other files elsewhere, since nothing here is published as is", FeedbackDir)
		return
	}
	if !validID.MatchString(id) {
		l.errs.Add(p, 1, "file name must be lower-case letters, digits and hyphens, like ada-moreno.md")
		return
	}
	doc := l.read(p)
	if doc == nil {
		return
	}
	fb := parseFeedback(p, id, doc, &l.site.Config, l.errs)
	if l.tokenLines == nil {
		l.tokenLines = map[*Feedback]int{}
	}
	for _, fd := range doc.Root.Fields {
		if fd.Key == "token" {
			l.tokenLines[fb] = fd.Line
		}
	}
	l.site.Feedback = append(l.site.Feedback, fb)
}

// checkTokens reports a token used twice on the later file, in path order.
func (l *loader) checkTokens() {
	byPath := slices.Clone(l.site.Feedback)
	slices.SortFunc(byPath, func(a, b *Feedback) int { return cmp.Compare(a.Path, b.Path) })
	first := map[string]string{}
	for _, fb := range byPath {
		if fb.Token == "" {
			continue
		}
		if earlier, ok := first[fb.Token]; ok {
			l.errs.Add(fb.Path, l.tokenLines[fb], "token is already used by %s: every candidate needs their own (run \"candor token %s\" to make a new one)", earlier, fb.ID)
			continue
		}
		first[fb.Token] = fb.Path
	}
}

// unwrapPath drops the path an fs.PathError repeats, since every message
// starts with it already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
