package server

import (
	"cmp"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/notify"
)

// indexRow is one candidate in the preview's dashboard.
type indexRow struct {
	ID, Candidate, Role, Status, State, Due string
	Link                                    string // empty when the page is not built
	Why                                     string // why not
	Told                                    string // whether the candidate was told, when published
	Mail                                    string // the preview of the mail notify would send, when there is one
	Overdue                                 bool
	Warnings                                []string

	urgency int
	due     content.Date
}

var indexTmpl = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Preview · {{.Title}}</title>
{{with .CSS}}<link rel="stylesheet" href="{{.}}">{{end}}
<style>
.dash { list-style: none; padding: 0; margin: 1rem 0; display: grid; gap: 0.75rem; }
.dash li { background: var(--surface, #fff); border: 1px solid var(--line, #ddd); border-radius: 10px; padding: 0.9rem 1rem; }
.dash .who { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.25rem 1rem; align-items: baseline; }
.dash .name { font-weight: 700; }
.dash .id { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9rem; color: var(--muted, #555); overflow-wrap: anywhere; }
.dash .facts { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0.4rem 0 0; color: var(--muted, #555); font-size: 0.95rem; }
.dash .facts span { white-space: nowrap; }
.dash .state { font-weight: 600; }
.dash .overdue { border-inline-start: 6px solid #b42318; }
.dash .overdue .state { color: #b42318; }
.dash .warnings { margin: 0.5rem 0 0; padding: 0.5rem 0.75rem; background: #fff8e6; border-radius: 6px; font-size: 0.9rem; color: #5c4100; }
.dash .warnings li { border: 0; padding: 0; margin: 0.2rem 0; background: none; overflow-wrap: anywhere; }
.dash a.open { font-weight: 600; }
</style>
</head>
<body>
<header class="site-header"><div class="wrap"><a class="site-title" href="/">{{.Title}}</a><nav aria-label="Preview"><ul><li><a href="/">Public guide</a></li></ul></nav></div></header>
<main class="wrap">
<h1>Preview: every candidate</h1>
<p class="lede">Only this preview lists candidates; the published site never does. Most urgent first, as of {{.Today}}{{if .Drafts}}, drafts included{{else}}; run <code>candor serve --drafts</code> to see drafts{{end}}.</p>
{{- with .SiteWarnings}}
<ul class="warnings" aria-label="Warnings">{{range .}}<li>{{.}}</li>{{end}}</ul>
{{- end}}
{{if .Rows}}
<ul class="dash">
{{range .Rows}}<li class="state-{{.State}}{{if .Overdue}} overdue{{end}}">
  <div class="who"><span class="name">{{.Candidate}}</span><span class="id">{{.ID}}</span></div>
  <p class="facts"><span>{{.Role}}</span><span>{{.Status}}</span><span class="state">{{.State}}</span><span>due {{.Due}}</span>{{with .Told}}<span class="told">{{.}}</span>{{end}}{{with .Mail}}<a class="mail" href="{{.}}">Preview the mail</a>{{end}}<span>{{if .Link}}<a class="open" href="{{.Link}}">Open the page</a>{{else}}{{.Why}}{{end}}</span></p>
  {{- with .Warnings}}
  <ul class="warnings" aria-label="Warnings">{{range .}}<li>{{.}}</li>{{end}}</ul>
  {{- end}}
</li>
{{end}}</ul>
{{else}}
<p>No candidates yet. Start one with <code>candor new ID --candidate NAME --role ROLE</code>.</p>
{{end}}
</main>
</body>
</html>
`))

func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	site, files, today, version, warnings := s.site, s.files, s.today, s.version, s.warnings
	s.mu.RUnlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if site == nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write(inject([]byte(problemsPage), version))
		return
	}
	data := struct {
		Title, CSS, Today string
		Drafts            bool
		SiteWarnings      []string
		Rows              []indexRow
	}{Title: site.Config.Title, Today: today.Long(), Drafts: s.opts.Drafts}
	for name := range files {
		if strings.HasPrefix(name, "assets/candor.") && strings.HasSuffix(name, ".css") {
			data.CSS = "/" + name
		}
	}
	byFile := map[string][]string{}
	for _, w := range warnings {
		if strings.HasPrefix(w.Path, content.FeedbackDir+"/") {
			byFile[w.Path] = append(byFile[w.Path], lineOf(w)+w.Msg)
		} else {
			data.SiteWarnings = append(data.SiteWarnings, w.Error())
		}
	}
	sla := site.Config.SLADays
	for _, fb := range site.Feedback {
		state := fb.State(today, sla)
		row := indexRow{
			ID: fb.ID, Candidate: fb.Candidate, Role: fb.Role, Status: string(fb.Status),
			State: string(state), Due: fb.Due(sla).String(), Overdue: state == content.Overdue,
			Warnings: byFile[fb.Path], urgency: fb.Urgency(state), due: fb.Due(sla),
		}
		if fb.Published(today, false) {
			row.Told = told(notify.Tell(site, fb, today))
			if strings.TrimSpace(fb.Email) != "" {
				row.Mail = Prefix + "mail/" + fb.ID
			}
		}
		switch fb.Publication(today, s.opts.Drafts) {
		case content.Published:
			row.Link = fb.Link("/") // with its key, when sealed
		case content.Drafted:
			row.Why = "draft: run serve --drafts"
		case content.Scheduled:
			row.Why = "from " + fb.PublishAfter.String()
		case content.Expired:
			row.Why = "expired: delete the file"
		}
		data.Rows = append(data.Rows, row)
	}
	slices.SortStableFunc(data.Rows, func(a, b indexRow) int {
		return cmp.Or(cmp.Compare(a.urgency, b.urgency), a.due.Time().Compare(b.due.Time()), strings.Compare(a.ID, b.ID))
	})
	var b strings.Builder
	if err := indexTmpl.Execute(&b, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(inject([]byte(b.String()), version))
}

// lineOf is "line N: " for a warning with a line, for a list under its
// file's candidate.
func lineOf(w diag.Error) string {
	if w.Line > 0 {
		return "line " + strconv.Itoa(w.Line) + ": "
	}
	return ""
}

// told says whether a published candidate was told of the page.
func told(t notify.Telling) string {
	switch {
	case t.Last != "" && t.Due:
		return "told " + t.Last + "; a new notice is due: run candor notify"
	case t.Last != "":
		return "told " + t.Last
	case t.Due:
		return "not told yet: run candor notify"
	case t.Why != "":
		return "no notice: " + t.Why
	}
	return ""
}

// serveMail shows the HTML part of the mail candor notify would send the
// candidate id today, as the candidate's mail program would: the notice
// due, else the first one.
func (s *Server) serveMail(w http.ResponseWriter, id string) {
	s.mu.RLock()
	site, today := s.site, s.today
	s.mu.RUnlock()
	var fb *content.Feedback
	if site != nil {
		for _, f := range site.Feedback {
			if f.ID == id {
				fb = f
			}
		}
	}
	if fb == nil || !fb.Published(today, false) || strings.TrimSpace(fb.Email) == "" {
		http.Error(w, "no mail: this candidate's page is not published today, or the file has no email", http.StatusNotFound)
		return
	}
	n := notify.Notice{Feedback: fb, Key: notify.KeyOf(fb), Why: notify.First}
	due, _ := notify.Due(site, today, nil)
	for _, d := range due {
		if d.Key.ID == id {
			n = d
		}
	}
	m, err := notify.Compose(site, n)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// A mail holds no script, and loads nothing from elsewhere.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'")
	w.Write([]byte(m.HTML))
}
