package content

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// A listing is what the walks of one Load visited: every folder and file
// below content/ and static/ with its stat, and whether the walk passed
// over a folder's contents. The next Load, told by a file watcher which
// paths changed (Cache.Changed), looks at those paths alone and replays
// the rest rather than reading every folder and stating every file again:
// at 10,000 candidates that walk was most of serve's rebuild.
//
// Its entries are sorted by path, so that the loader visits the
// candidates' files in order, as a walk does.
type listing []listed

type listed struct {
	path    string
	info    fs.FileInfo
	skipped bool // a folder the walk did not enter
	// res is what the file gave the last Load from the cache, when the
	// next Load may take it without looking: its stat is the one the
	// file was read with, and that read was not racy. Nil for the
	// rest, which the loader visits as a walk would.
	res *fileResult
}

// find returns where p is or would be in the listing.
func (ls listing) find(p string) (int, bool) {
	return slices.BinarySearchFunc(ls, p, func(e listed, p string) int { return strings.Compare(e.path, p) })
}

// Changed tells the cache that, since the last Load through it, nothing
// below the site changed but paths (slash-separated, relative to the
// site), as a file watcher reports changes. The next Load then looks at
// those paths rather than walking every folder; it walks anyway when the
// changes are not ones a listing can follow (a folder made, moved or
// removed) or the last walk met something it cannot vouch for (links,
// unreadable entries). Without a call, every Load walks.
func (c *Cache) Changed(paths []string) {
	if c.changed == nil {
		c.changed = map[string]bool{}
	}
	for _, p := range paths {
		c.changed[p] = true
	}
}

// walk visits root's tree as fs.WalkDir does: from the cache's listing
// when the cache was told what changed and the listing can take it, else
// by walking the tree and listing it anew for the next time.
func (l *loader) walk(root string, visit fs.WalkDirFunc) error {
	c := l.cache
	if l.replaying {
		l.replay(root, visit)
		return nil
	}
	if !l.record {
		return fs.WalkDir(l.fsys, root, visit)
	}
	err := fs.WalkDir(l.fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// The entry may read the next time. No static/ is nothing
			// to distrust: should one appear, the watcher says so.
			if p != StaticDir || !errors.Is(err, fs.ErrNotExist) {
				c.trusted = false
			}
			return visit(p, d, err)
		}
		info, ierr := d.Info()
		if ierr != nil || d.Type()&fs.ModeSymlink != 0 {
			// Gone since the folder was read, or a link, whose target
			// can change with no event on its folder.
			c.trusted = false
			return visit(p, d, err)
		}
		// The entry, with its stat: the loader asks for it, and the
		// directory entry would stat the file a second time.
		l.clean = nil
		err = visit(p, fs.FileInfoToDirEntry(info), nil)
		c.next = append(c.next, listed{path: p, info: info, skipped: err == fs.SkipDir && info.IsDir(), res: l.clean})
		return err
	})
	return err
}

// replay visits the listing's entries below root, as they were, and
// takes what unchanged files gave the last time without visiting them:
// at 10,000 candidates, visiting each was a third of serve's rebuild.
func (l *loader) replay(root string, visit fs.WalkDirFunc) {
	ls := l.cache.listed
	// The listing holds only the walks' roots and what is below them,
	// so root's entries run up to root+"0" ('/' sorts just before '0').
	start, _ := ls.find(root)
	end, _ := ls.find(root + "0")
	for i := start; i < end; i++ {
		e := &ls[i]
		if e.res != nil {
			l.add(*e.res)
			continue
		}
		l.clean = nil
		err := visit(e.path, fs.FileInfoToDirEntry(e.info), nil)
		e.res = l.clean
		if e.info.IsDir() {
			e.skipped = err == fs.SkipDir
		}
	}
}

// begin starts a Load through the cache: it reports whether the Load can
// replay the listing, brought up to date, rather than walk.
func (c *Cache) begin(fsys fs.FS) bool {
	changed := c.changed
	c.changed, c.next, c.trusted = nil, nil, true
	if c.listed != nil && changed != nil && c.update(fsys, changed) {
		return true
	}
	c.listed = nil
	return false
}

// end finishes a Load through the cache: a walk's listing is kept when it
// can be trusted.
func (c *Cache) end(replayed bool) {
	if !replayed && c.trusted {
		slices.SortFunc(c.next, func(a, b listed) int { return strings.Compare(a.path, b.path) })
		c.listed = c.next
	}
	c.next = nil
}

// update brings the listing up to date with the changed paths, and
// reports whether it could; if not, the Load walks.
func (c *Cache) update(fsys fs.FS, changed map[string]bool) bool {
	for p := range changed {
		if p != StaticDir && !strings.HasPrefix(p, StaticDir+"/") && p != ContentDir && !strings.HasPrefix(p, ContentDir+"/") {
			continue // not listed: read whole by every build
		}
		i, ok := c.listed.find(p)
		if ok && c.listed[i].info.IsDir() {
			return false // a folder moved or removed: its files with it
		}
		j, found := c.listed.find(path.Dir(p))
		if !found {
			return false // in a folder the last walk did not see
		}
		if c.listed[j].skipped {
			continue // where the walk does not look
		}
		info, err := fs.Lstat(fsys, p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if ok {
				c.listed = slices.Delete(c.listed, i, i+1)
			}
			delete(c.files, p)
		case err != nil || info.IsDir() || info.Mode()&fs.ModeSymlink != 0:
			return false
		case ok:
			c.listed[i].info, c.listed[i].res = info, nil
		default:
			c.listed = slices.Insert(c.listed, i, listed{path: p, info: info})
		}
	}
	return true
}
