// Package render turns a site's pages into HTML: Markdown through goldmark,
// pages through the theme's html/template layouts.
package render

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"io"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/i18n"
	"github.com/candor-feedback/candor/internal/ledger"
)

// Layouts of a theme, one per kind of page; base.html wraps them all.
const (
	BaseLayout     = "base.html"
	HomeLayout     = "home.html"
	PageLayout     = "page.html"
	FeedbackLayout = "feedback.html"
	SealedLayout   = "sealed.html"
	NotFoundLayout = "404.html"
)

// Layouts lists every layout a theme has, sorted.
func Layouts() []string {
	return append(slices.Sorted(maps.Keys(kinds)), BaseLayout)
}

var kinds = map[string]string{
	HomeLayout:     "home",
	PageLayout:     "page",
	FeedbackLayout: "feedback",
	SealedLayout:   "sealed",
	NotFoundLayout: "404",
}

// CSP is the Content-Security-Policy of every page: nothing from another
// origin, no inline script, no forms, no plugins.
const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"

// ScriptHashSlot stands in a sealed page's CSP for the hash of its inline
// script, which is known only once the page is minified: see
// build's sealing.
const ScriptHashSlot = "CANDOR-SCRIPT-HASH"

// SealedCSP allows a sealed page's one inline script, by its hash.
const SealedCSP = CSP + "; script-src 'sha256-" + ScriptHashSlot + "'"

// Renderer renders the pages of one site. It is safe for concurrent use.
type Renderer struct {
	md    goldmark.Markdown
	site  *Site
	today content.Date
	// layouts are the theme's layouts as written; templates, the parsed
	// layouts per language, each with that language's sentences inlined
	// (see inline).
	layouts   map[string]layoutSource
	noInline  bool // tests: run every {{$.L.key}} as an action
	mu        sync.Mutex
	templates map[*i18n.Lang]map[string]*template.Template
	tables    *i18n.Tables
	words     map[*i18n.Lang]*SiteWords // every language's, made by New
}

// Site is what every layout knows of the site as .Site.
type Site struct {
	Title      string
	BaseURL    string
	Language   string
	SLADays    int
	RespondURL string
	Contact    content.Contact
	// Nav lists the public pages, ordered by weight then title.
	Nav      []NavItem
	basePath string
	assets   map[string]string
	static   map[string]bool // the files of static/, by their published name
}

// NavItem is one public page in the navigation.
type NavItem struct {
	Title       string
	Description string
	URL         string
}

// URL returns the address of a page below the site's base path, for links
// that keep working when the site lives below a host's root.
func (s *Site) URL(rel string) string { return s.basePath + strings.TrimPrefix(rel, "/") }

// Favicon is the address of the site's icon: static/favicon.svg, .png or
// .ico when the site has one, else the theme's.
func (s *Site) Favicon() string {
	for _, name := range []string{"favicon.svg", "favicon.png", "favicon.ico"} {
		if s.static[name] {
			return s.URL(name)
		}
	}
	return s.Asset("favicon.svg")
}

// Asset returns the address of a theme asset by its name before hashing.
func (s *Site) Asset(name string) string {
	if h, ok := s.assets[name]; ok {
		return s.URL(h)
	}
	return s.URL("assets/" + name)
}

// Data is what a layout executes on.
type Data struct {
	Site *Site
	Kind string
	// Lang is the page's language as the file writes it (pt-BR), whose
	// table (pt-BR's, else pt's) gives every sentence: see T.
	Lang      string
	Title     string
	CSP       string
	Private   bool
	NoIndex   bool
	Preview   bool
	Page      *PageView
	Candidate *CandidateView
	Sealed    *SealedView
	// Record is the promise record, on the home page only, when the
	// ledger has one to show.
	Record *RecordView
	// L is every sentence of the page's language that takes no values,
	// escaped: {{$.L.strengths_heading}}.
	L map[string]template.HTML
	// Words are the sentences about the site, in the page's language.
	Words *SiteWords
	tr    *i18n.Lang
}

