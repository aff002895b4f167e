package scaffold

import "github.com/candor-feedback/candor/internal/content"

// File is one file of a new site.
type File struct {
	Path string
	Data []byte
}

// Site returns the files of a new site that builds at once: the config,
// a home page, two guide pages, one draft, .gitignore, .gitattributes, and
// what publishes it on host (one of Hosts), with a README that says what
// to set up there. today dates the draft's stage; tok is its token;
// version is candor's, which the CI files install when it is a release.
func Site(today content.Date, tok, host, version string) []File {
	return append([]File{
		{".gitattributes", []byte(gitattributes)},
		{".gitignore", []byte("# candor's output: built by CI, never committed.\n/public/\n")},
		{content.ConfigFile, []byte(config)},
		{"content/feedback/example-candidate.md", Feedback(NewFeedback{
			Candidate: "Robin Example", Role: "Example Role", Token: tok, Stage: "Interview", Date: today,
		})},
		{"content/guide/feedback.md", []byte(guideFeedback)},
		{"content/guide/stages.md", []byte(guideStages)},
		{"content/index.md", []byte(home)},
	}, hostFiles(host, version)...)
}

const config = `# candor's site config. Every key is explained in candor's README.

# The name of the site, on every page and in every private page's title.
title: Our Interview Guide

# Your company's name, as the mails to candidates say it ("the Designer
# role at ..."). Without it, mails use the title above.
company: Our Company

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
