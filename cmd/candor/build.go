package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/candor-feedback/candor/internal/build"
	"github.com/candor-feedback/candor/internal/diag"
)

func buildCmd() *command {
	var drafts, minify, withhold bool
	return &command{
		name:    "build",
		args:    "[--drafts] [--minify=false] [--withhold-invalid]",
		short:   "Build the site: the public guide and every candidate's private page.",
		example: "candor build --source ./careers --dest ./careers/public",
		setup: func(fs *flag.FlagSet, e *env) {
			sourceFlag(fs, e)
			destFlag(fs, e)
			todayFlag(fs, e)
			fs.BoolVar(&drafts, "drafts", false, "build drafts too (marked as previews); never publish such a build")
			fs.BoolVar(&minify, "minify", true, "minify HTML, CSS and JS")
			fs.BoolVar(&withhold, "withhold-invalid", false, "leave out the page of each candidate file with errors, and build the rest (for daily rebuilds in CI)")
		},
		run: func(ctx context.Context, e *env, args []string) int {
			res, err := build.Build(ctx, e.source, e.destDir(), build.Options{Today: e.date, Drafts: drafts, NoMinify: !minify, WithholdInvalid: withhold})
			if err != nil {
				return e.fail(err)
			}
			e.warn(res.Warnings)
			for _, p := range res.Withheld {
				fmt.Fprintln(e.stderr, terminalSafe(p.Error()))
			}
			if n := withheldFiles(res.Withheld); n > 0 {
				fmt.Fprintf(e.stderr, "Withheld %s with errors: their pages are not published until the errors above are fixed.\n", count(n, "candidate file"))
			}
			fmt.Fprintf(e.stdout, "Built %s and %s into %s.\n", count(res.Public, "public page"), count(res.Private, "private page"), e.destDir())
			if s := leftOut(res); s != "" {
				fmt.Fprintf(e.stdout, "Not published today: %s.\n", s)
			}
			return exitOK
		},
	}
}

// withheldFiles counts the files the problems are in.
func withheldFiles(l diag.List) int {
	files := map[string]bool{}
	for _, p := range l {
		files[p.Path] = true
	}
	return len(files)
}

func leftOut(res *build.Result) string {
	var parts []string
	if res.Drafts > 0 {
		parts = append(parts, count(res.Drafts, "draft"))
	}
	if res.Scheduled > 0 {
		parts = append(parts, fmt.Sprintf("%d scheduled for later", res.Scheduled))
	}
	if res.Expired > 0 {
		parts = append(parts, fmt.Sprintf("%d expired", res.Expired))
	}
	return strings.Join(parts, ", ")
}

func checkCmd() *command {
	var strict bool
	return &command{
		name:    "check",
		args:    "[--strict]",
		short:   "Check every file of the site, as a build would, and write nothing.",
		example: "candor check --source ./careers",
		setup: func(fs *flag.FlagSet, e *env) {
			sourceFlag(fs, e)
			todayFlag(fs, e)
			fs.BoolVar(&strict, "strict", false, "fail on warnings too (exit status 1)")
		},
		run: func(ctx context.Context, e *env, args []string) int {
			// Drafts are rendered too: a layout that fails on one fails here.
			res, err := build.Check(ctx, e.source, build.Options{Today: e.date, Drafts: true})
			if err != nil {
				return e.fail(err)
			}
			e.warn(res.Warnings)
			if len(res.Warnings) > 0 {
				fmt.Fprintf(e.stdout, "Builds, with %s: %s and %s checked.\n", count(len(res.Warnings), "warning"), count(res.Public, "public page"), count(res.Private, "private page"))
				if strict {
					return exitContent
				}
				return exitOK
			}
			fmt.Fprintf(e.stdout, "All good: %s and %s checked.\n", count(res.Public, "public page"), count(res.Private, "private page"))
			return exitOK
		},
	}
}
