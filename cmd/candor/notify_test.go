package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/candor-feedback/candor/internal/ledger"
	"github.com/candor-feedback/candor/internal/mailtest"
)

// notifySite has one candidate of each kind notify tells apart, on
// 2026-11-23: due (ada, bo, hal), a draft, one scheduled, one expired,
// one without an address and one held back.
const notifySite = `
-- candor.yaml --
title: Northwind Interview Guide
company: Northwind
base_url: https://careers.northwind.example/
contact: {name: Northwind Talent Team, email: talent@northwind.example}
-- content/index.md --
---
title: Working at Northwind
---
-- content/feedback/ada.md --
---
candidate: Ada Moreno
role: Backend Engineer
token: uhfumvgu6h4pq4n4pqglnh7bm3
status: advancing
email: ada.moreno@ok.example
recruiter: {name: Noor Haddad, email: noor.haddad@northwind.example}
stages: [{name: Technical interview, date: 2026-11-20}]
strengths: [SECRET-STRENGTH Your tests described the behaviour, not the code.]
improvements: [SECRET-IMPROVEMENT Say what you are checking before you check it.]
next_steps: SECRET-NEXT A system design conversation with two engineers.
---
SECRET-BODY Thank you for a thoughtful afternoon.
-- content/feedback/bo.md --
---
candidate: Bo Lindqvist
preferred_name: Bosse
role: Data Analyst
token: fnw4hk5x54s4unmtxecggws3f6
status: not-selected
lang: de
sealed: true
email: bo@ok.example
stages: [{name: Case study, date: 2026-11-19}]
improvements: [Mehr Zeit für die Fragestellung.]
---
-- content/feedback/hal.md --
---
candidate: Hala Mansour
role: Product Designer
token: s445drh47xeey46y2rexjs6dfy
status: on-hold
lang: ar
email: hala@ok.example
stages: [{name: Portfolio review, date: 2026-11-18}]
strengths: [عرضك لمشروع المتجر كان واضحًا.]
next_steps: سنخبرك بقرارنا.
decision_by: 2026-12-01
---
-- content/feedback/cy.md --
---
candidate: Cy Draft
role: Backend Engineer
token: k4j3p6i2f6ac65xfuvudklitcn
status: advancing
email: cy@ok.example
draft: true
stages: [{name: Call, date: 2026-11-21}]
---
-- content/feedback/di.md --
---
candidate: Di Later
role: Backend Engineer
token: e2i3fjx7z4taw4kcz6quzqbx7n
status: advancing
email: di@ok.example
publish_after: 2026-11-30
stages: [{name: Call, date: 2026-11-21}]
strengths: [Clear.]
next_steps: Another call.
---
-- content/feedback/ed.md --
---
candidate: Ed Gone
role: Backend Engineer
token: r5l62kyl2w77wjqsuihsji3kak
status: not-selected
email: ed@ok.example
expires: 2026-11-01
stages: [{name: Call, date: 2026-10-01}]
improvements: [Practise.]
---
-- content/feedback/fay.md --
---
candidate: Fay Noaddress
role: Backend Engineer
token: syqk3p4fmnfb6yijar25qaqn43
status: not-selected
stages: [{name: Call, date: 2026-11-20}]
improvements: [Practise.]
---
-- content/feedback/gil.md --
---
candidate: Gil Held
role: Backend Engineer
token: mkmrjygtpdfyj2aqlc2oimkx24
status: advancing
email: gil@ok.example
notify: false
stages: [{name: Call, date: 2026-11-20}]
strengths: [Clear.]
next_steps: Another call.
---
`

const notifyToday = "2026-11-23"

// notifyRun runs the candor program in dir with env added, and returns its
// exit status and output.
func notifyRun(t *testing.T, dir string, env []string, args ...string) (int, string, string) {
	t.Helper()
	args = append(args, "--source", dir)
	if args[0] != "token" {
		args = append(args, "--today", notifyToday)
	}
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, stdout.String(), stderr.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), stdout.String(), stderr.String()
	}
	t.Fatal(err)
	return 0, "", ""
}

