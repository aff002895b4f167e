package content

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"net/url"
	"regexp"
	"strings"

	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/matter"
)

// ConfigFile is the site's configuration, at the root of the site.
const ConfigFile = "candor.yaml"

// Defaults for keys a site may leave out.
const (
	DefaultLanguage      = "en"
	DefaultTheme         = "default"
	DefaultSLADays       = 5
	DefaultRetentionDays = 180
	DefaultPromiseWindow = 90
	DefaultPromiseMin    = 10
	// LeastPromiseMin is the fewest candidates a promise record may be
	// shown for: with fewer, a reader could tell who was late.
	LeastPromiseMin = 5
)

// Config is candor.yaml.
type Config struct {
	Title string
	// BaseURL is absolute and ends in '/'.
	BaseURL    string
	Language   string
	Theme      string
	SLADays    int
	Retention  int
	Sealed     bool
	RespondURL string
	Contact    Contact
	// Company is how mails and pages name the employer: company, else
	// the title.
	Company string
	// PromiseWindow and PromiseMin shape the public promise record: the
	// days it looks back, and the fewest candidates it is shown for.
	PromiseWindow, PromiseMin int
	// ThemeLine and LanguageLine are the lines of theme: and language:
	// in candor.yaml, 1 without them: a theme or a language that cannot
	// be found is reported there.
	ThemeLine, LanguageLine, BaseURLLine int
}

// Contact is who a candidate writes to.
type Contact struct {
	Name  string
	Email string
}

// BasePath is the path part of BaseURL: "/" for a site at the root of its
// host, "/careers/" for one below it.
// It is escaped as it is in BaseURL, so that robots.txt and _headers name
// the path a browser asks for.
func (c *Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.EscapedPath()
}

// controlChars matches a control character, written as it is or
// percent-encoded: either would end a line of robots.txt or _headers.
var controlChars = regexp.MustCompile(`[\x00-\x1f\x7f]|%[01][0-9a-fA-F]|%7[fF]`)

var configKeys = []string{"title", "base_url", "language", "theme", "feedback_sla_days", "retention_days", "sealed", "respond_url", "contact", "company", "promise_window_days", "promise_min_count"}

var contactKeys = []string{"name", "email"}

var langTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// LoadConfig reads and checks candor.yaml alone, for commands that need
// the site's settings but not its content.
func LoadConfig(fsys fs.FS) (Config, diag.List) {
	var errs diag.List
	c, _ := loadConfig(fsys, &errs)
	return c, errs.Sort()
}

// loadConfig reads candor.yaml once, and returns what it says and the
// SHA-256 of the bytes it said it in.
func loadConfig(fsys fs.FS, errs *diag.List) (Config, [32]byte) {
	src, err := fs.ReadFile(fsys, ConfigFile)
	sum := sha256.Sum256(src)
	return parseConfig(src, err, errs), sum
}

func parseConfig(src []byte, err error, errs *diag.List) Config {
	c := Config{Language: DefaultLanguage, Theme: DefaultTheme, SLADays: DefaultSLADays, Retention: DefaultRetentionDays, PromiseWindow: DefaultPromiseWindow, PromiseMin: DefaultPromiseMin, ThemeLine: 1, LanguageLine: 1}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			errs.Add(ConfigFile, 1, "no site config here: run candor in the site's folder, pass --source, or run \"candor init\" to start a site")
		} else {
			errs.Add(ConfigFile, 1, "cannot read: %v", err)
		}
		return c
	}
	root, err := matter.ParseYAML(src)
	if err != nil {
		var me *matter.Error
		if errors.As(err, &me) {
			errs.Add(ConfigFile, me.Line, "%s", strings.Replace(me.Msg, "front matter", "config", 1))
		} else {
			errs.Add(ConfigFile, 1, "%v", err)
		}
		return c
	}
	if root == nil {
		root = &matter.Node{Kind: matter.Map, Line: 1}
	}
	if root.Kind != matter.Map {
		errs.Add(ConfigFile, root.Line, "config must be a list of keys and values, like title: Our Interview Guide")
		return c
	}
	f := newFields(ConfigFile, 1, "", root, configKeys, errs)
	f.require("title", ": the name of the site, shown on every page")
	f.require("base_url", ": the address the site is published at, like https://careers.example.com/")
	c.Title = f.nonEmpty("title")
	c.BaseURLLine = f.line("base_url")
	if s := f.nonEmpty("base_url"); s != "" {
		u, err := url.Parse(s)
		if controlChars.MatchString(s) {
			f.errorf(f.line("base_url"), "base_url holds a control character (a line break, a tab, or one written like %%0A): write the address alone, like https://careers.example.com/")
		} else if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			f.errorf(f.line("base_url"), "base_url must be a full address like https://careers.example.com/, not %q", s)
		} else {
			if !strings.HasSuffix(s, "/") {
				s += "/"
			}
			c.BaseURL = s
		}
	}
	if s := f.str("language"); s != "" {
		c.LanguageLine = f.line("language")
		if !langTag.MatchString(s) {
			f.errorf(f.line("language"), "language must be a language tag like en or en-GB, not %q", s)
		} else {
			c.Language = s
		}
	}
	if s := f.str("theme"); s != "" {
		c.ThemeLine = f.line("theme")
		if !validID.MatchString(s) {
			f.errorf(f.line("theme"), "theme must be the name of a folder under themes/, not %q", s)
		} else {
			c.Theme = s
		}
	}
	if n, ok := f.integer("feedback_sla_days"); ok {
		if n < 1 || n > 365 {
			f.errorf(f.line("feedback_sla_days"), "feedback_sla_days must be between 1 and 365")
		} else {
			c.SLADays = n
		}
	}
	if n, ok := f.integer("retention_days"); ok {
		if n < 1 || n > 3650 {
			f.errorf(f.line("retention_days"), "retention_days must be between 1 and 3650")
		} else {
			c.Retention = n
		}
	}
	if n, ok := f.integer("promise_window_days"); ok {
		if n < 1 || n > 3650 {
			f.errorf(f.line("promise_window_days"), "promise_window_days must be between 1 and 3650")
		} else {
			c.PromiseWindow = n
		}
	}
	if n, ok := f.integer("promise_min_count"); ok {
		if n < LeastPromiseMin {
			f.errorf(f.line("promise_min_count"), "promise_min_count must be at least %d: a record of fewer candidates would let readers tell who was late", LeastPromiseMin)
		} else {
			c.PromiseMin = n
		}
	}
	c.Company = f.str("company")
	if c.Company == "" {
		c.Company = c.Title
	}
	c.Sealed = f.boolean("sealed")
	if s := f.str("respond_url"); s != "" {
		if !webURL(s) || controlChars.MatchString(s) {
			f.errorf(f.line("respond_url"), "respond_url must be a full address starting with https:// (or http://), not %q", s)
		} else {
			c.RespondURL = s
		}
	}
	if fd, ok := f.by["contact"]; ok && fd.Value.Kind == matter.String {
		f.errorf(fd.Line, "contact needs a name and an e-mail address, like contact: {name: Talent team, email: talent@example.com}")
	} else if cf := f.sub("contact", "contact ", contactKeys); cf != nil {
		c.Contact = Contact{Name: cf.str("name"), Email: cf.email("email")}
	}
	return c
}

// webURL reports whether s is an absolute http or https address.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
