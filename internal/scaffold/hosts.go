package scaffold

import (
	"bytes"
	"regexp"
	"strings"
	"text/template"
)

// Hosts are the hosts "candor init --host" writes files for.
var Hosts = []string{"github", "gitlab", "netlify", "cloudflare", "s3"}

// Module is where "go install" finds candor.
const Module = "github.com/candor-feedback/candor/cmd/candor"

// release is a version a release is tagged with.
var release = regexp.MustCompile(`^v?\d+\.\d+\.\d+$`)

// install is how the CI files install candor: a release archive, checked
// against the release's checksums, when a release wrote them; else go
// install of the latest, with a comment saying to pin a release.
type install struct {
	Target string // module@version, for go install
	// Release is the version without its v, "" for a development build;
	// Note is a comment line for a development build.
	Release, Note string
	// Env is the workflow's env lines; Steps and StepsIf, a GitHub job's
	// steps that install candor (StepsIf when the SMTP secret is set).
	Env, Steps, StepsIf string
}

// releases is where release archives are downloaded from.
const releases = "https://github.com/candor-feedback/candor/releases/download"

func installFor(version string) install {
	in := install{Target: Module + "@latest"}
	if release.MatchString(version) {
		in.Release = strings.TrimPrefix(version, "v")
		in.Target = Module + "@v" + in.Release
		in.Env = "  CANDOR_VERSION: \"" + in.Release + "\"\n  CANDOR_URL: " + releases + "/v" + in.Release
	} else {
		in.Note = "candor was a development build when this file was written: pin a released version here (like @v1.2.0), so that a new release never changes your site unannounced."
		in.Env = "  # " + in.Note + "\n  CANDOR: " + in.Target
	}
	in.Steps, in.StepsIf = githubInstall(in, ""), githubInstall(in, "if: env.CANDOR_SMTP_URL != ''")
	return in
}

// githubInstall is the steps of a GitHub Actions job that install candor,
// each under cond when it is set.
func githubInstall(in install, cond string) string {
	var steps []string
	if in.Release != "" {
		steps = []string{`name: Install candor ${{ env.CANDOR_VERSION }}
  run: |
    cd "$RUNNER_TEMP"
    curl -sSfL -O "$CANDOR_URL/candor_${CANDOR_VERSION}_linux_amd64.tar.gz" -O "$CANDOR_URL/checksums.txt"
    sha256sum --ignore-missing -c checksums.txt
    tar -xzf "candor_${CANDOR_VERSION}_linux_amd64.tar.gz" candor
    echo "$RUNNER_TEMP" >> "$GITHUB_PATH"`}
	} else {
		steps = []string{`uses: actions/setup-go@v5
  with:
    go-version: stable
    # Go's build cache, kept while this file is unchanged: installing
    # candor then takes seconds.
    cache-dependency-path: .github/workflows/candor.yml`, `run: go install "$CANDOR"`}
	}
	var b strings.Builder
	for i, step := range steps {
		if i > 0 {
			b.WriteString("\n")
		}
		lines := strings.Split(step, "\n")
		if cond != "" {
			lines = append([]string{cond}, lines...)
			lines[1] = "  " + lines[1]
		}
		for j, l := range lines {
			if j == 0 {
				b.WriteString("      - " + l)
			} else {
				b.WriteString("\n      " + l)
			}
		}
	}
	return b.String()
}

// hostFiles are the files that publish a site on host, installing the
// given candor version, and the host's part of the site's README.
func hostFiles(host, version string) []File {
	in := installFor(version)
	data := struct {
		install
		Host, ReleaseURL, NetlifyInstall string
	}{install: in, Host: host, NetlifyInstall: "GOBIN=$PWD/.candor go install $CANDOR"}
	if in.Release != "" {
		data.ReleaseURL = releases + "/v" + in.Release
		archive := "candor_" + in.Release + "_linux_amd64.tar.gz"
		data.NetlifyInstall = "mkdir -p .candor && cd .candor && curl -sSfL -O " + data.ReleaseURL + "/" + archive +
			" -O " + data.ReleaseURL + "/checksums.txt && sha256sum --ignore-missing -c checksums.txt && tar -xzf " + archive + " candor && cd .."
	}
	var files []File
	add := func(path, tmpl string) {
		files = append(files, File{path, execute(tmpl, data)})
	}
	switch host {
	case "github", "cloudflare", "s3":
		add(".github/workflows/candor.yml", githubWorkflow)
	case "gitlab":
		add(".gitlab-ci.yml", gitlabCI)
	case "netlify":
		add("netlify.toml", netlifyTOML)
		add(".github/workflows/candor.yml", netlifyWorkflow)
	}
	if host == "s3" {
		add("deploy/s3-cloudfront.yaml", s3Stack)
	}
	add("README.md", siteReadme)
	return files
}

