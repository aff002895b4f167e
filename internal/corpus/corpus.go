// Package corpus writes large, realistic, made-up sites for benchmarks:
// the same n always gives the same files.
package corpus

import (
	"encoding/base32"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"
)

var (
	firsts = []string{"Ada", "Bo", "Chidi", "Dana", "Emil", "Farah", "Goran", "Hana", "Ines", "Jonas", "Kwame", "Lena", "Mei", "Noor", "Omar", "Priya", "Quinn", "Rafael", "Sara", "Tomás", "Uma", "Viktor", "Wen", "Yusuf", "Zoe"}
	lasts  = []string{"Moreno", "Lind", "Okafor", "Novak", "Tanaka", "Haddad", "Souza", "Mensah", "Carvalho", "Hoffmann", "Iyer", "Demir", "Boateng", "Silva", "Pereira", "de Vries", "Romero", "Ferreira"}
	roles  = []string{"Backend Engineer", "Frontend Engineer", "Product Designer", "Data Analyst", "Engineering Manager", "Site Reliability Engineer", "Support Lead"}
	stages = []string{"Introductory call", "Skills conversation", "Work sample", "Team day"}
	people = []string{"Bruno Ferreira", "Yusuf Demir", "Ana Pereira", "Kofi Boateng", "Marta Silva", "Pieter de Vries", "Lucía Romero"}
	words  = strings.Fields(`the candidate explained their reasoning clearly and checked each step against
a simple example before moving on we noticed careful attention to edge cases and a calm way of
asking questions when the problem was vague the design discussion covered caching queues retries
and how the system behaves when a dependency is slow they compared two approaches weighed the
costs and chose one with a short honest explanation of what it would not handle`)
	statuses = []string{"advancing", "offer", "not-selected", "on-hold", "withdrawn"}
)

// Config is the corpus site's candor.yaml.
const Config = `title: Corpus Interview Guide
base_url: https://careers.corpus.example/
feedback_sla_days: 5
retention_days: 3650
respond_url: https://forms.corpus.example/x
contact: {name: Talent team, email: talent@corpus.example}
`

// Today is a day on which every corpus page is published.
const Today = "2026-06-01"

// Write writes a site of n candidates into dir.
func Write(dir string, n int) error {
	files := map[string]string{
		"candor.yaml":             Config,
		"content/index.md":        "---\ntitle: How we interview\n---\n\n" + paragraph(rand.New(rand.NewPCG(0, 0)), 80) + "\n",
		"content/guide/stages.md": "---\ntitle: The stages\nweight: 1\n---\n\n" + paragraph(rand.New(rand.NewPCG(0, 1)), 200) + "\n",
	}
	for name, data := range files {
		if err := writeFile(filepath.Join(dir, name), data); err != nil {
			return err
		}
	}
	for i := range n {
		id, data := Feedback(i)
		if err := writeFile(filepath.Join(dir, "content", "feedback", id+".md"), data); err != nil {
			return err
		}
	}
	return nil
}

// OneCandidate is a site in memory with the i'th candidate alone, for
// measuring what one page costs.
func OneCandidate(i int) fstest.MapFS {
	id, src := Feedback(i)
	return fstest.MapFS{
		"candor.yaml":                    {Data: []byte(Config)},
		"content/index.md":               {Data: []byte("---\ntitle: Home\n---\n")},
		"content/feedback/" + id + ".md": {Data: []byte(src)},
	}
}

// written is the files' time: a site is edited long after its files were
// checked out, and a fixed time keeps the corpus the same every time.
var written = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)

func writeFile(p, data string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		return err
	}
	return os.Chtimes(p, written, written)
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Feedback returns candidate i's id and file: about 540 words, with
// headings and lists, and a table or a code block in some.
func Feedback(i int) (id, file string) {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	first, last := firsts[r.IntN(len(firsts))], lasts[r.IntN(len(lasts))]
	id = fmt.Sprintf("c%06d-%s", i, strings.ToLower(strings.ReplaceAll(first, "á", "a")))
	var tok [20]byte
	for j := range tok {
		tok[j] = byte(r.IntN(256))
	}
	status := statuses[i%len(statuses)]
	var b strings.Builder
	fmt.Fprintf(&b, "---\ncandidate: %s %s\nrole: %s\ntoken: %s\nstatus: %s\nemail: c%06d@mail.example\nstages:\n", first, last, roles[r.IntN(len(roles))], strings.ToLower(b32.EncodeToString(tok[:])), status, i)
	day := 1 + r.IntN(20)
	for s := range 1 + r.IntN(len(stages)) {
		fmt.Fprintf(&b, "  - name: %s\n    date: 2026-05-%02d\n    interviewers: [%s, %s]\n    duration: %dm\n", stages[s], day+s, people[r.IntN(len(people))], people[r.IntN(len(people))], 30*(1+r.IntN(4)))
	}
	b.WriteString("strengths:\n")
	for range 3 {
		fmt.Fprintf(&b, "  - %s.\n", sentence(r, 18))
	}
	b.WriteString("improvements:\n")
	for range 2 {
		fmt.Fprintf(&b, "  - %s.\n", sentence(r, 20))
	}
	switch status {
	case "advancing":
		b.WriteString("next_steps: A team day next week; we will write with times.\n")
	case "on-hold":
		b.WriteString("next_steps: We decide after one more conversation.\ndecision_by: 2026-06-20\nconcerns:\n  - " + sentence(r, 15) + "?\nrespond_by: 2026-06-10\n")
	}
	b.WriteString("---\n\n## How the conversation went\n\n")
	b.WriteString(paragraph(r, 120) + "\n\n" + paragraph(r, 100) + "\n\n## In detail\n\n")
	for range 4 {
		fmt.Fprintf(&b, "- **%s**: %s.\n", sentence(r, 2), sentence(r, 14))
	}
	switch i % 3 {
	case 0:
		b.WriteString("\n| Area | What we saw |\n| --- | --- |\n")
		for range 4 {
			fmt.Fprintf(&b, "| %s | %s |\n", sentence(r, 2), sentence(r, 10))
		}
	case 1:
		b.WriteString("\n```go\nfunc retry(n int, f func() error) (err error) {\n\tfor range n {\n\t\tif err = f(); err == nil {\n\t\t\treturn nil\n\t\t}\n\t}\n\treturn err\n}\n```\n")
	}
	b.WriteString("\n" + paragraph(r, 110) + "\n")
	return id, b.String()
}

func sentence(r *rand.Rand, n int) string {
	w := make([]string, n)
	for j := range w {
		w[j] = words[r.IntN(len(words))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func paragraph(r *rand.Rand, n int) string {
	var parts []string
	for n > 0 {
		k := min(n, 8+r.IntN(12))
		parts = append(parts, sentence(r, k)+".")
		n -= k
	}
	return strings.Join(parts, " ")
}
