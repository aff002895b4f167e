// Command bare is the reference pipeline of issue 6, for measuring candor
// against: front matter, goldmark, html/template and one file write per
// page, on 2 workers, with none of candor's checks, theme or minifying.
// It is a yardstick, not a product: make bench builds and runs it.
//
//	bare SOURCE DEST
package main

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/adrg/frontmatter"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><h1>Hi {{.Candidate}},</h1><p>{{.Role}}: {{.Status}}</p>
<ul>{{range .Strengths}}<li>{{.}}</li>{{end}}</ul>
<ul>{{range .Improvements}}<li>{{.}}</li>{{end}}</ul>
{{.Content}}</body></html>
`))

type matter struct {
	Candidate    string   `yaml:"candidate"`
	Role         string   `yaml:"role"`
	Status       string   `yaml:"status"`
	Strengths    []string `yaml:"strengths"`
	Improvements []string `yaml:"improvements"`
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: bare SOURCE DEST")
		os.Exit(2)
	}
	src, dest := os.Args[1], os.Args[2]
	files, err := filepath.Glob(filepath.Join(src, "content", "feedback", "*.md"))
	if err != nil {
		panic(err)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	next := make(chan string)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for f := range next {
				if err := one(md, f, dest); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
			}
		})
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
}

func one(md goldmark.Markdown, file, dest string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	var m matter
	body, err := frontmatter.Parse(f, &m)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	var html bytes.Buffer
	if err := md.Convert(body, &html); err != nil {
		return err
	}
	var out bytes.Buffer
	err = page.Execute(&out, struct {
		matter
		Title   string
		Content template.HTML
	}{m, "Guide", template.HTML(html.String())})
	if err != nil {
		return err
	}
	dir := filepath.Join(dest, strings.TrimSuffix(filepath.Base(file), ".md"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), out.Bytes(), 0o644)
}