func execute(tmpl string, data any) []byte {
	t := template.Must(template.New("").Delims("[[", "]]").Parse(tmpl))
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		panic(err) // the templates are the package's own, and tested
	}
	return b.Bytes()
}

// githubWorkflow publishes to GitHub Pages, Cloudflare Pages or S3 and
// CloudFront from GitHub Actions.
var githubWorkflow = `# candor, on GitHub Actions: checks pull requests, publishes main
[[- if eq .Host "github"]] to GitHub Pages,
[[- else if eq .Host "cloudflare"]] to Cloudflare Pages,
[[- else]] to S3 and CloudFront,
[[- end]]
# rebuilds every morning (so expired pages disappear), flags overdue feedback,
# and can mail candidates when their page is there. README.md says what to set
# up, in order.
name: candor

on:
  pull_request:
  push:
    branches: [main]
  schedule:
    - cron: "17 6 * * *"
  workflow_dispatch:

permissions:
  contents: read

env:
[[.Env]]

jobs:
` + checkJob + `
  # main, and every morning: build and publish. A candidate file with
  # errors is left out and reported (--withhold-invalid), so one broken
  # file never keeps expired or revoked pages online.
  publish:
    if: github.event_name != 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
[[- if eq .Host "github"]]
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deploy.outputs.page_url }}
[[- else if eq .Host "s3"]]
      id-token: write
[[- end]]
    concurrency:
      group: publish
      cancel-in-progress: false
    steps:
      - uses: actions/checkout@v4
[[.Steps]]
      - run: candor build --withhold-invalid
[[- if eq .Host "github"]]
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public
      - id: deploy
        uses: actions/deploy-pages@v4
[[- else if eq .Host "cloudflare"]]
      # Cloudflare's own action. The project is a "Direct Upload" project:
      # not connected to git, so Cloudflare never builds a preview of a
      # branch with private pages in it.
      - uses: cloudflare/wrangler-action@v3
        with:
          apiToken: ${{ secrets.CLOUDFLARE_API_TOKEN }}
          accountId: ${{ secrets.CLOUDFLARE_ACCOUNT_ID }}
          command: pages deploy public --project-name=${{ vars.CLOUDFLARE_PROJECT }} --branch=main
[[- else]]
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: ${{ vars.AWS_ROLE_ARN }}
          aws-region: ${{ vars.AWS_REGION }}
      # --delete: a revoked or expired page is removed from the bucket,
      # not just left unlinked.
      - run: aws s3 sync public/ "s3://${{ vars.S3_BUCKET }}/" --delete --no-progress --exclude _headers --exclude .nojekyll
      - run: aws cloudfront create-invalidation --distribution-id "${{ vars.CLOUDFRONT_DISTRIBUTION_ID }}" --paths "/*"
[[- end]]

` + overdueJob + notifyJob("    needs: publish\n")

// checkJob checks every pull request in a GitHub Actions workflow, and
// publishes nothing from it.
const checkJob = `  # Every pull request: the files are checked, nothing is published (no
  # preview ever holds private pages).
  check:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
[[.Steps]]
      - run: candor check
`

// overdueJob is the daily job that fails when feedback is overdue.
const overdueJob = `  # Every morning: fails when feedback is overdue, so someone is told. It
  # never holds a publish back.
  overdue:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
[[.Steps]]
      - run: candor status --fail-overdue
`

