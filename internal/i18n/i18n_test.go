package i18n

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/candor-feedback/candor/themes"
)

func builtin(t *testing.T) Layer {
	t.Helper()
	sub, err := fs.Sub(themes.FS, "default")
	if err != nil {
		t.Fatal(err)
	}
	return Layer{FS: sub, Name: "i18n (built in)", BuiltIn: true}
}

// Shipped are the languages the built-in theme must ship.
var shipped = []string{"ar", "de", "en", "es", "fr", "it", "nl", "pt"}

// TestShippedTablesAreComplete: every built-in table has exactly the keys
// en has, each with the same placeholders, and every plural form its
// language's rules ask for, for counts from 0 to 1,000.
func TestShippedTablesAreComplete(t *testing.T) {
	layer := builtin(t)
	tables, warnings, err := Load([]Layer{layer})
	if err != nil || len(warnings) > 0 {
		t.Fatal(err, warnings)
	}
	if got := tables.Languages(); !slices.Equal(got, shipped) {
		t.Errorf("languages %q, want %q", got, shipped)
	}
	ref, _ := parse(mustRead(t, layer.FS, "i18n/en.yaml"), "en")
	for _, lang := range shipped {
		table, errs := parse(mustRead(t, layer.FS, "i18n/"+lang+".yaml"), lang)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		for key, en := range ref {
			tr, ok := table[key]
			if !ok {
				t.Errorf("%s lacks %s", lang, key)
				continue
			}
			if (tr.forms == nil) != (en.forms == nil) {
				t.Errorf("%s: %s has plural forms in one table and not the other", lang, key)
				continue
			}
			names := Placeholders(en.text + strings.Join(slices.Collect(maps.Values(en.forms)), ""))
			want := strings.Join(names, ",")
			spelled := strings.Join(slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == "count" }), ",")
			for form, text := range tr.forms {
				// A form for one thing (or two) may spell the number out.
				if got := strings.Join(Placeholders(text), ","); got != want && !(got == spelled && form != "other") {
					t.Errorf("%s: %s (%s) has placeholders %q, want %q", lang, key, form, got, want)
				}
			}
			if tr.forms == nil {
				if got := strings.Join(Placeholders(tr.text), ","); got != want {
					t.Errorf("%s: %s has placeholders %q, want %q", lang, key, got, want)
				}
			}
		}
		for key := range table {
			if _, ok := ref[key]; !ok {
				t.Errorf("%s has %s, which en lacks", lang, key)
			}
		}
		l := tables.Lookup(lang)
		for key := range l.plural {
			for n := range 1001 {
				if _, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: key, PluralCount: n}); err != nil {
					t.Errorf("%s: %s for %d: %v", lang, key, n, err)
					break
				}
			}
		}
	}
}

func mustRead(t *testing.T, fsys fs.FS, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDates(t *testing.T) {
	tables, _, err := Load([]Layer{builtin(t)})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	for lang, want := range map[string]string{
		"en":    "Monday 30 November 2026",
		"de":    "Montag, 30. November 2026",
		"fr":    "lundi 30 novembre 2026",
		"es":    "lunes, 30 de noviembre de 2026",
		"pt":    "segunda-feira, 30 de novembro de 2026",
		"pt-BR": "segunda-feira, 30 de novembro de 2026",
		"nl":    "maandag 30 november 2026",
		"it":    "lunedì 30 novembre 2026",
		"ar":    "الاثنين، ٣٠ نوفمبر ٢٠٢٦",
	} {
		if got := tables.Lookup(lang).Date(day); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

func TestPlurals(t *testing.T) {
	tables, _, err := Load([]Layer{builtin(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "1 hour"}, {"en", 2, "2 hours"},
		{"fr", 0, "0 heure"}, {"fr", 1, "1 heure"}, {"fr", 2, "2 heures"},
		{"de", 1, "1 Stunde"}, {"de", 3, "3 Stunden"},
		{"ar", 1, "ساعة واحدة"}, {"ar", 2, "ساعتان"}, {"ar", 3, "٣ ساعات"}, {"ar", 11, "١١ ساعة"}, {"ar", 100, "١٠٠ ساعة"},
	} {
		if got := string(tables.Lookup(tt.lang).Format("hours", "count", tt.n)); got != tt.want {
			t.Errorf("%s %d: %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

// TestLayers: a site's table overrides one sentence of its language
// only; a key no theme knows is a warning naming it; a language no theme
// ships must hold every key; a table that is not YAML is an error at its
// line; a regional table falls back to its base language key by key.
func TestLayers(t *testing.T) {
	site := func(files map[string]string) Layer {
		m := fstest.MapFS{}
		for name, data := range files {
			m[name] = &fstest.MapFile{Data: []byte(data)}
		}
		return Layer{FS: m, Name: "i18n"}
	}
	tables, warnings, err := Load([]Layer{builtin(t), site(map[string]string{
		"i18n/de.yaml":    "strengths_heading: Ihre Stärken\nstrenghts_heading: x\n",
		"i18n/pt-BR.yaml": "greeting: \"Oi, {name}!\"\n",
	})})
	if err != nil {
		t.Fatal(err)
	}
	if got := tables.Lookup("de").Text("strengths_heading"); got != "Ihre Stärken" {
		t.Errorf("de: %q", got)
	}
	if got := tables.Lookup("en").Text("strengths_heading"); got != "What went well" {
		t.Errorf("en: %q", got)
	}
	if got := tables.Lookup("pt-BR"); got.Text("greeting") != "Oi, {name}!" || got.Text("eyebrow") != "O seu feedback da entrevista" || got.Tag != "pt-BR" {
		t.Errorf("pt-BR: %q, %q, %q", got.Tag, got.Text("greeting"), got.Text("eyebrow"))
	}
	if got := tables.Lookup("pt-PT"); got == nil || got.Tag != "pt" {
		t.Errorf("pt-PT falls back to %v", got)
	}
	if len(warnings) != 1 || warnings[0].Error() != "i18n/de.yaml:2: warning: strenghts_heading is not a key the theme knows, so no page shows it: is it misspelt? (did you mean strengths_heading?)" {
		t.Errorf("warnings %q", warnings)
	}
	if tables.Lookup("sv") != nil {
		t.Error("sv has a table")
	}
	_, _, err = Load([]Layer{builtin(t), site(map[string]string{"i18n/sv.yaml": "greeting: \"Hej {name},\"\n"})})
	n := len(tables.Keys())
	if want := fmt.Sprintf("i18n/sv.yaml:1: the built-in theme has no sv table, so this one must hold every key; it lacks %d of the %d, such as concerns_heading, concerns_intro, concerns_intro_by (the README lists them all)", n-1, n); err == nil || err.Error() != want {
		t.Errorf("an incomplete table for a new language: %v", err)
	}
	_, _, err = Load([]Layer{builtin(t), site(map[string]string{"i18n/de.yaml": "greeting: Hallo\n\tlede: x\n"})})
	if err == nil || !strings.HasPrefix(err.Error(), "i18n/de.yaml:2: ") {
		t.Errorf("a table that is not YAML: %v", err)
	}
}