// SiteWords are the sentences about the site that pages show, in one
// language, made once per language and build.
type SiteWords struct {
	PromiseFooter, PromiseText, PromiseUnit template.HTML
	PromiseDays                             string
	// Contact, NotFoundHelp and SealedHelp are empty when the site has
	// no contact address.
	Contact, NotFoundHelp, SealedHelp template.HTML
}

// T is the sentence key in the page's language, its {placeholders}
// filled from args given as name, value pairs: {{$.T "greeting" "name"
// (bdi .Greeting)}}. A "count" picks the plural form.
func (d *Data) T(key string, args ...any) template.HTML { return d.tr.Format(key, args...) }

// Bdi is s for a sentence of the page: on a right-to-left page isolated
// with <bdi>, so that a name or other recruiter-written text in Latin
// letters reads right inside it.
func (d *Data) Bdi(s string) template.HTML { return isolate(d.tr, s) }

func isolate(tr *i18n.Lang, s string) template.HTML {
	if tr.RTL {
		return template.HTML("<bdi>" + template.HTMLEscapeString(s) + "</bdi>")
	}
	return template.HTML(template.HTMLEscapeString(s))
}

// RTL reports whether the page's language is written right to left.
func (d *Data) RTL() bool { return d.tr.RTL }

// funcs are the helpers layouts have for what goes into a sentence: the
// text is escaped, the markup around it is theirs.
var funcs = template.FuncMap{
	"strong": func(h template.HTML) template.HTML { return "<strong>" + h + "</strong>" },
	"mailto": mailto,
	"link": func(href string, text template.HTML) template.HTML {
		return template.HTML(`<a href="`+template.HTMLEscapeString(href)+`">`) + text + "</a>"
	},
	"time": func(iso, text string) template.HTML {
		return template.HTML(`<time datetime="` + template.HTMLEscapeString(iso) + `">` + template.HTMLEscapeString(text) + `</time>`)
	},
}

// SealedView is what a sealed page's shell holds: nothing of the
// candidate but ciphertext.
type SealedView struct {
	// Box is the sealed body, in base64url without padding: no byte of
	// it needs escaping in HTML.
	Box string
}

// PageView is a public page as layouts see it.
type PageView struct {
	Title       string
	Description string
	URL         string
	Content     template.HTML
}

// Options configure a Renderer.
type Options struct {
	// Assets maps an asset's name (candor.css) to its published path
	// (assets/candor.1a2b3c4d.css).
	Assets map[string]string
	// Drafts marks the pages of drafts as previews.
	Drafts bool
	// Today is the day pages are built for: a date a page promised that
	// has passed is worded as passed.
	Today content.Date
}

// New parses the theme's layouts for site. The error is a diag.List when
// a layout has a mistake a person can fix.
func New(site *content.Site, theme *Theme, opts Options) (*Renderer, error) {
	r := &Renderer{today: opts.Today, md: newMarkdown(), tables: site.Tables, words: map[*i18n.Lang]*SiteWords{},
		layouts: map[string]layoutSource{}, templates: map[*i18n.Lang]map[string]*template.Template{}}
	cfg := &site.Config
	r.site = &Site{
		Title:      cfg.Title,
		BaseURL:    cfg.BaseURL,
		Language:   cfg.Language,
		SLADays:    cfg.SLADays,
		RespondURL: cfg.RespondURL,
		Contact:    cfg.Contact,
		basePath:   cfg.BasePath(),
		assets:     opts.Assets,
		static:     map[string]bool{},
	}
	for _, f := range site.Static {
		r.site.static[strings.TrimPrefix(f, content.StaticDir+"/")] = true
	}
	for _, lang := range site.Tables.Languages() {
		tr := site.Tables.Lookup(lang)
		r.words[tr] = makeSiteWords(r.site, tr)
	}
	for _, p := range site.Pages {
		if p.Draft && !opts.Drafts || p.IsHome() {
			continue
		}
		r.site.Nav = append(r.site.Nav, NavItem{Title: p.Title, Description: p.Description, URL: p.URL})
	}
	weight := map[string]int{}
	for _, p := range site.Pages {
		weight[p.URL] = p.Weight
	}
	slices.SortStableFunc(r.site.Nav, func(a, b NavItem) int {
		if d := weight[a.URL] - weight[b.URL]; d != 0 {
			return d
		}
		return strings.Compare(a.Title, b.Title)
	})

	base, basePath, err := theme.Layout(BaseLayout)
	if err != nil {
		return nil, err
	}
	for layout := range kinds {
		text, where, err := theme.Layout(layout)
		if err != nil {
			return nil, err
		}
		r.layouts[layout] = layoutSource{base: string(base), basePath: basePath, text: string(text), where: where}
	}
	// Parsed now in the site's language, so that a mistake in a layout
	// is reported before any page is made.
	if _, err := r.parse(r.lang(r.site.Language)); err != nil {
		return nil, err
	}
	return r, nil
}