// notifyJob is the GitHub Actions job that mails candidates once the site
// is published, and pushes notices.csv back; when is the job's lines that
// say when it runs (after the publishing job).
func notifyJob(when string) string {
	return `
  # Tells each candidate by mail that their page is there, once it is
  # published, and commits the record of it (notices.csv) back. Off until
  # the repository has the secret CANDOR_SMTP_URL, like
  # smtp://talent@mail.example.com:587 (Settings, then "Secrets and
  # variables", then Actions); add CANDOR_SMTP_PASSWORD with the password,
  # and CANDOR_MAIL_FROM if mails should come from another address than
  # the contact in candor.yaml.
  notify:
` + when + `    runs-on: ubuntu-latest
    permissions:
      contents: write
    # One run at a time: two runs at once could mail a candidate twice.
    concurrency:
      group: candor-notify
      cancel-in-progress: false
    env:
      CANDOR_SMTP_URL: ${{ secrets.CANDOR_SMTP_URL }}
      CANDOR_SMTP_PASSWORD: ${{ secrets.CANDOR_SMTP_PASSWORD }}
      CANDOR_MAIL_FROM: ${{ secrets.CANDOR_MAIL_FROM }}
    steps:
      - if: env.CANDOR_SMTP_URL == ''
        run: echo "No CANDOR_SMTP_URL secret, so no candidate is mailed. README.md, under Notices, says how to turn this on."
      - if: env.CANDOR_SMTP_URL != ''
        uses: actions/checkout@v4
        with:
          ref: main
[[.StepsIf]]
      - id: notify
        if: env.CANDOR_SMTP_URL != ''
        run: candor notify --send
        continue-on-error: true
      # The ledger is pushed even when some notices failed: the ones sent
      # must never be sent again. A push that loses a race is rebased and
      # tried again; one that cannot be pushed fails the job.
      - if: env.CANDOR_SMTP_URL != ''
        run: |
          git config user.name "candor"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
          git add notices.csv 2>/dev/null || exit 0
          git diff --cached --quiet && exit 0
          git commit -m "Record the notices candor sent [skip ci]"
          for try in 1 2 3 4 5; do
            git push origin HEAD:main && exit 0
            sleep $((try * 5))
            git pull --rebase origin main
          done
          echo "notices.csv could not be pushed: add its new lines by hand, or candidates will be mailed again." >&2
          exit 1
      - if: steps.notify.outcome == 'failure'
        run: |
          echo "Some notices were not sent: the log of the notify step names them. The next run sends them." >&2
          exit 1
`
}

// netlifyWorkflow does on GitHub what Netlify's build must not: checks
// pull requests, starts the daily rebuild, flags overdue feedback, and
// notifies once Netlify reports a production deploy.
var netlifyWorkflow = `# candor, on GitHub Actions, for a site Netlify builds and publishes: checks
# pull requests, asks Netlify for a rebuild every morning (so expired pages
# disappear), flags overdue feedback, and mails candidates once Netlify
# reports a production deploy. README.md says what to set up, in order.
name: candor

on:
  pull_request:
  schedule:
    - cron: "17 6 * * *"
  workflow_dispatch:
  deployment_status:

permissions:
  contents: read

env:
[[.Env]]

jobs:
` + checkJob + `
  # Netlify rebuilds when its build hook is called: the secret
  # NETLIFY_BUILD_HOOK holds the hook's address.
  rebuild:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    steps:
      - env:
          HOOK: ${{ secrets.NETLIFY_BUILD_HOOK }}
        run: |
          if [ -z "$HOOK" ]; then
            echo "No NETLIFY_BUILD_HOOK secret: the daily rebuild cannot start, and expired pages stay online. README.md says how to set it." >&2
            exit 1
          fi
          curl --fail --silent --show-error -X POST -d '{}' "$HOOK"

` + overdueJob + notifyJob(`    # After a production deploy succeeded, as Netlify reports it to GitHub.
    if: >-
      github.event_name == 'deployment_status' &&
      github.event.deployment_status.state == 'success' &&
      github.event.deployment.environment == 'Production'
`)

