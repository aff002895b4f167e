package notify

import (
	"bytes"
	_ "embed"
	"html/template"
	"strings"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/i18n"
)

// Mail is one notice as the candidate reads it. It holds the greeting
// name and the role from the feedback file, and nothing else of it:
// mail is forwarded and archived more than pages are.
type Mail struct {
	To string
	// ReplyTo is the candidate's recruiter (or the site's contact): a
	// candidate can always answer a person. Empty when there is none.
	ReplyTo, ReplyName string
	Lang               string
	RTL                bool
	Subject            string
	Text, HTML         string
}

//go:embed mail.html
var mailHTML string

var mailTemplate = template.Must(template.New("mail").Parse(mailHTML))

// mailView is what mail.html executes on: each sentence made and escaped.
type mailView struct {
	Lang      string
	Dir       string
	Subject   string
	Hello     template.HTML
	Why       template.HTML
	Open      template.HTML
	LinkText  template.HTML // the text part's label before the link
	Link      string
	Private   template.HTML
	Sealed    template.HTML
	Expires   template.HTML
	Reply     template.HTML
	Signoff   template.HTML
	Signature []string
	Footer    template.HTML
}

// Compose writes the mail of notice n in the candidate's language.
func Compose(site *content.Site, n Notice) (Mail, error) {
	fb := n.Feedback
	tr := lang(site, fb.Lang)
	recruiter := fb.Recruiter
	m := Mail{To: strings.TrimSpace(fb.Email), ReplyTo: recruiter.Email, ReplyName: recruiter.Name, Lang: tr.Tag, RTL: tr.RTL}
	m.Subject = text(tr.Format("mail_subject_"+string(n.Why), "company", site.Config.Company))
	var html bytes.Buffer
	if err := mailTemplate.Execute(&html, view(site, n, tr, func(s string) template.HTML { return isolate(tr, s) })); err != nil {
		return Mail{}, err
	}
	m.HTML = html.String()
	m.Text = plain(view(site, n, tr, func(s string) template.HTML { return template.HTML(template.HTMLEscapeString(s)) }))
	return m, nil
}

// view is the mail's sentences, each value in them (a name, the role,
// the company) put in by value: isolated from the text around it in the
// HTML part, as it is in the text part.
func view(site *content.Site, n Notice, tr *i18n.Lang, value func(string) template.HTML) mailView {
	fb := n.Feedback
	company, role, recruiter := value(site.Config.Company), value(fb.Role), fb.Recruiter
	v := mailView{
		Lang:     tr.Tag,
		Dir:      "ltr",
		Subject:  text(tr.Format("mail_subject_"+string(n.Why), "company", site.Config.Company)),
		Hello:    tr.Format("greeting", "name", value(fb.Greeting())),
		Why:      tr.Format("mail_why_"+string(n.Why), "role", role, "company", company),
		Open:     tr.Format("mail_open"),
		LinkText: tr.Format("mail_link_text"),
		Link:     fb.Link(site.Config.BaseURL),
		Private:  tr.Format("mail_private"),
		Expires:  tr.Format("mail_expires", "date", tr.Date(fb.Expires.Time())),
		Signoff:  tr.Format("mail_signoff"),
		Footer:   tr.Format("mail_footer", "company", company),
	}
	if tr.RTL {
		v.Dir = "rtl"
	}
	if n.NewLink && n.Why != Link {
		// Told of another link before: say that one is gone, too.
		v.Why += " " + tr.Format("mail_old_link")
	}
	if fb.Sealed {
		v.Sealed = tr.Format("mail_sealed")
	}
	if recruiter.Email != "" && recruiter.Name != "" {
		v.Reply = tr.Format("mail_reply_named", "name", value(recruiter.Name))
	} else {
		v.Reply = tr.Format("mail_reply")
	}
	if recruiter.Name != "" {
		v.Signature = append(v.Signature, recruiter.Name)
	}
	v.Signature = append(v.Signature, site.Config.Company)
	return v
}

// plain is the mail's text part: the same sentences, the link on a line
// of its own so that every mail program makes it clickable.
func plain(v mailView) string {
	var b strings.Builder
	para := func(s ...string) {
		for _, line := range s {
			b.WriteString(line)
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	para(text(v.Hello))
	para(text(v.Why))
	para(text(v.LinkText), v.Link)
	p := text(v.Private)
	if v.Sealed != "" {
		p += " " + text(v.Sealed)
	}
	para(p, text(v.Expires))
	para(text(v.Reply))
	para(append([]string{text(v.Signoff)}, v.Signature...)...)
	b.WriteString("-- \n")
	b.WriteString(text(v.Footer))
	b.WriteString("\n")
	return b.String()
}

// text is a sentence made for a page as plain text.
func text(h template.HTML) string {
	return htmlUnescape(string(h))
}

var unescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`)

func htmlUnescape(s string) string { return unescaper.Replace(s) }

// isolate keeps a name written left to right in its place in a sentence
// written right to left.
func isolate(tr *i18n.Lang, s string) template.HTML {
	if tr.RTL {
		return template.HTML("<bdi>" + template.HTMLEscapeString(s) + "</bdi>")
	}
	return template.HTML(template.HTMLEscapeString(s))
}

// lang is the table of a candidate's language: its own, else the site's,
// else English (content checks that every lang has one).
func lang(site *content.Site, tag string) *i18n.Lang {
	for _, t := range []string{tag, site.Config.Language, i18n.Reference} {
		if l := site.Tables.Lookup(t); l != nil {
			return l
		}
	}
	panic("notify: no translation table, not even en")
}
