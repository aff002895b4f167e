package scaffold

import "github.com/candor-feedback/candor/internal/content"

// File is one file of a new site.
type File struct {
	Path string
	Data []byte
}

// Site returns the files of a new site that builds at once: the config,
// a home page, two guide pages, one draft, .gitignore, .gitattributes and
// a GitHub Actions workflow. today dates the draft's stage; tok is its token.
func Site(today content.Date, tok string) []File {
	return []File{
		{".github/workflows/candor.yml", []byte(workflow)},
		{".gitattributes", []byte(gitattributes)},
		{".gitignore", []byte("# candor's output: built by CI, never committed.\n/public/\n")},
		{content.ConfigFile, []byte(config)},
		{"content/feedback/example-candidate.md", Feedback(NewFeedback{
			Candidate: "Robin Example", Role: "Example Role", Token: tok, Stage: "Interview", Date: today,
		})},
		{"content/guide/feedback.md", []byte(guideFeedback)},
		{"content/guide/stages.md", []byte(guideStages)},
		{"content/index.md", []byte(home)},
	}
}

const config = `# candor's site config. Every key is explained in candor's README.

# The name of the site, on every page and in every private page's title.
title: Our Interview Guide

# Where the site is published. Change it before you send any link:
# private links are made from it.
base_url: https://careers.example.com/

language: en

# Our promise: written feedback within this many days of every stage.
# "candor status" counts deadlines from it.
feedback_sla_days: 5

# Private pages stop being published this many days after the last stage.
retention_days: 180

# Where candidates tell you how the interview felt (a form). Optional.
# respond_url: https://forms.example.com/interview-experience

# Who candidates write to, unless a feedback file names its recruiter.
contact:
  name: Talent team
  email: talent@example.com
`

const home = `---
title: How we interview
description: What to expect from us, stage by stage, and what we promise in return.
---

This guide tells you what each stage of our interviews looks like, who you
will meet, and when you will hear back. If something here is unclear, ask
us, and we will fix the guide.

After every stage you get written feedback from us: where you stand, what
went well, and what to work on.
`

const guideStages = `---
title: The stages
description: What happens, in order, and how long each step takes.
weight: 1
---

1. **Introductory call** (30 minutes): we explain the role, and you tell us
   what you are looking for.
2. **Skills conversation** (60 minutes): two people from the team talk
   through problems from their real work with you.
3. **Team day**: you meet the people you would work with, and ask us anything.
`

const guideFeedback = `---
title: How feedback works
description: When you hear from us, and what the feedback says.
weight: 2
---

After each stage, the people you met write down what went well and what
you could work on. You get a link to a private page with that feedback, by
e-mail. Please keep the link to yourself: anyone who has it can read the
page. It is removed some months after your last interview.
`

// gitattributes lets two runs that each added lines to the ledger merge
// without a conflict: every line of both is kept.
const gitattributes = `# notices.csv only ever gains lines: two branches that both added some
# merge by keeping every line of both.
notices.csv merge=union
`

// workflow checks pull requests, publishes main to GitHub Pages, and
// every morning rebuilds (expired pages disappear) and fails loudly when
// feedback is overdue.
const workflow = `# candor: check pull requests, publish main to GitHub Pages, and every
# morning rebuild (so expired pages disappear) and flag overdue feedback.
# In the repository's settings, under Pages, choose "GitHub Actions" as the
# source.
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
  CANDOR: github.com/candor-feedback/candor/cmd/candor@latest

jobs:
  check:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: stable
      - run: go install "$CANDOR"
      - run: candor check

  publish:
    if: github.event_name != 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pages: write
      id-token: write
    concurrency:
      group: pages
      cancel-in-progress: false
    environment:
      name: github-pages
      url: ${{ steps.deploy.outputs.page_url }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: stable
      - run: go install "$CANDOR"
      - run: candor build
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public
      - id: deploy
        uses: actions/deploy-pages@v4

  overdue:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: stable
      - run: go install "$CANDOR"
      - run: candor status --fail-overdue

  # Tells each candidate by mail that their page is there, once it is
  # published, and commits the record of it (notices.csv) back. Off until
  # the repository has the secret CANDOR_SMTP_URL, like
  # smtp://talent@mail.example.com:587 (Settings, then "Secrets and
  # variables", then Actions); add CANDOR_SMTP_PASSWORD with the password,
  # and CANDOR_MAIL_FROM if mails should come from another address than
  # the contact in candor.yaml.
  notify:
    needs: publish
    runs-on: ubuntu-latest
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
        run: echo "No CANDOR_SMTP_URL secret, so no candidate is mailed. candor's README, under Notices, says how to turn this on."
      - if: env.CANDOR_SMTP_URL != ''
        uses: actions/checkout@v4
      - if: env.CANDOR_SMTP_URL != ''
        uses: actions/setup-go@v5
        with:
          go-version: stable
      - if: env.CANDOR_SMTP_URL != ''
        run: go install "$CANDOR"
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
          git commit -m "Record the notices candor sent"
          for try in 1 2 3 4 5; do
            git push && exit 0
            sleep $((try * 5))
            git pull --rebase
          done
          echo "notices.csv could not be pushed: add its new lines by hand, or candidates will be mailed again." >&2
          exit 1
      - if: steps.notify.outcome == 'failure'
        run: |
          echo "Some notices were not sent: the log of the notify step names them. The next run sends them." >&2
          exit 1
`
