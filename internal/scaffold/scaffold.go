// Package scaffold writes the text of new files: a candidate's feedback
// file for "candor new", and a whole starter site for "candor init".
package scaffold

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/candor-feedback/candor/internal/content"
)

// NewFeedback says what "candor new" knows of a candidate.
type NewFeedback struct {
	Candidate string
	Role      string
	Token     string
	Stage     string
	Date      content.Date
}

// plain is text YAML reads back as the same string without quotes.
var plain = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} .,'()/&+-]*$`)

func yamlString(s string) string {
	if plain.MatchString(s) && !strings.HasSuffix(s, " ") && !reserved(s) {
		return s
	}
	return strconv.Quote(s)
}

// reserved are plain words YAML reads as something other than text.
func reserved(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~":
		return true
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// Feedback returns a draft feedback file: the facts given, and commented
// prompts for what the recruiter writes next. It passes "candor check".
func Feedback(n NewFeedback) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `---
candidate: %s
# preferred_name: %s   # the greeting uses it; else the first word of candidate
role: %s
token: %s   # the private link; "candor token ID" replaces it
status: advancing   # advancing, offer, not-selected, on-hold or withdrawn
draft: true   # remove this line when the feedback is ready to send
# email: name@example.com   # for "candor urls" only; never shown on any page
stages:
  - name: %s
    date: %s
    # interviewers: [First Person, Second Person]
    # duration: 60m
strengths:
  # What went well? Be specific: what did the candidate do or say?
  # - ...
improvements:
  # What would have helped? Write it so it helps in any interview, here or elsewhere.
  # - ...
# concerns:   # doubts the candidate may answer before you decide (needs respond_by)
#   - ...
# respond_by: YYYY-MM-DD
next_steps: # What happens next, and when? (needed for advancing and on-hold)
# decision_by: YYYY-MM-DD   # needed for on-hold: the day the candidate will hear by
---

<!-- Optional: a note from the team, in Markdown, below the front matter.
     Run "candor check" to see what is still missing before you send it. -->
`, yamlString(n.Candidate), firstWord(n.Candidate), yamlString(n.Role), n.Token, yamlString(n.Stage), n.Date)
	return []byte(b.String())
}

func firstWord(s string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	return yamlString(first)
}
