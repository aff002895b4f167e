package content

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/i18n"
	"github.com/candor-feedback/candor/themes"
)

// I18nDir is where a site keeps its translation tables.
const I18nDir = i18n.Dir

// loadTables reads the translation tables of the site, its theme and the
// built-in theme, and checks that the site's language has one.
func loadTables(fsys fs.FS, cfg *Config, errs, warnings *diag.List) *i18n.Tables {
	builtin, err := fs.Sub(themes.FS, DefaultTheme)
	if err != nil {
		errs.Add(I18nDir, 1, "%v", err)
		return nil
	}
	layers := []i18n.Layer{{FS: builtin, Name: "i18n (built in)", BuiltIn: true}}
	dir := path.Join(ThemesDir, cfg.Theme)
	if theme, err := fs.Sub(fsys, dir); err == nil {
		if info, err := fs.Stat(fsys, dir); err == nil && info.IsDir() {
			layers = append(layers, i18n.Layer{FS: theme, Name: path.Join(dir, I18nDir)})
		}
	}
	layers = append(layers, i18n.Layer{FS: fsys, Name: I18nDir})
	tables, w, err := i18n.Load(layers)
	warnings.Append(w)
	if err != nil {
		if list, ok := err.(diag.List); ok {
			errs.Append(list)
		} else {
			errs.Add(I18nDir, 1, "cannot read: %v", unwrapPath(err))
		}
		return nil
	}
	if tables.Lookup(cfg.Language) == nil {
		errs.Add(ConfigFile, cfg.LanguageLine, "%s", noTable("language", cfg.Language, tables))
	}
	return tables
}

// noTable says that no table covers lang, and which languages there are.
func noTable(key, lang string, tables *i18n.Tables) string {
	return fmt.Sprintf("%s %s has no translation table: use one of %s, or add i18n/%s.yaml (the README says how)", key, lang, strings.Join(tables.Languages(), ", "), lang)
}

// checkLang reports a candidate's lang that no table covers, at its line.
func (s *Site) checkLang(fb *Feedback) diag.List {
	if s.Tables == nil || fb.LangLine == 0 || s.Tables.Lookup(fb.Lang) != nil {
		return nil
	}
	return diag.List{{Path: fb.Path, Line: fb.LangLine, Msg: noTable("lang", fb.Lang, s.Tables)}}
}