func smtpEnv(s *mailtest.Server) []string {
	return []string{"CANDOR_SMTP_URL=smtp://" + s.SMTP, "CANDOR_SMTP_PASSWORD=", "CANDOR_MAIL_FROM="}
}

// ledgerIDs are the ids of the ledger's lines with the given channel.
func ledgerIDs(t *testing.T, dir, channel string) []string {
	t.Helper()
	l, errs := ledger.Read(dir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var out []string
	for _, n := range l.Notices {
		if n.Channel == channel {
			out = append(out, n.Key.ID)
		}
	}
	return out
}

// TestNotifySendsEachNoticeOnce is the promise of notify against a real
// SMTP server: one mail a due notice, none for drafts, scheduled, expired,
// address-less or held-back candidates, none again on a second run, and
// exactly the new ones after a new link, a new status or a new stage.
func TestNotifySendsEachNoticeOnce(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	dir := writeSite(t, notifySite)
	env := smtpEnv(srv)

	code, stdout, stderr := notifyRun(t, dir, env, "notify")
	if code != 0 {
		t.Fatalf("listing: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"ada ", "bo ", "hal ", "first feedback", "No email in the file, so no notice: fay.", "Held back by notify: false: gil."} {
		if !strings.Contains(stdout, want) {
			t.Errorf("listing lacks %q:\n%s", want, stdout)
		}
	}
	for _, never := range []string{"@", "Ada", "Moreno"} {
		if strings.Contains(stdout+stderr, never) {
			t.Errorf("listing holds %q:\n%s%s", never, stdout, stderr)
		}
	}
	if m := regexp.MustCompile(`(?m)^(cy|di|ed|fay|gil) `).FindString(stdout); m != "" {
		t.Errorf("listing has a notice for %q:\n%s", m, stdout)
	}
	if got := srv.Recipients(t); len(got) != 0 {
		t.Fatalf("listing sent %v", got)
	}

	code, stdout, stderr = notifyRun(t, dir, env, "notify", "--send")
	if code != 0 {
		t.Fatalf("send: exit %d\n%s%s", code, stdout, stderr)
	}
	want := []string{"ada.moreno@ok.example", "bo@ok.example", "hala@ok.example"}
	if got := srv.Recipients(t); !slices.Equal(got, want) {
		t.Fatalf("sent to %v, want %v", got, want)
	}
	if got := ledgerIDs(t, dir, ledger.SMTP); !slices.Equal(got, []string{"ada", "bo", "hal"}) {
		t.Fatalf("ledger %v", got)
	}
	if strings.Contains(stdout+stderr, "@") {
		t.Errorf("output holds an address:\n%s%s", stdout, stderr)
	}

	// status says who was told, and when.
	_, out, _ := notifyRun(t, dir, nil, "status", "--format", "json")
	var rows []struct {
		ID   string
		Told *string
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		told := r.Told != nil && *r.Told == notifyToday
		if told != slices.Contains([]string{"ada", "bo", "hal"}, r.ID) {
			t.Errorf("status: %s told %v", r.ID, r.Told)
		}
	}
	if _, out, _ := notifyRun(t, dir, nil, "status"); !regexp.MustCompile(`(?m)^fay .*never: no email$`).MatchString(out) || !regexp.MustCompile(`(?m)^ada .*published  2026-11-23$`).MatchString(out) {
		t.Errorf("status table:\n%s", out)
	}

	// A second run sends nothing.
	if code, stdout, _ := notifyRun(t, dir, env, "notify", "--send"); code != 0 || !strings.Contains(stdout, "No notices due") {
		t.Fatalf("second run: exit %d\n%s", code, stdout)
	}
	if n := len(srv.Recipients(t)); n != 3 {
		t.Fatalf("the second run sent mail: %d in all", n)
	}

	// A new link for ada, a decision for bo, a new stage for hal.
	if code, _, stderr := notifyRun(t, dir, nil, "token", "ada"); code != 0 {
		t.Fatal(stderr)
	}
	edit(t, filepath.Join(dir, "content/feedback/bo.md"), "status: not-selected", "status: withdrawn")
	edit(t, filepath.Join(dir, "content/feedback/hal.md"), "stages: [{name: Portfolio review, date: 2026-11-18}]", "stages: [{name: Portfolio review, date: 2026-11-18}, {name: Team day, date: 2026-11-22}]")
	if code, stdout, _ = notifyRun(t, dir, env, "notify"); code != 0 {
		t.Fatalf("listing after changes: exit %d", code)
	}
	for _, want := range []string{"ada  ", "new link", "bo ", "new status", "hal ", "feedback on a new stage"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("listing after changes lacks %q:\n%s", want, stdout)
		}
	}
	if code, stdout, stderr := notifyRun(t, dir, env, "notify", "--send"); code != 0 {
		t.Fatalf("third run: exit %d\n%s%s", code, stdout, stderr)
	}
	msgs := srv.Messages(t)
	if len(msgs) != 6 {
		t.Fatalf("%d mails in all, want 6", len(msgs))
	}
	if !strings.Contains(msgs[3].Subject, "new link") {
		t.Errorf("ada's second mail: %q", msgs[3].Subject)
	}
}

// TestNotifyMail reads a sent mail as a mail program does: multipart
// alternative, in the candidate's language, naming the company, with the
// link (and its key when sealed), the day the page goes, Reply-To the
// recruiter; and none of the feedback itself.
func TestNotifyMail(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	dir := writeSite(t, notifySite)
	if code, stdout, stderr := notifyRun(t, dir, smtpEnv(srv), "notify", "--send"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	msgs := srv.Messages(t)
	if len(msgs) != 3 {
		t.Fatalf("%d mails", len(msgs))
	}
	_, urls, _ := notifyRun(t, dir, nil, "urls", "--format", "csv")
	link := func(id string) string {
		for _, line := range strings.Split(urls, "\n") {
			if f := strings.Split(line, ","); len(f) == 6 && f[0] == id {
				return f[4]
			}
		}
		t.Fatalf("no link for %s in\n%s", id, urls)
		return ""
	}
	for i, tc := range []struct {
		id, lang, subject, greeting, expires, replyTo string
	}{
		{"ada", "en", "Your interview feedback from Northwind", "Hi Ada,", "Wednesday 19 May 2027", "noor.haddad@northwind.example"},
		{"bo", "de", "Ihr Feedback aus dem Gespräch bei Northwind", "Hallo Bosse,", "Dienstag, 18. Mai 2027", "talent@northwind.example"},
		{"hal", "ar", "ملاحظاتك على مقابلتك مع Northwind", "مرحبًا Hala،", "الاثنين، ١٧ مايو ٢٠٢٧", "talent@northwind.example"},
	} {
		m := msgs[i]
		parsed, err := mail.ReadMessage(bytes.NewReader(m.Raw))
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		h := parsed.Header
		subject, _ := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
		if subject != tc.subject {
			t.Errorf("%s: subject %q, want %q", tc.id, subject, tc.subject)
		}
		if got := h.Get("Content-Language"); got != tc.lang {
			t.Errorf("%s: Content-Language %q", tc.id, got)
		}
		if rt, err := mail.ParseAddress(h.Get("Reply-To")); err != nil || rt.Address != tc.replyTo {
			t.Errorf("%s: Reply-To %q, want %s", tc.id, h.Get("Reply-To"), tc.replyTo)
		}
		if from, err := mail.ParseAddress(h.Get("From")); err != nil || from.Address != "talent@northwind.example" {
			t.Errorf("%s: From %q", tc.id, h.Get("From"))
		}
		parts := mimeParts(t, parsed)
		if len(parts) != 2 || parts["text/plain"] == "" || parts["text/html"] == "" {
			t.Fatalf("%s: parts %v, want text/plain and text/html in multipart/alternative", tc.id, slices.Collect(mapKeys(parts)))
		}
		url := link(tc.id)
		for kind, body := range parts {
			body = strings.NewReplacer("<bdi>", "", "</bdi>", "").Replace(body)
			for _, want := range []string{tc.greeting, url, tc.expires} {
				if kind == "text/html" {
					want = strings.ReplaceAll(want, "&", "&amp;")
				}
				if !strings.Contains(body, want) {
					t.Errorf("%s: %s part lacks %q", tc.id, kind, want)
				}
			}
			for _, secret := range []string{"SECRET", "Moreno", "Lindqvist", "Mansour", "tests described", "Fragestellung", "المتجر", "decision", "Team day"} {
				if strings.Contains(body, secret) {
					t.Errorf("%s: %s part holds %q, which belongs on the page only", tc.id, kind, secret)
				}
			}
		}
		if tc.id == "bo" && !strings.Contains(url, "#k=") {
			t.Errorf("bo's page is sealed, but its link %q has no key", url)
		}
	}
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// mimeParts are the decoded parts of a multipart/alternative mail, by
// type.
func mimeParts(t *testing.T, m *mail.Message) map[string]string {
	t.Helper()
	typ, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || typ != "multipart/alternative" {
		t.Fatalf("Content-Type %q, want multipart/alternative", m.Header.Get("Content-Type"))
	}
	out := map[string]string{}
	r := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := r.NextPart() // decodes quoted-printable
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		data, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		out[pt] = string(data)
	}
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s holds no %q", file, old)
	}
	if err := os.WriteFile(file, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNotifyRefusedRecipient: a 5xx for one address is recorded as
// refused, the others go out, the run exits 1 naming it; it is not tried
// again until --retry.
func TestNotifyRefusedRecipient(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{Allowed: `^(ada\.moreno|hala)@ok\.example$`})
	dir := writeSite(t, notifySite)
	env := smtpEnv(srv)
	code, stdout, stderr := notifyRun(t, dir, env, "notify", "--send")
	if code != 1 || !strings.Contains(stderr, "bo: the mail server refused it for good (550") {
		t.Fatalf("exit %d, want 1 naming bo\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, "@") {
		t.Errorf("output echoes an address:\n%s%s", stdout, stderr)
	}
	if got := srv.Recipients(t); !slices.Equal(got, []string{"ada.moreno@ok.example", "hala@ok.example"}) {
		t.Fatalf("sent to %v", got)
	}
	if got := ledgerIDs(t, dir, ledger.Refused); !slices.Equal(got, []string{"bo"}) {
		t.Fatalf("refused in the ledger: %v", got)
	}
	if code, stdout, _ := notifyRun(t, dir, env, "notify", "--send"); code != 0 || !strings.Contains(stdout, "No notices due") {
		t.Fatalf("the refused notice was tried again without --retry: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = notifyRun(t, dir, env, "notify", "--retry", "bo")
	if code != 0 || !strings.Contains(stdout, "bo ") || !strings.Contains(stdout, "again, after a refusal") {
		t.Fatalf("--retry bo lists: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := notifyRun(t, dir, env, "notify", "--retry", "ada"); code != 2 || !strings.Contains(stderr, "ada has no refused notice") {
		t.Errorf("--retry of a candidate told: exit %d\n%s", code, stderr)
	}
}

// TestNotifyStartTLSAndAuth sends over STARTTLS with a self-signed
// certificate the system is told to trust, logging in; a wrong password
// sends nothing and is not printed; a server that is not on this machine
// and offers no STARTTLS is refused.
func TestNotifyStartTLSAndAuth(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{RequireTLS: true, User: "talent", Password: "s3cret-Pa55"})
	dir := writeSite(t, notifySite)
	env := []string{"CANDOR_SMTP_URL=smtp://talent@localhost:" + port(srv.SMTP), "CANDOR_SMTP_PASSWORD=wrong-Pa55", "SSL_CERT_FILE=" + srv.CertFile}
	code, stdout, stderr := notifyRun(t, dir, env, "notify", "--send")
	if code != 1 || !strings.Contains(stderr, "did not accept the user name and password") {
		t.Errorf("wrong password: exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, "Pa55") {
		t.Errorf("the password was printed:\n%s", stderr)
	}
	env[1] = "CANDOR_SMTP_PASSWORD=s3cret-Pa55"
	if code, stdout, stderr := notifyRun(t, dir, env, "notify", "--send"); code != 0 {
		t.Fatalf("STARTTLS and AUTH: exit %d\n%s%s", code, stdout, stderr)
	}
	if n := len(srv.Recipients(t)); n != 3 {
		t.Errorf("%d mails, want 3", n)
	}
	if strings.Contains(stdout, "Pa55") {
		t.Error("the password was printed")
	}

	// A server elsewhere (this machine's own address, not loopback) that
	// offers no STARTTLS gets nothing.
	addrs := mailtest.Addresses()
	if len(addrs) == 0 {
		t.Skip("this machine has no address but loopback")
	}
	plain := mailtest.Start(t, mailtest.Options{Bind: addrs[0].String()})
	dir = writeSite(t, notifySite)
	code, stdout, stderr = notifyRun(t, dir, smtpEnv(plain), "notify", "--send")
	if code != 1 || !strings.Contains(stderr, "must offer STARTTLS") {
		t.Errorf("plain text to %s: exit %d\n%s%s", plain.SMTP, code, stdout, stderr)
	}
	if n := len(plain.Recipients(t)); n != 0 {
		t.Errorf("%d mails sent in plain text", n)
	}
}

// TestNotifyImplicitTLS sends to a server that speaks TLS from the start
// (smtps://), logging in.
func TestNotifyImplicitTLS(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{Implicit: true, User: "talent", Password: "s3cret-Pa55"})
	dir := writeSite(t, notifySite)
	env := []string{"CANDOR_SMTP_URL=smtps://talent:s3cret-Pa55@localhost:" + port(srv.SMTP), "SSL_CERT_FILE=" + srv.CertFile}
	if code, stdout, stderr := notifyRun(t, dir, env, "notify", "--send"); code != 0 {
		t.Fatalf("smtps: exit %d\n%s%s", code, stdout, stderr)
	}
	if n := len(srv.Recipients(t)); n != 3 {
		t.Errorf("%d mails, want 3", n)
	}
}

func port(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}

// proxy relays one SMTP connection at a time to the server, and stops
// relaying when cut says so, given every line the client sent so far.
type proxy struct {
	addr string
	cut  func(lines []string) (drop, stall bool)
}

func startProxy(t *testing.T, to string, cut func([]string) (drop, stall bool)) *proxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	p := &proxy{addr: l.Addr().String(), cut: cut}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go p.relay(c, to)
		}
	}()
	return p
}

func (p *proxy) relay(client net.Conn, to string) {
	defer client.Close()
	server, err := net.Dial("tcp", to)
	if err != nil {
		return
	}
	defer server.Close()
	go io.Copy(client, server)
	var lines []string
	r := bufio.NewReader(client)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		lines = append(lines, strings.TrimRight(line, "\r\n"))
		drop, stall := p.cut(lines)
		if drop {
			return
		}
		if stall {
			select {} // never answers: the client waits
		}
		if _, err := server.Write([]byte(line)); err != nil {
			return
		}
	}
}

// mailFroms counts the MAIL FROM commands in lines.
func mailFroms(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(strings.ToUpper(l), "MAIL FROM") {
			n++
		}
	}
	return n
}