// layoutSource is one layout as written, with the base layout around it.
type layoutSource struct {
	base, basePath, text, where string
}

// parse returns the layouts parsed for tr's language, parsing them the
// first time. The error is a diag.List of the layouts' mistakes.
func (r *Renderer) parse(tr *i18n.Lang) (map[string]*template.Template, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ts, ok := r.templates[tr]; ok {
		return ts, nil
	}
	ts := map[string]*template.Template{}
	var errs diag.List
	for layout, src := range r.layouts {
		base, text := src.base, src.text
		if !r.noInline {
			base, text = inline(base, tr), inline(text, tr)
		}
		t, err := template.New(src.basePath).Funcs(funcs).Option("missingkey=error").Parse(base)
		if err == nil {
			_, err = t.New(src.where).Parse(text)
		}
		if err != nil {
			errs = append(errs, templateError(err, src.where))
			continue
		}
		ts[layout] = t
	}
	if len(errs) > 0 {
		return nil, errs.Sort()
	}
	r.templates[tr] = ts
	return ts, nil
}

// sentence is an action that prints a sentence of the page's language
// that takes no values: {{$.L.strengths_heading}}.
var sentence = regexp.MustCompile(`\{\{\$\.L\.([A-Za-z0-9_]+)\}\}`)

// inline writes every {{$.L.key}} of a layout as the key's text, escaped:
// the page is the same as if the action ran, without its cost at every
// page (some twenty-five actions a page were 7% of a build). Braces in the
// text are written as character references, so a sentence is never read
// as an action.
func inline(text string, tr *i18n.Lang) string {
	return sentence.ReplaceAllStringFunc(text, func(m string) string {
		h, ok := tr.HTML()[sentence.FindStringSubmatch(m)[1]]
		if !ok {
			return m // missing: the action reports it when it runs
		}
		return strings.ReplaceAll(strings.ReplaceAll(string(h), "{", "&#123;"), "}", "&#125;")
	})
}

