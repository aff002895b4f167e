// Package content reads a candor site from an fs.FS: its config, public
// pages and feedback files, and checks every rule of the content format.
package content

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/guard"
	"github.com/candor-feedback/candor/internal/i18n"
	"github.com/candor-feedback/candor/internal/ledger"
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

// MaxBodySize bounds the Markdown below the front matter: some 170,000
// words, far more than any page a person reads. The shapes that cost the
// renderer more than linear time are bounded too (markdownShape).
const MaxBodySize = 1 << 20

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
	// ConfigSum is the SHA-256 of candor.yaml's bytes.
	ConfigSum [32]byte
	// FeedbackFiles lists the feedback files, in path order, when the site
	// was scanned rather than loaded; Feedback is then empty.
	FeedbackFiles Paths
	// Tables are the translation tables, every language the site speaks.
	Tables *i18n.Tables
	// Ledger is notices.csv: every notice candor notify recorded. It is
	// never published; the home page's promise record is worked out
	// from it.
	Ledger *ledger.Ledger
	// Warnings are what in the site's own files (not the candidates')
	// will likely come out wrong; they do not stop a build.
	Warnings diag.List
}

// Load reads and checks the whole site. It returns every problem found,
// sorted; the site is only fit to build when the list is empty.
func Load(fsys fs.FS) (*Site, diag.List) {
	return LoadCached(fsys, nil)
}

// Scan is Load but for the feedback files, which it only lists in
// FeedbackFiles: a build reads each one when it makes its page, so that
// no more than a few are in memory at once, however many there are. The
// caller checks each with ParseFeedbackFile, and all their tokens with
// CheckTokens.
func Scan(fsys fs.FS) (*Site, diag.List) {
	return loadSite(fsys, nil, true)
}

// LoadCached is Load that reuses what an earlier Load with the same cache
// parsed; cache may be nil.
func LoadCached(fsys fs.FS, cache *Cache) (*Site, diag.List) {
	return loadSite(fsys, cache, false)
}

func loadSite(fsys fs.FS, cache *Cache, scan bool) (*Site, diag.List) {
	// The guardrail rules take a few milliseconds to compile, which the
	// first feedback file would otherwise wait for.
	if guarding {
		go guard.Languages()
	}
	var errs diag.List
	s := &Site{}
	s.Config, s.ConfigSum = loadConfig(fsys, &errs)
	s.Tables = loadTables(fsys, &s.Config, &errs, &s.Warnings)
	s.Ledger = loadLedger(fsys, &errs)
	l := loader{fsys: fsys, site: s, errs: &errs, cache: cache, scan: scan}
	if cache == nil {
		l.cache = &Cache{}
	} else {
		if cache.files == nil || cache.config != s.ConfigSum {
			// Defaults such as the recruiter and retention come from the
			// config, so every file is parsed anew when it changes.
			cache.config = s.ConfigSum
			cache.files = map[string]*cachedFile{}
			cache.listed = nil // its results were parsed with the old config
		}
		// Room for as many candidates as the last Load read files.
		l.tokens = make([]TokenUse, 0, len(cache.files))
		s.Feedback = make([]*Feedback, 0, len(cache.files))
		l.record = true
		l.replaying = cache.begin(fsys)
		defer cache.end(l.replaying)
		if !l.replaying {
			l.seen = make(map[string]bool, len(cache.files))
		}
	}
	if err := l.walk(ContentDir, l.visit); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			errs.Add(ContentDir, 1, "no content folder: a site keeps its pages in content/ and its feedback files in content/feedback/")
		} else {
			errs.Add(ContentDir, 1, "cannot read: %v", err)
		}
	}
	if err := l.walk(StaticDir, l.visitStatic); err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs.Add(StaticDir, 1, "cannot read: %v", unwrapPath(err))
	}
	if l.seen != nil {
		// A walk read every file there is: forget the files gone.
		for p := range cache.files {
			if !l.seen[p] {
				delete(cache.files, p)
			}
		}
	}
	l.checkLinks()
	l.checkTokens()
	s.FeedbackFiles = l.feedbackFiles.Paths()
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
	// tokens are the candidates' tokens, where each file wrote its own.
	tokens []TokenUse
	// scan lists feedback files instead of reading them, in
	// feedbackFiles: a walk visits them in path order.
	scan          bool
	feedbackFiles PathsBuilder
	cache         *Cache
	// record keeps a listing of the walks in the cache, and replaying
	// visits the cache's listing instead of walking.
	record, replaying bool
	// links are the files below content/ and static/ (but feedback files)
	// reached through symbolic links.
	links []link
	// seen, when walking with a cache, are the files the walk met.
	seen map[string]bool
	// clean is the result the last file visited took from the cache
	// without reading it, which the next Load may take without looking
	// (see listed.res).
	clean *fileResult
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
		if path.Dir(p) != FeedbackDir {
			l.links = append(l.links, link{p, info})
		}
	}
	return false, nil
}