// TestNotifyDroppedConnection: the connection drops as the second mail
// starts; the first is recorded, the run exits 1 naming the rest, and the
// next run sends exactly those.
func TestNotifyDroppedConnection(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	var once sync.Once
	dropped := false
	p := startProxy(t, srv.SMTP, func(lines []string) (bool, bool) {
		if mailFroms(lines) == 2 {
			once.Do(func() { dropped = true })
			return true, false
		}
		return false, false
	})
	dir := writeSite(t, notifySite)
	env := []string{"CANDOR_SMTP_URL=smtp://" + p.addr}
	code, stdout, stderr := notifyRun(t, dir, env, "notify", "--send")
	if !dropped || code != 1 || !strings.Contains(stderr, "Not sent: bo, hal.") {
		t.Fatalf("dropped %v: exit %d\n%s%s", dropped, code, stdout, stderr)
	}
	if got := ledgerIDs(t, dir, ledger.SMTP); !slices.Equal(got, []string{"ada"}) {
		t.Fatalf("ledger %v", got)
	}
	if code, stdout, stderr := notifyRun(t, dir, smtpEnv(srv), "notify", "--send"); code != 0 || !strings.Contains(stdout, "2 notices sent: bo, hal.") {
		t.Fatalf("next run: exit %d\n%s%s", code, stdout, stderr)
	}
	if got := srv.Recipients(t); !slices.Equal(got, []string{"ada.moreno@ok.example", "bo@ok.example", "hala@ok.example"}) {
		t.Errorf("sent to %v: each once", got)
	}
}