const netlifyTOML = `# candor on Netlify. Netlify builds the site from main and publishes public/.
# Deploy previews and branch deploys are built without private pages (no
# f/ folder), so a preview never shows a candidate's feedback. README.md
# says what to set up, in order.

[build]
  command = "[[.NetlifyInstall]] && .candor/candor build --withhold-invalid"
  publish = "public"

[build.environment]
  GO_VERSION = "1.26"
[[- with .Note]]
  # [[.]]
[[- end]]
  CANDOR = "[[.Target]]"
[[- with .Release]]
  CANDOR_VERSION = "[[.]]"
[[- end]]

[context.deploy-preview]
  command = "[[.NetlifyInstall]] && .candor/candor build --withhold-invalid && rm -rf public/f"

[context.branch-deploy]
  command = "[[.NetlifyInstall]] && .candor/candor build --withhold-invalid && rm -rf public/f"

# candor's build writes these into public/_headers too; here they hold even
# if that file is ever left out. Private pages: never indexed, never sent
# as a referrer, never cached.
[["[["]]headers[["]]"]]
  for = "/f/*"
  [headers.values]
    X-Robots-Tag = "noindex, nofollow, noarchive"
    Referrer-Policy = "no-referrer"
    Cache-Control = "no-store"
`

const gitlabCI = `# candor on GitLab Pages: checks merge requests, publishes the default branch,
# rebuilds on a daily schedule (so expired pages disappear), flags overdue
# feedback, and can mail candidates when their page is there. README.md
# says what to set up, in order (the daily schedule is set in GitLab's
# settings, not in this file).

image: golang:1.26

variables:
[[- with .Note]]
  # [[.]]
[[- end]]
  CANDOR: [[.Target]]
  # Go's caches inside the project, so GitLab keeps them between runs:
  # installing candor then takes seconds.
  GOPATH: $CI_PROJECT_DIR/.go
  GOCACHE: $CI_PROJECT_DIR/.go/cache

cache:
  key:
    files: [.gitlab-ci.yml]
  paths: [.go/]

stages: [check, publish, notify]

default:
  before_script:
[[- if .Release]]
    # candor's release archive, checked against the release's checksums.
    - cd /tmp
    - curl -sSfL -O "[[.ReleaseURL]]/candor_[[.Release]]_linux_amd64.tar.gz" -O "[[.ReleaseURL]]/checksums.txt"
    - sha256sum --ignore-missing -c checksums.txt
    - tar -xzf "candor_[[.Release]]_linux_amd64.tar.gz" -C /usr/local/bin candor
    - cd "$CI_PROJECT_DIR"
[[- else]]
    - go install "$CANDOR"
    - export PATH="$GOPATH/bin:$PATH"
[[- end]]

# Every merge request: the files are checked, nothing is published.
check:
  stage: check
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    - candor check

# The default branch, and every scheduled run: build and publish. A
# candidate file with errors is left out and reported, so one broken file
# never keeps expired or revoked pages online. Other branches publish
# nothing: no preview ever holds private pages.
pages:
  stage: publish
  needs: []
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - candor build --withhold-invalid
  artifacts:
    paths: [public]

# Scheduled runs: fails when feedback is overdue, so someone is told; it
# never holds the publish back.
overdue:
  stage: check
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
  allow_failure: true
  script:
    - candor status --fail-overdue

# Tells each candidate by mail that their page is there, after the publish,
# and commits the record of it (notices.csv) back. Off until the CI/CD
# variables CANDOR_SMTP_URL (and CANDOR_SMTP_PASSWORD) and CANDOR_PUSH_TOKEN
# (a project access token allowed to write the repository) are set.
notify:
  stage: notify
  needs: [pages]
  resource_group: candor-notify
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CANDOR_SMTP_URL && $CANDOR_PUSH_TOKEN
  script:
    - status=0; candor notify --send || status=$?
    # The ledger is pushed even when some notices failed: the ones sent
    # must never be sent again. A rejected push is rebased and tried again.
    - |
      git config user.name "candor"
      git config user.email "candor@$CI_SERVER_HOST"
      git checkout -B "$CI_DEFAULT_BRANCH"
      if [ -f notices.csv ] && [ -n "$(git status --porcelain notices.csv)" ]; then
        git add notices.csv
        git commit -m "Record the notices candor sent [skip ci]"
        remote="https://oauth2:${CANDOR_PUSH_TOKEN}@${CI_SERVER_HOST}/${CI_PROJECT_PATH}.git"
        pushed=no
        for try in 1 2 3 4 5; do
          if git push "$remote" "HEAD:$CI_DEFAULT_BRANCH"; then pushed=yes; break; fi
          sleep $((try * 5))
          git pull --rebase "$remote" "$CI_DEFAULT_BRANCH"
        done
        if [ "$pushed" = no ]; then
          echo "notices.csv could not be pushed: add its new lines by hand, or candidates will be mailed again." >&2
          exit 1
        fi
      fi
    - exit $status
`