var templateErr = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:\d+:)? ?(.*)$`)

// templateError turns html/template's "template: name:line: msg" into a
// positioned error.
func templateError(err error, where string) diag.Error {
	msg := err.Error()
	if m := templateErr.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		return diag.Error{Path: m[1], Line: line, Msg: m[3]}
	}
	return diag.Error{Path: where, Line: 1, Msg: strings.TrimPrefix(msg, "template: ")}
}

func (r *Renderer) execute(w io.Writer, layout string, d *Data) error {
	d.Site = r.site
	d.Kind = kinds[layout]
	if d.CSP == "" {
		d.CSP = CSP
	}
	if d.Lang == "" {
		d.Lang = r.site.Language
	}
	d.tr = r.lang(d.Lang)
	d.L = d.tr.HTML()
	d.Words = r.siteWords(d.tr)
	ts, err := r.parse(d.tr)
	if err != nil {
		return err
	}
	t := ts[layout]
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, t.Name(), d); err != nil {
		return diag.List{templateError(err, layout)}
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// lang is the table of a language tag: its own, its base language's, the
// site's (content checks that every lang has one), or English's.
func (r *Renderer) lang(tag string) *i18n.Lang {
	for _, t := range []string{tag, r.site.Language, i18n.Reference} {
		if l := r.tables.Lookup(t); l != nil {
			return l
		}
	}
	panic("render: no translation table, not even en")
}

// siteWords are the sentences about the site in tr's language.
func (r *Renderer) siteWords(tr *i18n.Lang) *SiteWords {
	if w, ok := r.words[tr]; ok {
		return w
	}
	return makeSiteWords(r.site, tr)
}

func makeSiteWords(site *Site, tr *i18n.Lang) *SiteWords {
	n := site.SLADays
	w := &SiteWords{
		PromiseFooter: tr.Format("promise_footer", "count", n),
		PromiseText:   tr.Format("promise_text", "count", n),
		PromiseUnit:   tr.Format("promise_unit", "count", n),
		PromiseDays:   tr.Number(n),
	}
	if c := site.Contact; c.Email != "" {
		w.Contact = named(tr, "footer_contact", c)
		w.NotFoundHelp = named(tr, "not_found_help", c)
		w.SealedHelp = named(tr, "sealed_help", c)
	}
	return w
}

// named is key's sentence about a contact: key with the name and the
// address, or key_unnamed with the address alone.
func named(tr *i18n.Lang, key string, c content.Contact) template.HTML {
	if c.Name == "" {
		return tr.Format(key+"_unnamed", "email", mailto(c.Email))
	}
	return tr.Format(key, "name", isolate(tr, c.Name), "email", mailto(c.Email))
}

func mailto(email string) template.HTML {
	e := template.HTMLEscapeString(email)
	return template.HTML(`<a href="mailto:` + e + `" rel="noopener noreferrer">` + e + `</a>`)
}

func (r *Renderer) markdown(body []byte) (template.HTML, error) {
	var buf bytes.Buffer
	if err := r.md.Convert(body, &buf); err != nil {
		return "", err
	}
	// goldmark escapes all it writes and leaves raw HTML out.
	return template.HTML(buf.String()), nil
}

// Page renders a public page.
func (r *Renderer) Page(w io.Writer, p *content.Page) error {
	return r.Home(w, p, nil)
}

// Home renders a public page, and on the home page the promise record
// when there is one to show.
func (r *Renderer) Home(w io.Writer, p *content.Page, rec *ledger.Promise) error {
	html, err := r.markdown(p.Body)
	if err != nil {
		return fmt.Errorf("%s: %w", p.Path, err)
	}
	layout, title := PageLayout, p.Title+" · "+r.site.Title
	if p.IsHome() {
		layout, title = HomeLayout, r.site.Title
	}
	d := &Data{
		Title:   title,
		Preview: p.Draft,
		Page:    &PageView{Title: p.Title, Description: p.Description, URL: p.URL, Content: html},
	}
	if rec != nil && p.IsHome() {
		d.Record = recordView(r.lang(r.site.Language), rec)
	}
	return r.execute(w, layout, d)
}

// RecordView is the promise record in the sentences the home page shows.
type RecordView struct {
	// Percent is the share on time, as the language writes a percentage.
	Percent string
	// OnTime labels it; Text says what it counts, in whole sentences.
	OnTime template.HTML
	Text   template.HTML
}

func recordView(tr *i18n.Lang, p *ledger.Promise) *RecordView {
	percent := string(tr.Format("record_percent", "value", tr.Number(p.Percent)))
	sentences := []template.HTML{
		tr.Format("record_candidates", "count", p.Candidates, "period", tr.Format("record_period", "count", p.WindowDays)),
		tr.Format("record_on_time", "count", p.SLADays, "percent", percent),
	}
	switch {
	case p.Told > 0 && p.MedianDays == 0:
		sentences = append(sentences, tr.Format("record_median_same_day"))
	case p.Told > 0:
		sentences = append(sentences, tr.Format("record_median", "count", i18n.Decimal(p.MedianDays)))
	}
	var text strings.Builder
	for i, s := range sentences {
		if i > 0 {
			text.WriteString(" ")
		}
		text.WriteString(string(s))
	}
	return &RecordView{Percent: percent, OnTime: tr.Format("record_label"), Text: template.HTML(text.String())}
}

// NotFound renders 404.html.
func (r *Renderer) NotFound(w io.Writer) error {
	return r.execute(w, NotFoundLayout, &Data{Title: r.lang(r.site.Language).Text("not_found_title") + " · " + r.site.Title, NoIndex: true})
}

// Feedback renders a candidate's private page.
func (r *Renderer) Feedback(w io.Writer, fb *content.Feedback) error {
	var html template.HTML
	if content.HasText(fb.Body) { // a body of comments alone (candor new's hint) is no note
		var err error
		if html, err = r.markdown(fb.Body); err != nil {
			return fmt.Errorf("%s: %w", fb.Path, err)
		}
	}
	return r.execute(w, FeedbackLayout, &Data{
		// Link previews, tabs and synced history see the site's name only.
		Title:     r.site.Title,
		Lang:      fb.Lang,
		Private:   true,
		Preview:   fb.Draft,
		Candidate: candidateView(fb, html, r.lang(fb.Lang), r.site, r.today),
	})
}

// Sealed renders the shell of a sealed page around box, the sealed body
// of the page Feedback renders. Its CSP holds ScriptHashSlot.
func (r *Renderer) Sealed(w io.Writer, fb *content.Feedback, box string) error {
	return r.execute(w, SealedLayout, &Data{
		Title:   r.site.Title,
		Lang:    fb.Lang,
		CSP:     SealedCSP,
		Private: true,
		Sealed:  &SealedView{Box: box},
	})
}

// CandidateView is a feedback file as the private page's layout sees it:
// dates and durations already in words.
type CandidateView struct {
	// Sentences made with the candidate's values, in their language.
	Hello, Lede, Updated, ConcernsIntro, ReplyTo, Contact, GuideLink, Footer template.HTML
	// ReplyHref writes to the recruiter with a subject line.
	ReplyHref string

	Greeting     string
	Name         string
	Role         string
	Status       content.Status
	StatusLabel  string
	StatusTitle  string
	StatusText   template.HTML
	NextSteps    string
	Stages       []StageView
	Strengths    []string
	Improvements []string
	Concerns     []string
	RespondBy    string
	DecisionBy   string
	Recruiter    content.Contact
	Content      template.HTML
	Expires      string
	ExpiresISO   string
}

// StageView is one interview stage.
type StageView struct {
	Name         string
	Date         string
	ISODate      string
	Duration     string
	Interviewers template.HTML // on a right-to-left page, each name isolated
	With         template.HTML // "With A, B and C", or empty
}

func candidateView(fb *content.Feedback, body template.HTML, tr *i18n.Lang, site *Site, today content.Date) *CandidateView {
	v := &CandidateView{
		Greeting:     fb.Greeting(),
		Name:         fb.Candidate,
		Role:         fb.Role,
		Status:       fb.Status,
		NextSteps:    fb.NextSteps,
		Strengths:    fb.Strengths,
		Improvements: fb.Improvements,
		Concerns:     fb.Concerns,
		RespondBy:    long(tr, fb.RespondBy),
		DecisionBy:   long(tr, fb.DecisionBy),
		Recruiter:    fb.Recruiter,
		Content:      body,
		Expires:      long(tr, fb.Expires),
		ExpiresISO:   fb.Expires.String(),
	}
	v.StatusLabel, v.StatusTitle, v.StatusText = statusWords(fb, tr)
	if fb.Status == content.OnHold && !fb.DecisionBy.IsZero() && today.After(fb.DecisionBy) {
		// The date has passed: the page says the team is late, never
		// that the candidate will hear by a day gone by.
		v.StatusTitle = tr.Text("status_on_hold_late_title")
		v.StatusText = tr.Format("status_on_hold_late_text", "date", long(tr, fb.DecisionBy))
	}
	v.Hello = tr.Format("greeting", "name", isolate(tr, v.Greeting))
	updated := fb.Updated
	if updated.IsZero() {
		updated = fb.LastStage()
	}
	v.Updated = tr.Format("updated_on", "date", template.HTML(`<time datetime="`+updated.String()+`">`+template.HTMLEscapeString(long(tr, updated))+`</time>`))
	v.Lede = tr.Format("lede", "role", "<strong>"+isolate(tr, fb.Role)+"</strong>")
	v.ConcernsIntro = tr.Format("concerns_intro")
	switch {
	case v.RespondBy != "" && today.After(fb.RespondBy):
		v.ConcernsIntro = tr.Format("concerns_intro_passed", "date", isolate(tr, v.RespondBy))
	case v.RespondBy != "":
		v.ConcernsIntro = tr.Format("concerns_intro_by", "date", "<strong>"+isolate(tr, v.RespondBy)+"</strong>")
	}
	v.ReplyTo = tr.Format("reply_to_team")
	if rc := fb.Recruiter; rc.Name != "" {
		v.ReplyTo = tr.Format("reply_to", "name", isolate(tr, rc.Name))
	}
	if rc := fb.Recruiter; rc.Email != "" {
		v.ReplyHref = "mailto:" + rc.Email + "?subject=" + strings.ReplaceAll(url.QueryEscape(tr.Text("reply_subject")), "+", "%20")
		v.Contact = named(tr, "contact_write", rc)
	} else {
		v.Contact = tr.Format("contact_reply")
	}
	v.GuideLink = tr.Format("guide_link", "link", template.HTML(`<a href="`+template.HTMLEscapeString(site.URL(""))+`">`)+tr.Format("guide_link_text")+"</a>")
	v.Footer = tr.Format("footer_private", "date", template.HTML(`<time datetime="`+v.ExpiresISO+`">`+template.HTMLEscapeString(v.Expires)+`</time>`))
	stages := slices.Clone(fb.Stages)
	slices.SortStableFunc(stages, func(a, b content.Stage) int { return a.Date.Time().Compare(b.Date.Time()) })
	for _, s := range stages {
		v.Stages = append(v.Stages, StageView{
			Name:         s.Name,
			Date:         long(tr, s.Date),
			ISODate:      s.Date.String(),
			Duration:     durationWords(tr, s.Duration),
			Interviewers: listWords(tr, s.Interviewers),
		})
		if st := &v.Stages[len(v.Stages)-1]; st.Interviewers != "" {
			st.With = tr.Format("stage_with", "names", st.Interviewers)
		}
	}
	return v
}

// long is d as the language's long date, "" for no date.
func long(tr *i18n.Lang, d content.Date) string {
	if d.IsZero() {
		return ""
	}
	return tr.Date(d.Time())
}

// statusWords says where the candidate stands in plain words: a label for
// the badge, a heading, and a sentence.
func statusWords(fb *content.Feedback, tr *i18n.Lang) (label, title string, text template.HTML) {
	key := "status_" + strings.ReplaceAll(string(fb.Status), "-", "_")
	role := isolate(tr, fb.Role)
	return tr.Text(key + "_label"), tr.Text(key + "_title"), tr.Format(key+"_text", "role", role, "date", long(tr, fb.DecisionBy))
}

// durationWords writes 90m as "1 hour 30 minutes", in the page's language.
func durationWords(tr *i18n.Lang, d time.Duration) string {
	if d <= 0 {
		return ""
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	hours, minutes := string(tr.Format("hours", "count", h)), string(tr.Format("minutes", "count", m))
	switch {
	case h > 0 && m > 0:
		return html.UnescapeString(string(tr.Format("hours_and_minutes", "hours", template.HTML(hours), "minutes", template.HTML(minutes))))
	case h > 0:
		return html.UnescapeString(hours)
	}
	return html.UnescapeString(minutes)
}

// listWords joins names as a person would, "A, B and C", each name
// isolated.
func listWords(tr *i18n.Lang, names []string) template.HTML {
	bdi := func(s string) template.HTML { return isolate(tr, s) }
	switch len(names) {
	case 0:
		return ""
	case 1:
		return bdi(names[0])
	}
	var rest template.HTML
	for i, n := range names[:len(names)-1] {
		if i > 0 {
			rest += template.HTML(template.HTMLEscapeString(tr.Text("list_separator")))
		}
		rest += bdi(n)
	}
	last := bdi(names[len(names)-1])
	if len(names) == 2 {
		return tr.Format("list_two", "first", rest, "last", last)
	}
	return tr.Format("list_more", "rest", rest, "last", last)
}