// TestNotifyStopsOnSignal: SIGINT while the server keeps a mail waiting
// stops the run within a second, exit 1, with what was accepted recorded;
// a run killed outright loses and repeats nothing either.
func TestNotifyStopsOnSignal(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			stalled := make(chan bool, 1)
			p := startProxy(t, srv.SMTP, func(lines []string) (bool, bool) {
				if mailFroms(lines) == 2 && lines[len(lines)-1] == "." {
					select {
					case stalled <- true:
					default:
					}
					return false, true // the end of the second mail, never answered
				}
				return false, false
			})
			before := len(srv.Recipients(t))
			dir := writeSite(t, notifySite)
			cmd := exec.Command(binary(t), "notify", "--send", "--source", dir, "--today", notifyToday)
			cmd.Env = append(os.Environ(), "CANDOR_SMTP_URL=smtp://"+p.addr)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-stalled:
			case err := <-done:
				t.Fatalf("candor ended before the second mail: %v\n%s", err, stderr.String())
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatal("the second mail never came")
			}
			sent := time.Now()
			cmd.Process.Signal(sig)
			err := <-done
			took := time.Since(sent)
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("%v", err)
			}
			if sig == syscall.SIGINT {
				if ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "Not sent: bo, hal.") || took > 2*time.Second {
					t.Errorf("after SIGINT: exit %d in %v\n%s", ee.ExitCode(), took, stderr.String())
				}
			}
			if got := ledgerIDs(t, dir, ledger.SMTP); !slices.Equal(got, []string{"ada"}) {
				t.Fatalf("ledger %v", got)
			}
			// The next run, straight to the server, sends the rest: bo's
			// mail, never finished, was never accepted.
			if code, stdout, stderr := notifyRun(t, dir, smtpEnv(srv), "notify", "--send"); code != 0 {
				t.Fatalf("next run: exit %d\n%s%s", code, stdout, stderr)
			}
			got := srv.Recipients(t)[before:]
			if !slices.Equal(got, []string{"ada.moreno@ok.example", "bo@ok.example", "hala@ok.example"}) {
				t.Errorf("sent to %v: each once", got)
			}
		})
	}
}