// s3Stack is the bucket, the distribution and the role that deploys to
// them: a private bucket no one can list, read only by CloudFront, and the
// headers private pages need.
const s3Stack = `# candor on S3 and CloudFront: a CloudFormation template. Deploy it once
# (README.md says how); its outputs are the four values the GitHub
# workflow needs.
#
# What it makes: a private bucket (no public access, no listing: a page
# that does not exist is a 404, not a list of the others), read only by
# CloudFront through origin access control; a distribution that serves
# /guide/ as /guide/index.html and answers 404.html for what is missing;
# for /f/*, the private pages, no caching and headers that keep them out
# of search engines and Referer headers; and a role GitHub Actions may
# assume, from main only, to sync the bucket and clear the cache.
AWSTemplateFormatVersion: "2010-09-09"
Description: A candor feedback site on S3 and CloudFront

Parameters:
  GitHubRepository:
    Type: String
    Description: The site's repository, as owner/name
  GitHubOIDCProviderArn:
    Type: String
    Description: The ARN of this account's token.actions.githubusercontent.com identity provider (IAM, Identity providers; create it once per account)

Resources:
  SiteBucket:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      OwnershipControls:
        Rules:
          - ObjectOwnership: BucketOwnerEnforced
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: AES256

  OriginAccessControl:
    Type: AWS::CloudFront::OriginAccessControl
    Properties:
      OriginAccessControlConfig:
        Name: !Sub "${AWS::StackName}-site"
        OriginAccessControlOriginType: s3
        SigningBehavior: always
        SigningProtocol: sigv4

  # S3 has no folders' index pages: /guide/ is served as /guide/index.html.
  IndexPages:
    Type: AWS::CloudFront::Function
    Properties:
      Name: !Sub "${AWS::StackName}-index-pages"
      AutoPublish: true
      FunctionConfig:
        Comment: Serve a folder's index.html
        Runtime: cloudfront-js-2.0
      FunctionCode: |
        function handler(event) {
          var request = event.request;
          if (request.uri.endsWith('/')) {
            request.uri += 'index.html';
          } else if (request.uri.split('/').pop().indexOf('.') < 0) {
            request.uri += '/index.html';
          }
          return request;
        }

  # The headers candor writes into _headers for other hosts.
  PrivatePageHeaders:
    Type: AWS::CloudFront::ResponseHeadersPolicy
    Properties:
      ResponseHeadersPolicyConfig:
        Name: !Sub "${AWS::StackName}-private-pages"
        Comment: candor's private pages are never indexed, cached or sent as a referrer
        CustomHeadersConfig:
          Items:
            - Header: X-Robots-Tag
              Value: noindex, nofollow, noarchive
              Override: true
            - Header: Cache-Control
              Value: no-store
              Override: true
        SecurityHeadersConfig:
          ReferrerPolicy:
            ReferrerPolicy: no-referrer
            Override: true
          ContentTypeOptions:
            Override: true

  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Comment: !Sub "${AWS::StackName}: candor site"
        DefaultRootObject: index.html
        HttpVersion: http2and3
        Origins:
          - Id: site
            DomainName: !GetAtt SiteBucket.RegionalDomainName
            OriginAccessControlId: !GetAtt OriginAccessControl.Id
            S3OriginConfig:
              OriginAccessIdentity: ""
        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6 # Managed-CachingOptimized
          FunctionAssociations:
            - EventType: viewer-request
              FunctionARN: !GetAtt IndexPages.FunctionMetadata.FunctionARN
        CacheBehaviors:
          - PathPattern: f/*
            TargetOriginId: site
            ViewerProtocolPolicy: redirect-to-https
            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad # Managed-CachingDisabled
            ResponseHeadersPolicyId: !Ref PrivatePageHeaders
            FunctionAssociations:
              - EventType: viewer-request
                FunctionARN: !GetAtt IndexPages.FunctionMetadata.FunctionARN
        # Without listing, S3 answers 403 for a missing page: both read
        # as "not found", with the site's own page.
        CustomErrorResponses:
          - ErrorCode: 403
            ResponseCode: 404
            ResponsePagePath: /404.html
          - ErrorCode: 404
            ResponseCode: 404
            ResponsePagePath: /404.html

  # CloudFront may read objects; no one may list them.
  SiteBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref SiteBucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: CloudFrontReadsPages
            Effect: Allow
            Principal:
              Service: cloudfront.amazonaws.com
            Action: s3:GetObject
            Resource: !Sub "${SiteBucket.Arn}/*"
            Condition:
              StringEquals:
                AWS:SourceArn: !Sub "arn:aws:cloudfront::${AWS::AccountId}:distribution/${Distribution}"

  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: !Ref GitHubOIDCProviderArn
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
              StringLike:
                token.actions.githubusercontent.com:sub: !Sub "repo:${GitHubRepository}:ref:refs/heads/main"
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:ListBucket
                Resource: !GetAtt SiteBucket.Arn
              - Effect: Allow
                Action: [s3:PutObject, s3:DeleteObject]
                Resource: !Sub "${SiteBucket.Arn}/*"
              - Effect: Allow
                Action: cloudfront:CreateInvalidation
                Resource: !Sub "arn:aws:cloudfront::${AWS::AccountId}:distribution/${Distribution}"

Outputs:
  S3Bucket:
    Description: The repository variable S3_BUCKET
    Value: !Ref SiteBucket
  CloudFrontDistributionId:
    Description: The repository variable CLOUDFRONT_DISTRIBUTION_ID
    Value: !Ref Distribution
  AWSRoleArn:
    Description: The repository variable AWS_ROLE_ARN
    Value: !GetAtt DeployRole.Arn
  SiteAddress:
    Description: Where the site is, until you give it your own domain (base_url in candor.yaml)
    Value: !Sub "https://${Distribution.DomainName}/"
`

