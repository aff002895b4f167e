package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/scaffold"
)

// tool finds a program the tests run: skipped with the reason on a
// developer's machine without it, a failure under CI.
func tool(t *testing.T, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no %s on PATH, and CI=true: .ci/run must install it (%s)", name, install)
		}
		t.Skipf("no %s on PATH: install it (%s) to run this test", name, install)
	}
	return p
}

// initHost writes a new site for host and builds it.
func initHost(t *testing.T, host string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, errs := candor(t, "init", dir, "--host", host, "--today", "2026-03-02"); code != 0 {
		t.Fatalf("init --host %s: %s", host, errs)
	}
	for _, cmd := range []string{"check", "build"} {
		if code, _, errs := candor(t, cmd, "--source", dir, "--today", "2026-03-02"); code != 0 {
			t.Fatalf("%s after init --host %s: %s", cmd, host, errs)
		}
	}
	return dir
}

// workflow is what the tests read of a GitHub Actions workflow.
type workflow struct {
	On   map[string]any `yaml:"on"`
	Jobs map[string]struct {
		If    string `yaml:"if"`
		Needs any    `yaml:"needs"`
		Steps []struct {
			If   string         `yaml:"if"`
			Run  string         `yaml:"run"`
			Uses string         `yaml:"uses"`
			With map[string]any `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func readWorkflow(t *testing.T, dir string) (workflow, map[string]string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, ".github/workflows/candor.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("workflow is not YAML: %v", err)
	}
	steps := map[string]string{}
	for name, job := range wf.Jobs {
		for _, s := range job.Steps {
			steps[name] += s.Run + s.Uses + " " + s.If + "\n"
			for k, v := range s.With {
				steps[name] += k + ": " + toString(v) + "\n"
			}
		}
	}
	return wf, steps
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	data, _ := json.Marshal(v)
	return string(data)
}

// TestInitHosts: for every host, init writes a site that checks and
// builds at once, with the host's files, each holding what SPEC.md asks:
// checks on changes, a daily rebuild that withholds invalid files, an
// overdue job that never holds back a deploy, no preview with private
// pages, notify after a publish only; and a README that says what to set.
func TestInitHosts(t *testing.T) {
	for _, host := range scaffold.Hosts {
		t.Run(host, func(t *testing.T) {
			dir := initHost(t, host)
			readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
			if !strings.Contains(string(readme), "## Publishing on "+hostName[host]) || !strings.Contains(string(readme), "## Notices") {
				t.Errorf("README.md lacks the %s section", hostName[host])
			}
			attrs, _ := os.ReadFile(filepath.Join(dir, ".gitattributes"))
			if !strings.Contains(string(attrs), "notices.csv merge=union") {
				t.Error(".gitattributes does not merge ledgers")
			}
			switch host {
			case "gitlab":
				checkGitLab(t, dir)
			case "netlify":
				checkNetlify(t, dir)
			default:
				checkGitHub(t, dir, host)
			}
			if host == "s3" {
				checkStack(t, dir)
			}
		})
	}
}

func checkGitHub(t *testing.T, dir, host string) {
	wf, steps := readWorkflow(t, dir)
	for _, trigger := range []string{"pull_request", "push", "schedule"} {
		if _, ok := wf.On[trigger]; !ok {
			t.Errorf("workflow does not run on %s", trigger)
		}
	}
	deploy := map[string]string{"github": "actions/deploy-pages", "cloudflare": "cloudflare/wrangler-action", "s3": "aws s3 sync public/"}[host]
	for job, want := range map[string][]string{
		"check":   {"candor check"},
		"publish": {"candor build --withhold-invalid", deploy},
		"overdue": {"candor status --fail-overdue"},
		"notify":  {"candor notify --send", "git push"},
	} {
		for _, w := range want {
			if !strings.Contains(steps[job], w) {
				t.Errorf("job %s lacks %q:\n%s", job, w, steps[job])
			}
		}
	}
	if wf.Jobs["check"].If != "github.event_name == 'pull_request'" || !strings.Contains(wf.Jobs["publish"].If, "!= 'pull_request'") {
		t.Errorf("a pull request publishes: check if %q, publish if %q", wf.Jobs["check"].If, wf.Jobs["publish"].If)
	}
	if wf.Jobs["publish"].Needs != nil || wf.Jobs["notify"].Needs != "publish" {
		t.Errorf("publish needs %v, notify needs %v: want nothing before publishing, and notify after it", wf.Jobs["publish"].Needs, wf.Jobs["notify"].Needs)
	}
	if host == "s3" && !strings.Contains(steps["publish"], "--delete") {
		t.Error("the S3 sync keeps revoked pages: no --delete")
	}
}

func checkNetlify(t *testing.T, dir string) {
	var cfg struct {
		Build struct {
			Command, Publish string
			Environment      map[string]string
		}
		Context map[string]struct{ Command string }
		Headers []struct {
			For    string
			Values map[string]string
		}
	}
	if _, err := toml.DecodeFile(filepath.Join(dir, "netlify.toml"), &cfg); err != nil {
		t.Fatalf("netlify.toml: %v", err)
	}
	if cfg.Build.Publish != "public" || !strings.Contains(cfg.Build.Command, "candor build --withhold-invalid") || !strings.Contains(cfg.Build.Environment["CANDOR"], scaffold.Module+"@") {
		t.Errorf("build: %+v", cfg.Build)
	}
	for _, ctx := range []string{"deploy-preview", "branch-deploy"} {
		if !strings.HasSuffix(cfg.Context[ctx].Command, "&& rm -rf public/f") {
			t.Errorf("a %s keeps private pages: %q", ctx, cfg.Context[ctx].Command)
		}
	}
	if len(cfg.Headers) != 1 || cfg.Headers[0].For != "/f/*" || cfg.Headers[0].Values["Cache-Control"] != "no-store" || cfg.Headers[0].Values["Referrer-Policy"] != "no-referrer" || !strings.HasPrefix(cfg.Headers[0].Values["X-Robots-Tag"], "noindex") {
		t.Errorf("headers: %+v", cfg.Headers)
	}
	wf, steps := readWorkflow(t, dir)
	if !strings.Contains(steps["rebuild"], "NETLIFY_BUILD_HOOK") || !strings.Contains(wf.Jobs["rebuild"].If, "schedule") {
		t.Errorf("no daily rebuild through the build hook:\n%s", steps["rebuild"])
	}
	if !strings.Contains(wf.Jobs["notify"].If, "deployment_status.state == 'success'") || !strings.Contains(steps["notify"], "candor notify --send") {
		t.Errorf("notify does not wait for a production deploy: %q", wf.Jobs["notify"].If)
	}
	if _, ok := wf.On["push"]; ok {
		t.Error("the workflow builds on push: Netlify does")
	}
}

func checkGitLab(t *testing.T, dir string) {
	data, err := os.ReadFile(filepath.Join(dir, ".gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	type rule struct {
		If string `yaml:"if"`
	}
	type job struct {
		Stage        string   `yaml:"stage"`
		Script       []string `yaml:"script"`
		Rules        []rule   `yaml:"rules"`
		Needs        []string `yaml:"needs"`
		AllowFailure bool     `yaml:"allow_failure"`
		Artifacts    struct {
			Paths []string `yaml:"paths"`
		} `yaml:"artifacts"`
		ResourceGroup string `yaml:"resource_group"`
	}
	var raw map[string]yaml.Node
	if err := yaml.Unmarshal(data, &raw); err != nil {
		t.Fatalf(".gitlab-ci.yml is not YAML: %v", err)
	}
	ci := map[string]job{}
	for _, name := range []string{"check", "pages", "overdue", "notify"} {
		var j job
		n := raw[name]
		if err := n.Decode(&j); err != nil {
			t.Fatalf("job %s: %v", name, err)
		}
		ci[name] = j
	}
	var stages []string
	if n := raw["stages"]; n.Decode(&stages) != nil || !slices.Contains(stages, "publish") {
		t.Errorf("stages %v", stages)
	}
	script := func(job string) string { return strings.Join(ci[job].Script, "\n") }
	rules := func(job string) string {
		var out []string
		for _, r := range ci[job].Rules {
			out = append(out, r.If)
		}
		return strings.Join(out, " | ")
	}
	if !slices.Equal(ci["pages"].Artifacts.Paths, []string{"public"}) || !strings.Contains(script("pages"), "candor build --withhold-invalid") || rules("pages") != "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" {
		t.Errorf("pages job: %+v", ci["pages"])
	}
	if !strings.Contains(script("check"), "candor check") || !strings.Contains(rules("check"), "merge_request_event") {
		t.Errorf("check job: %+v", ci["check"])
	}
	if !strings.Contains(script("overdue"), "candor status --fail-overdue") || !ci["overdue"].AllowFailure || !strings.Contains(rules("overdue"), "schedule") {
		t.Errorf("overdue job: %+v", ci["overdue"])
	}
	if !strings.Contains(script("notify"), "candor notify --send") || !slices.Equal(ci["notify"].Needs, []string{"pages"}) || ci["notify"].ResourceGroup == "" || !strings.Contains(rules("notify"), "$CANDOR_SMTP_URL") {
		t.Errorf("notify job: %+v", ci["notify"])
	}
}

// checkStack reads the CloudFormation template as its YAML, tags and all:
// a private bucket no one can list, read by CloudFront alone, and the
// private pages' headers.
func checkStack(t *testing.T, dir string) {
	data, err := os.ReadFile(filepath.Join(dir, "deploy/s3-cloudfront.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatalf("the stack is not YAML: %v", err)
	}
	text := string(data)
	types := map[string]bool{}
	resources := find(&root, "Resources")
	if resources == nil {
		t.Fatal("no Resources")
	}
	for i := 0; i+1 < len(resources.Content); i += 2 {
		types[scalar(find(resources.Content[i+1], "Type"))] = true
	}
	for _, want := range []string{"AWS::S3::Bucket", "AWS::S3::BucketPolicy", "AWS::CloudFront::Distribution", "AWS::CloudFront::OriginAccessControl", "AWS::CloudFront::ResponseHeadersPolicy", "AWS::IAM::Role"} {
		if !types[want] {
			t.Errorf("no %s", want)
		}
	}
	block := find(&root, "PublicAccessBlockConfiguration")
	for _, k := range []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"} {
		if scalar(find(block, k)) != "true" {
			t.Errorf("public access not blocked: %s", k)
		}
	}
	policy := find(find(&root, "SiteBucketPolicy"), "Statement")
	if policy == nil || strings.Count(text, "s3:ListBucket") != 1 || !strings.Contains(text, "Action: s3:GetObject") {
		t.Error("the bucket policy must let CloudFront read objects and no one list them")
	}
	for _, want := range []string{"PathPattern: f/*", "ResponseHeadersPolicyId: !Ref PrivatePageHeaders", "Value: no-store", "ReferrerPolicy: no-referrer", "ResponsePagePath: /404.html"} {
		if !strings.Contains(text, want) {
			t.Errorf("the stack lacks %q", want)
		}
	}
}

// find is the value of the first mapping key named key below n.
func find(n *yaml.Node, key string) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i+1]
			}
		}
	}
	for _, c := range n.Content {
		if f := find(c, key); f != nil {
			return f
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return n.Value
}

// TestWorkflowsPassActionlint runs actionlint, GitHub Actions' linter,
// over every workflow init writes.
func TestWorkflowsPassActionlint(t *testing.T) {
	bin := tool(t, "actionlint", "go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12")
	for _, host := range []string{"github", "netlify", "cloudflare", "s3"} {
		dir := initHost(t, host)
		out, err := exec.Command(bin, "-no-color", filepath.Join(dir, ".github/workflows/candor.yml")).CombinedOutput()
		if err != nil {
			t.Errorf("%s: actionlint: %v\n%s", host, err, out)
		}
		// As a release writes it: downloading its own archive.
		today, _, _ := content.ParseDate("2026-03-02")
		for _, f := range scaffold.Site(today, "x5tuyabljj2r4v7fmyz5ijkqgb", host, "1.4.2") {
			if strings.HasPrefix(f.Path, ".github/workflows/") {
				p := filepath.Join(t.TempDir(), "release.yml")
				os.WriteFile(p, f.Data, 0o644)
				if out, err := exec.Command(bin, "-no-color", p).CombinedOutput(); err != nil {
					t.Errorf("%s, a release's workflow: actionlint: %v\n%s", host, err, out)
				}
			}
		}
	}
}

// TestHeadersParseAsNetlifyParsesThem runs Netlify's own parser
// (@netlify/headers-parser, in node) over a built _headers and
// netlify.toml: no errors, and /f/* with the private pages' headers.
func TestHeadersParseAsNetlifyParsesThem(t *testing.T) {
	node := tool(t, "node", "apt-get install nodejs")
	modules := os.Getenv("CANDOR_NODE_MODULES")
	if modules == "" {
		home, _ := os.UserHomeDir()
		modules = filepath.Join(home, ".cache", "candor-node", "node_modules")
	}
	if _, err := os.Stat(filepath.Join(modules, "@netlify", "headers-parser")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no @netlify/headers-parser in %s, and CI=true: .ci/run must install it", modules)
		}
		t.Skipf("no @netlify/headers-parser in %s: npm install --prefix %s @netlify/headers-parser@9.0.3", modules, filepath.Dir(modules))
	}
	dir := initHost(t, "netlify")
	script := filepath.Join(t.TempDir(), "parse.mjs")
	os.WriteFile(script, []byte(`import { pathToFileURL } from "node:url";
const [modules, headersFile, configFile] = process.argv.slice(2);
const { parseAllHeaders } = await import(pathToFileURL(modules + "/@netlify/headers-parser/lib/index.js"));
const { headers, errors } = await parseAllHeaders({ headersFiles: [headersFile], netlifyConfigPath: configFile, minimal: true });
console.log(JSON.stringify({ headers, errors: errors.map(e => String(e.message ?? e)) }));
`), 0o644)
	out, err := exec.Command(node, script, modules, filepath.Join(dir, "public", "_headers"), filepath.Join(dir, "netlify.toml")).Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var got struct {
		Headers []struct {
			For    string
			Values map[string]string
		}
		Errors []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got.Errors) > 0 {
		t.Errorf("Netlify's parser: %v", got.Errors)
	}
	found := false
	for _, h := range got.Headers {
		if h.For == "/f/*" {
			found = true
			if h.Values["Cache-Control"] != "no-store" || h.Values["Referrer-Policy"] != "no-referrer" || !strings.HasPrefix(h.Values["X-Robots-Tag"], "noindex") {
				t.Errorf("/f/* headers: %v", h.Values)
			}
		}
	}
	if !found {
		t.Errorf("no /f/* rule in %s", out)
	}
}

// TestHeadersWithinCloudflareLimits: Cloudflare Pages reads at most 100
// rules from _headers, each line at most 2,000 characters; a site below a
// path gets its rule there.
func TestHeadersWithinCloudflareLimits(t *testing.T) {
	dir := initHost(t, "cloudflare")
	edit(t, filepath.Join(dir, "candor.yaml"), "base_url: https://careers.example.com/", "base_url: https://example.org/careers/")
	if code, _, errs := candor(t, "build", "--source", dir, "--today", "2026-03-02"); code != 0 {
		t.Fatal(errs)
	}
	f, err := os.Open(filepath.Join(dir, "public", "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules := 0
	var paths []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if len(line) > 2000 {
			t.Errorf("a line of %d characters", len(line))
		}
		if line != "" && !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, "#") {
			rules++
			paths = append(paths, line)
		}
	}
	if rules == 0 || rules > 100 || !slices.Contains(paths, "/careers/f/*") {
		t.Errorf("%d rules %v: want at most 100, one for /careers/f/*", rules, paths)
	}
}