// TestNotifyOutboxAndTestTo: drafts open in a mail parser with X-Unsent
// and the link; --test-to sends everything to one address and records
// nothing; --max leaves the rest due.
func TestNotifyOutboxAndTestTo(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	dir := writeSite(t, notifySite)
	code, stdout, stderr := notifyRun(t, dir, smtpEnv(srv), "notify", "--send", "--test-to", "recruiter@northwind.example")
	if code != 0 {
		t.Fatalf("--test-to: exit %d\n%s%s", code, stdout, stderr)
	}
	if got := srv.Recipients(t); !slices.Equal(got, []string{"recruiter@northwind.example", "recruiter@northwind.example", "recruiter@northwind.example"}) {
		t.Errorf("--test-to sent to %v", got)
	}
	if _, err := os.Stat(filepath.Join(dir, ledger.File)); err == nil {
		t.Error("--test-to recorded notices")
	}

	outbox := filepath.Join(t.TempDir(), "drafts")
	if code, stdout, stderr := notifyRun(t, dir, nil, "notify", "--outbox", outbox, "--max", "2"); code != 0 || !strings.Contains(stdout, "1 notice left for the next run (--max 2): hal.") {
		t.Fatalf("--outbox --max 2: exit %d\n%s%s", code, stdout, stderr)
	}
	names, _ := filepath.Glob(filepath.Join(outbox, "*"))
	if len(names) != 2 || filepath.Base(names[0]) != "ada.eml" || filepath.Base(names[1]) != "bo.eml" {
		t.Fatalf("drafts %v", names)
	}
	data, _ := os.ReadFile(names[0])
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("X-Unsent") != "1" {
		t.Error("the draft has no X-Unsent: 1")
	}
	parts := mimeParts(t, m)
	if !regexp.MustCompile(`https://careers\.northwind\.example/f/[a-z2-7]{26}/`).MatchString(parts["text/plain"]) {
		t.Errorf("the draft holds no link:\n%s", parts["text/plain"])
	}
	if got := ledgerIDs(t, dir, ledger.Outbox); !slices.Equal(got, []string{"ada", "bo"}) {
		t.Errorf("ledger %v", got)
	}
	if code, stdout, _ := notifyRun(t, dir, nil, "notify", "--record"); code != 0 || !strings.Contains(stdout, "Recorded 1 notice as told by hand: hal.") {
		t.Errorf("--record: exit %d\n%s", code, stdout)
	}
}