// siteReadme is a new site's README: what the site is, and what to set up
// on its host, in order.
const siteReadme = `# Our interview guide and feedback pages

This repository is built by [candor](https://github.com/candor-feedback/candor): a
public interview guide (content/*.md) and a private feedback page per candidate
(content/feedback/*.md, never public). Preview it while you write:

    candor serve --drafts      # then open http://127.0.0.1:1313/_candor/

Before you publish, set title, base_url and contact in candor.yaml.
[[if eq .Host "github"]]
## Publishing on GitHub Pages

.github/workflows/candor.yml checks every pull request, publishes main, rebuilds
every morning (so expired pages disappear) and fails when feedback is overdue.

1. Push this folder to a new GitHub repository.
2. In the repository's Settings, under Pages, set Source to "GitHub Actions".
3. Set base_url in candor.yaml to the address Pages shows there (or your own
   domain: add a file static/CNAME holding it, and set it under Pages, Custom domain).
4. Push to main: the workflow publishes the site.

What GitHub Pages cannot do: set headers. candor's pages carry what they can in
their own HTML (noindex, no-referrer), but a private page may be cached by a
browser or a proxy. For no-store, use Netlify, Cloudflare Pages or S3 and CloudFront.
[[else if eq .Host "gitlab"]]
## Publishing on GitLab Pages

.gitlab-ci.yml checks every merge request, publishes the default branch, and on
a schedule rebuilds (so expired pages disappear) and flags overdue feedback.

1. Push this folder to a new GitLab project.
2. In the project, under Deploy, Pages, note the site's address and set base_url
   in candor.yaml to it.
3. Under Build, Pipeline schedules, add a schedule for the default branch, every
   morning (for example "17 6 * * *"): without it, expired pages stay online.
4. Under Deploy, Pages, turn on "Use unique domain" if you share the namespace, and
   leave access control as you need it (public for a careers site).
5. Push to the default branch: the pipeline publishes the site.

What GitLab.com Pages cannot do: set headers. candor's pages carry what they can
in their own HTML (noindex, no-referrer), but a private page may be cached by a
browser or a proxy.
[[else if eq .Host "netlify"]]
## Publishing on Netlify

netlify.toml tells Netlify how to build and publish the site, and sets the private
pages' headers; .github/workflows/candor.yml checks pull requests, asks Netlify for
a rebuild every morning (so expired pages disappear), and flags overdue feedback.
Deploy previews and branch deploys are built without private pages.

1. Push this folder to a new GitHub repository.
2. In Netlify, "Add new site", "Import an existing project", and pick the
   repository. Netlify reads netlify.toml: leave the build settings as they are.
3. Set base_url in candor.yaml to the site's Netlify address, or your own domain.
4. In Netlify, Site configuration, Build and deploy, Build hooks: add a hook for
   main, and copy its address.
5. In GitHub, the repository's Settings, Secrets and variables, Actions: add the
   secret NETLIFY_BUILD_HOOK with that address. Without it, the daily rebuild
   fails loudly and expired pages stay online.
6. To mail candidates after each production deploy, Netlify must report deploys to
   GitHub (Site configuration, Build and deploy, Deploy notifications: "GitHub
   deployments" is on by default for sites linked to GitHub).
[[else if eq .Host "cloudflare"]]
## Publishing on Cloudflare Pages

.github/workflows/candor.yml checks every pull request, builds main and deploys it
to Cloudflare Pages with Cloudflare's own action, rebuilds every morning (so
expired pages disappear) and fails when feedback is overdue. candor's build writes
public/_headers with one rule for /f/* (Cloudflare allows 100): private pages are
never indexed, cached or sent as a referrer.

1. Push this folder to a new GitHub repository.
2. In Cloudflare, Workers & Pages, Create, Pages, "Use direct upload" (not "Connect
   to Git": a project connected to git builds previews of every branch, private
   pages included). Name the project, and note the name and its pages.dev address.
3. Set base_url in candor.yaml to that address, or your own domain.
4. In Cloudflare, My Profile, API Tokens: create a token with the permission
   "Cloudflare Pages: Edit". Note your account ID (on the Workers & Pages overview).
5. In GitHub, the repository's Settings, Secrets and variables, Actions: add the
   secrets CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID, and the variable
   CLOUDFLARE_PROJECT with the project's name.
6. Push to main: the workflow publishes the site.
[[else if eq .Host "s3"]]
## Publishing on S3 and CloudFront

.github/workflows/candor.yml checks every pull request, builds main, syncs it to
the bucket with --delete (so revoked and expired pages really go), clears
CloudFront's cache, rebuilds every morning and fails when feedback is overdue.
deploy/s3-cloudfront.yaml makes the bucket (private, never listed), the
distribution with the private pages' headers, and the role the workflow uses.

1. Push this folder to a new GitHub repository.
2. In AWS IAM, Identity providers: if there is none for
   token.actions.githubusercontent.com yet, add it (OpenID Connect, audience
   sts.amazonaws.com). Note its ARN.
3. In CloudFormation, "Create stack" with deploy/s3-cloudfront.yaml, giving the
   repository (owner/name) and that ARN. When it is done, its Outputs hold four
   values.
4. In GitHub, the repository's Settings, Secrets and variables, Actions, Variables:
   add S3_BUCKET, CLOUDFRONT_DISTRIBUTION_ID and AWS_ROLE_ARN from the outputs, and
   AWS_REGION (the stack's region, like eu-west-1).
5. Set base_url in candor.yaml to the SiteAddress output, or your own domain (add
   it to the distribution, with a certificate from ACM in us-east-1).
6. Push to main: the workflow publishes the site.
[[end]]
## Notices: mailing candidates

After each publish, the workflow can tell every candidate with an email in their
file that their page is there (candor notify --send), and commit notices.csv, the
record that keeps anyone from being mailed twice. It is off until you add the
[[if eq .Host "gitlab"]]CI/CD variables (Settings, CI/CD, Variables; masked)
CANDOR_SMTP_URL (like smtp://talent@mail.example.com:587), CANDOR_SMTP_PASSWORD,
and CANDOR_PUSH_TOKEN: a project access token with the write_repository scope, so
the pipeline can push notices.csv back.[[else]]repository secrets (Settings,
Secrets and variables, Actions) CANDOR_SMTP_URL (like
smtp://talent@mail.example.com:587) and CANDOR_SMTP_PASSWORD, and optionally
CANDOR_MAIL_FROM.[[end]] Try it first with candor notify --send --test-to
you@example.com on your own computer.

.gitattributes lets two branches that both recorded notices merge without a conflict.
`