// link is a file reached through a symbolic link, and what it leads to.
type link struct {
	path string
	info fs.FileInfo
}

// checkLinks refuses links that lead to a candidate's file from anywhere
// else: they would publish it, token and address included.
func (l *loader) checkLinks() {
	if len(l.links) == 0 {
		return
	}
	entries, err := fs.ReadDir(l.fsys, FeedbackDir)
	if err != nil {
		return
	}
	for _, ln := range l.links {
		for _, e := range entries {
			info, err := fs.Stat(l.fsys, path.Join(FeedbackDir, e.Name()))
			if err == nil && os.SameFile(ln.info, info) {
				l.errs.Add(ln.path, 1, "is a link to %s, a candidate's file, which must never be published: remove the link", path.Join(FeedbackDir, e.Name()))
				break
			}
		}
	}
}

func (l *loader) visitStatic(p string, d fs.DirEntry, err error) error {
	if err != nil {
		if p == StaticDir {
			return err
		}
		l.errs.Add(p, 1, "cannot read: %v", unwrapPath(err))
		return nil
	}
	if skip, err := l.skip(StaticDir, p, d, false); skip {
		return err
	}
	if WindowsReserved(d.Name()) {
		l.errs.Add(p, 1, "%s", reservedMessage(d.Name()))
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	}
	if d.IsDir() {
		return nil
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
	if WindowsReserved(name) {
		l.errs.Add(p, 1, "%s", reservedMessage(name))
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
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
		if l.scan {
			// Only the name: whoever reads the file stats the open file
			// (100,000 stats here made the scan's garbage the peak of a
			// whole build's memory).
			l.feedbackFiles.Add(p)
		} else {
			l.file(p, d, true)
		}
		return nil
	}
	if strings.HasSuffix(name, ".md") {
		l.file(p, d, false)
		return nil
	}
	l.site.Files = append(l.site.Files, p)
	return nil
}

// fileResult is what one file gives: a page or a candidate, and its
// problems. It depends only on the file's bytes and the config.
type fileResult struct {
	page     *Page
	feedback *Feedback
	token    TokenUse // a candidate's, hashed once
	errs     diag.List
}

// Cache remembers the files a Load parsed, so that the next Load of the
// same site parses only the files whose bytes changed. A change to the
// config empties it. The zero value is ready; use it for one Load at a
// time.
type Cache struct {
	config [32]byte
	files  map[string]*cachedFile
	// listed is the last walks' listing, when it can be trusted; next
	// is the one a walk is making; changed is what Changed was told.
	listed, next listing
	trusted      bool
	changed      map[string]bool
}

type cachedFile struct {
	sum [32]byte
	res fileResult
	// The file's size and time when read, and when that was.
	size   int64
	mtime  time.Time
	readAt time.Time
}

// racyWindow covers the coarsest file times in use (FAT's two seconds).
const racyWindow = 2 * time.Second

// unchanged reports whether a file is surely as it was read, without
// reading it: same size and time, and that time already in the past when
// it was read. A file written in the same tick as it was read could
// change again without its time changing, so it is read again (git's
// "racily clean" rule).
func (c cachedFile) unchanged(info fs.FileInfo) bool {
	return info.Size() == c.size && info.ModTime().Equal(c.mtime) && c.mtime.Before(c.readAt.Add(-racyWindow))
}

// file reads p and parses it, or takes the result of the last Load when
// its bytes are the same.
func (l *loader) file(p string, d fs.DirEntry, feedback bool) {
	l.add(l.parse(p, d, feedback))
}

// add takes in what a file gave.
func (l *loader) add(res fileResult) {
	l.errs.Append(res.errs)
	switch {
	case res.page != nil:
		l.site.Pages = append(l.site.Pages, res.page)
	case res.feedback != nil:
		l.tokens = append(l.tokens, res.token)
		l.site.Feedback = append(l.site.Feedback, res.feedback)
		l.errs.Append(l.site.checkLang(res.feedback))
	}
}

func (l *loader) parse(p string, d fs.DirEntry, feedback bool) fileResult {
	var info fs.FileInfo
	var err error
	if d.Type()&fs.ModeSymlink != 0 {
		info, err = fs.Stat(l.fsys, p) // the file it leads to
	} else {
		info, err = d.Info()
	}
	if err != nil {
		return problem(p, 1, fmt.Sprintf("cannot read: %v", unwrapPath(err)))
	}
	if info.Size() > MaxFileSize {
		return problem(p, 1, fmt.Sprintf("file is larger than %d MiB", MaxFileSize>>20))
	}
	if l.seen != nil {
		l.seen[p] = true
	}
	c, cached := l.cache.files[p]
	if cached && c.unchanged(info) {
		l.clean = &c.res
		return c.res
	}
	readAt := time.Now()
	src, err := readFile(l.fsys, p)
	if err != nil {
		return problem(p, 1, err.Error())
	}
	sum := sha256.Sum256(src)
	var res fileResult
	if cached && c.sum == sum {
		res = c.res
	} else {
		res = parseFile(p, src, sum, feedback, &l.site.Config)
	}
	if l.cache.files != nil {
		l.cache.files[p] = &cachedFile{sum: sum, res: res, size: info.Size(), mtime: info.ModTime(), readAt: readAt}
	}
	return res
}

func problem(p string, line int, msg string) fileResult {
	return fileResult{errs: diag.List{{Path: p, Line: line, Msg: msg}}}
}

// parseFile turns one file's bytes into a page or a candidate.
func parseFile(p string, src []byte, sum [32]byte, feedback bool, cfg *Config) fileResult {
	var id string
	if feedback {
		var ok bool
		if id, ok = strings.CutSuffix(path.Base(p), ".md"); !ok {
			return problem(p, 1, fmt.Sprintf("only Markdown files (.md) belong in %s/: move other files elsewhere, since nothing here is published as is", FeedbackDir))
		}
		if !ValidID(id) {
			return problem(p, 1, "file name must be lower-case letters, digits and hyphens, like ada-moreno.md")
		}
	}
	src = matter.Normalize(src)
	if !utf8.Valid(src) || slices.Contains(src, 0) {
		return problem(p, 1, "is not a text file: save it as UTF-8 text")
	}
	doc, err := matter.Parse(src)
	if err != nil {
		var me *matter.Error
		if errors.As(err, &me) {
			return problem(p, me.Line, me.Msg)
		}
		return problem(p, 1, err.Error())
	}
	if doc.Root == nil {
		return problem(p, 1, "has no front matter: start the file with a line ---, then keys such as title: ..., then another line ---")
	}
	if len(doc.Body) > MaxBodySize {
		return problem(p, doc.BodyLine, fmt.Sprintf("the text below the front matter is %.1f MiB, more than the %d MiB a page may have: shorten it, or split it into pages", float64(len(doc.Body))/(1<<20), MaxBodySize>>20))
	}
	if line, msg := markdownShape(doc.Body); msg != "" {
		return problem(p, doc.BodyLine+line-1, msg)
	}
	var res fileResult
	if !feedback {
		res.page = parsePage(p, doc, &res.errs)
		res.page.Sum = sum
		return res
	}
	res.feedback = parseFeedback(p, id, doc, cfg, &res.errs)
	res.feedback.Sum = sum
	line := 0
	for _, fd := range doc.Root.Fields {
		if fd.Key == "token" {
			line = fd.Line
		}
	}
	res.token = res.feedback.TokenUse(line)
	return res
}

// loadLedger reads notices.csv; a site without one has an empty ledger.
func loadLedger(fsys fs.FS, errs *diag.List) *ledger.Ledger {
	data, err := fs.ReadFile(fsys, ledger.File)
	if errors.Is(err, fs.ErrNotExist) {
		return &ledger.Ledger{}
	}
	if err != nil {
		errs.Add(ledger.File, 1, "cannot read: %v", unwrapPath(err))
		return &ledger.Ledger{}
	}
	l, problems := ledger.Parse(ledger.File, data)
	errs.Append(problems)
	return l
}

func (l *loader) checkTokens() {
	l.errs.Append(CheckTokens(slices.Values(l.tokens)))
}

// TokenUse is where a file uses a token. Only the token's hash is kept:
// a build of many files holds one of these per file.
type TokenUse struct {
	Path string
	Line int
	Sum  [32]byte
}

// TokenUse says where f uses its token, written on line.
func (f *Feedback) TokenUse(line int) TokenUse {
	u := TokenUse{Path: f.Path, Line: line}
	if f.Token != "" {
		u.Sum = sha256.Sum256([]byte(f.Token))
	}
	return u
}

// CheckTokens reports a token used twice on the later file, in path
// order, naming the earlier one. It goes over uses twice at most.
func CheckTokens(uses iter.Seq[TokenUse]) diag.List {
	// Most sites have no token twice: look for one before sorting by
	// path, which only reports need (serve checks 10,000 tokens at every
	// save). The hashes' first 8 bytes tell them apart but for one pair
	// in some 10^11 at 10,000 tokens, and sort four times faster than the
	// whole hashes; two alike are looked at in full below.
	var prefixes []uint64
	for u := range uses {
		if u.Sum != ([32]byte{}) {
			prefixes = append(prefixes, binary.LittleEndian.Uint64(u.Sum[:8]))
		}
	}
	slices.Sort(prefixes)
	if len(slices.Compact(prefixes)) == len(prefixes) {
		return nil
	}
	list := slices.Collect(uses)
	slices.SortFunc(list, func(a, b TokenUse) int { return cmp.Compare(a.Path, b.Path) })
	var errs diag.List
	first := map[[32]byte]string{}
	for _, u := range list {
		if u.Sum == ([32]byte{}) {
			continue
		}
		if earlier, ok := first[u.Sum]; ok {
			id := strings.TrimSuffix(path.Base(u.Path), ".md")
			other := strings.TrimSuffix(path.Base(earlier), ".md")
			errs.Add(u.Path, u.Line, "token is the same as %s's (was one file copied from the other?): every candidate needs their own. If this file's link was not sent yet, run \"candor token %s\"; if it was, run \"candor token %s\" for the other file, and send that candidate their new link", earlier, id, other)
			continue
		}
		first[u.Sum] = u.Path
	}
	return errs
}

// ParseFeedbackFile reads and checks one feedback file of a scanned site.
// The Feedback is nil only when the file could not be read as one at all;
// it may come with problems, and its token still counts. line is where
// the file wrote its token.
func ParseFeedbackFile(fsys fs.FS, p string, site *Site) (fb *Feedback, line int, errs diag.List) {
	src, err := readFile(fsys, p)
	if err != nil {
		return nil, 0, diag.List{{Path: p, Line: 1, Msg: err.Error()}}
	}
	res := parseFile(p, src, sha256.Sum256(src), true, &site.Config)
	errs = res.errs
	if res.feedback != nil {
		errs = append(errs, site.checkLang(res.feedback)...)
	}
	return res.feedback, res.token.Line, errs
}

// readFile reads a file of at most MaxFileSize bytes. It opens the file
// once: through os.Root every open walks the path, so a Stat before a
// ReadFile would walk it twice.
func readFile(fsys fs.FS, p string) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
	}
	if info.Size() > MaxFileSize {
		return nil, fmt.Errorf("file is larger than %d MiB", MaxFileSize>>20)
	}
	var b bytes.Buffer
	b.Grow(int(info.Size()) + bytes.MinRead)
	if _, err := b.ReadFrom(f); err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
	}
	return b.Bytes(), nil
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