// TestNotifyRefusesADamagedLedger: a ledger it cannot read could no
// longer say who was told, so notify sends nothing and names the line.
func TestNotifyRefusesADamagedLedger(t *testing.T) {
	dir := writeSite(t, notifySite)
	os.WriteFile(filepath.Join(dir, ledger.File), []byte(ledger.Header+"\n2026-11-20,ada,advancing,<<<<<<< HEAD\n"), 0o644)
	code, stdout, stderr := notifyRun(t, dir, []string{"CANDOR_SMTP_URL=smtp://127.0.0.1:1"}, "notify", "--send")
	if code != 1 || !strings.Contains(stderr, "notices.csv:2: ") || strings.Contains(stdout, "sent") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestNotifyWithNothingDue says so, whatever the way of sending, and
// writes nothing.
func TestNotifyWithNothingDue(t *testing.T) {
	dir := writeSite(t, notifySite)
	if code, _, errs := notifyRun(t, dir, nil, "notify", "--record"); code != 0 {
		t.Fatal(errs)
	}
	before, _ := os.ReadFile(filepath.Join(dir, ledger.File))
	outbox := filepath.Join(t.TempDir(), "drafts")
	for _, args := range [][]string{{"notify", "--record"}, {"notify", "--outbox", outbox}} {
		code, stdout, _ := notifyRun(t, dir, nil, args...)
		if code != 0 || !strings.Contains(stdout, "No notices due") {
			t.Errorf("%v: exit %d, %q", args, code, stdout)
		}
	}
	after, _ := os.ReadFile(filepath.Join(dir, ledger.File))
	if !bytes.Equal(before, after) {
		t.Error("the ledger changed with nothing due")
	}
	if _, err := os.Stat(outbox); err == nil {
		t.Error("an outbox was made with nothing in it")
	}
}
