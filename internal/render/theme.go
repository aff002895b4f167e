package render

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/themes"
)

// Theme finds a file of the theme in layers: for layouts, the site's own
// layouts/ first, then the site's themes/<name>/layouts/, then the
// embedded default theme; for assets, themes/<name>/assets/ then the
// embedded default. A site overrides the theme one file at a time.
type Theme struct {
	layouts []layer
	assets  []layer
}

type layer struct {
	fsys fs.FS
	dir  string // for messages: where a person finds the file
}

// ErrNoTheme is returned when candor.yaml names a theme the site lacks.
var ErrNoTheme = errors.New("theme not found")

// NewTheme returns the theme of a site. fsys is the site's root.
func NewTheme(site fs.FS, name string) (*Theme, error) {
	embedded, err := fs.Sub(themes.FS, content.DefaultTheme)
	if err != nil {
		return nil, err
	}
	t := &Theme{}
	if local, err := fs.Sub(site, content.LayoutsDir); err == nil {
		t.layouts = append(t.layouts, layer{local, content.LayoutsDir})
	}
	dir := path.Join(content.ThemesDir, name)
	if info, err := fs.Stat(site, dir); err == nil && info.IsDir() {
		sub, _ := fs.Sub(site, dir)
		t.layouts = append(t.layouts, layer{sub, dir + "/layouts"})
		t.assets = append(t.assets, layer{sub, dir + "/assets"})
	} else if name != content.DefaultTheme {
		return nil, fmt.Errorf("%w: there is no folder %s", ErrNoTheme, dir)
	}
	t.layouts = append(t.layouts, layer{embedded, "layouts (built in)"})
	t.assets = append(t.assets, layer{embedded, "assets (built in)"})
	// The embedded theme keeps layouts/ and assets/ below its root; a
	// site's own layouts/ folder is already the layouts.
	for i := range t.layouts[1:] {
		sub, _ := fs.Sub(t.layouts[i+1].fsys, "layouts")
		t.layouts[i+1].fsys = sub
	}
	for i := range t.assets {
		sub, _ := fs.Sub(t.assets[i].fsys, "assets")
		t.assets[i].fsys = sub
	}
	return t, nil
}

// Layout returns the text of layout name and where it came from.
func (t *Theme) Layout(name string) ([]byte, string, error) {
	for _, l := range t.layouts {
		b, err := fs.ReadFile(l.fsys, name)
		if err == nil {
			return b, path.Join(l.dir, name), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", err
		}
	}
	return nil, "", fmt.Errorf("layout %s: %w", name, fs.ErrNotExist)
}

// Asset is one file of the theme's assets.
type Asset struct {
	Name string // path below assets/, like candor.css
	Data []byte
}

// Assets returns every asset, a file in an upper layer hiding the one of
// the same name below, sorted by name.
func (t *Theme) Assets() ([]Asset, error) {
	seen := map[string]bool{}
	var out []Asset
	for _, l := range t.assets {
		err := fs.WalkDir(l.fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == "." {
					return fs.SkipAll
				}
				return err
			}
			if d.IsDir() || seen[p] || path.Base(p)[0] == '.' {
				return nil
			}
			b, err := fs.ReadFile(l.fsys, p)
			if err != nil {
				return err
			}
			seen[p] = true
			out = append(out, Asset{Name: p, Data: b})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b Asset) int {
		switch {
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	})
	return out, nil
}
