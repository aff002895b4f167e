package server

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/candor-feedback/candor/internal/content"
)

// indexRow is one candidate in the preview index.
type indexRow struct {
	ID, Candidate, Role, Status, State, Due string
	Link                                    string // empty when the page is not built
	Why                                     string // why not
}

var indexTmpl = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Preview · {{.Title}}</title>
{{with .CSS}}<link rel="stylesheet" href="{{.}}">{{end}}
</head>
<body>
<header class="site-header"><div class="wrap"><a class="site-title" href="/">{{.Title}}</a><nav aria-label="Preview"><ul><li><a href="/">Public guide</a></li></ul></nav></div></header>
<main class="wrap prose">
<h1>Preview: every candidate</h1>
<p class="lede">Only this preview lists candidates; the published site never does. As of {{.Today}}{{if .Drafts}}, drafts included{{else}}; run <code>candor serve --drafts</code> to see drafts{{end}}.</p>
{{if .Rows}}
<table>
<thead><tr><th>Candidate</th><th>Status</th><th>State</th><th>Due</th><th>Page</th></tr></thead>
<tbody>
{{range .Rows}}<tr class="state-{{.State}}"><td>{{.Candidate}}<br><small>{{.ID}} · {{.Role}}</small></td><td>{{.Status}}</td><td>{{.State}}</td><td>{{.Due}}</td><td>{{if .Link}}<a href="{{.Link}}">Open</a>{{else}}{{.Why}}{{end}}</td></tr>
{{end}}</tbody>
</table>
{{else}}
<p>No candidates yet. Start one with <code>candor new ID --candidate NAME --role ROLE</code>.</p>
{{end}}
</main>
</body>
</html>
`))

func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	site, files, today, version := s.site, s.files, s.today, s.version
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
		Rows              []indexRow
	}{Title: site.Config.Title, Today: today.Long(), Drafts: s.opts.Drafts}
	for name := range files {
		if strings.HasPrefix(name, "assets/candor.") && strings.HasSuffix(name, ".css") {
			data.CSS = "/" + name
		}
	}
	sla := site.Config.SLADays
	for _, fb := range site.Feedback {
		row := indexRow{
			ID: fb.ID, Candidate: fb.Candidate, Role: fb.Role, Status: string(fb.Status),
			State: string(fb.State(today, sla)), Due: fb.Due(sla).String(),
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
	var b strings.Builder
	if err := indexTmpl.Execute(&b, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(inject([]byte(b.String()), version))
}
