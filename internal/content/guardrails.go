package content

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/candor-feedback/candor/internal/guard"
	"github.com/candor-feedback/candor/internal/matter"
)

// guardedKeys are the front matter keys whose text a candidate reads as
// feedback; names (candidate, preferred_name, interviewers, recruiter)
// are never looked at.
var guardedKeys = []string{"strengths", "improvements", "concerns", "next_steps", "role"}

// text is one piece of a file a candidate reads, and its line.
type text struct {
	s    string
	line int
}

// guardrails checks what a candidate reads of fb against the rules of
// its language: a finding is an error, a warning in a draft, and nothing
// in a category the file allows. A language with no rules gets a warning.
func guardrails(fb *Feedback, doc *matter.Doc, f *fields) {
	if !guarding {
		return
	}
	rules, ok := guard.Rules(fb.Lang)
	if !ok {
		line := fb.LangLine
		if line == 0 {
			line = doc.Fence
		}
		fb.parseWarnings.Warn(fb.Path, line, "candor has no guardrail rules for %s (it has them for %s): have a second person read this file before it is published", fb.Lang, strings.Join(guard.Languages(), ", "))
		return
	}
	texts := guardedTexts(fb, doc, f)
	all := make([]string, len(texts))
	for i, t := range texts {
		all[i] = t.s
	}
	if !guard.Maybe(rules, all...) {
		return // nothing a rule looks for: most feedback
	}
	for _, t := range texts {
		for _, fd := range guard.Check(rules, t.s) {
			if slices.Contains(fb.Allow, fd.Rule.Category) {
				continue
			}
			msg := guardMessage(fd)
			if fb.Draft {
				fb.parseWarnings.Warn(fb.Path, t.line+fd.Line-1, "%s", msg)
			} else {
				f.errorf(t.line+fd.Line-1, "%s", msg)
			}
		}
	}
}

// guardedTexts are the texts of fb a candidate reads, with their lines.
func guardedTexts(fb *Feedback, doc *matter.Doc, f *fields) []text {
	var out []text
	for _, key := range guardedKeys {
		fd, ok := f.by[key]
		if !ok {
			continue
		}
		switch fd.Value.Kind {
		case matter.String:
			out = append(out, text{fd.Value.Text, fd.Value.Line})
		case matter.List:
			for _, it := range fd.Value.Items {
				if it.Kind == matter.String {
					out = append(out, text{it.Text, it.Line})
				}
			}
		}
	}
	if len(fb.Body) > 0 {
		out = append(out, text{string(fb.Body), fb.BodyLine})
	}
	return out
}

// guardMessage says what a finding is and what to write instead. It
// quotes the words that matched only when they hold no capitalised word
// past the first (never a name).
func guardMessage(fd guard.Finding) string {
	quote := ""
	words := strings.Fields(fd.Phrase)
	plain := len(words) <= 6
	for i, w := range words {
		if i > 0 && strings.IndexFunc(w, unicode.IsUpper) == 0 && w != "I" {
			plain = false
		}
	}
	if plain {
		quote = fmt.Sprintf("%q ", fd.Phrase)
	}
	return fmt.Sprintf("%sspeaks of the candidate's %s, not of the job (guardrail %s). %s (If a reviewer accepted it, add allow: [%s] to this file.)",
		quote, categoryWords[fd.Rule.Category], fd.Rule.ID, fd.Rule.Instead, fd.Rule.Category)
}

var categoryWords = map[string]string{
	"age":        "age",
	"family":     "family",
	"gender":     "sex, gender or sexuality",
	"origin":     "origin or language",
	"religion":   "religion",
	"health":     "health",
	"appearance": "appearance",
	"fit":        "fit, without a job-related reason",
}

// allowList reads allow: the guardrail categories a reviewer accepted.
func allowList(f *fields) []string {
	var out []string
	for _, c := range f.list("allow") {
		if !slices.Contains(guard.Categories, c) {
			msg := fmt.Sprintf("allow takes guardrail categories (%s)", strings.Join(guard.Categories, ", "))
			if s := suggest(c, guard.Categories); s != "" {
				msg += "; did you mean " + s + "?"
			}
			f.errorf(f.line("allow"), "%s", msg)
			continue
		}
		out = append(out, c)
	}
	return out
}
