package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/candor-feedback/candor/internal/ledger"
)

// From is who the mails come from.
type From struct{ Name, Email string }

// Sender hands mails on, one at a time. Send returns nil once the mail
// is out of candor's hands (the server accepted it, or the draft is on
// disk), a *Refusal when the address was refused for good, and any other
// error when the run must stop.
type Sender interface {
	Send(ctx context.Context, id string, m Mail) error
	// Channel is how the ledger records what Send sent.
	Channel() string
	Close() error
}

// Refusal is a permanent refusal of one mail (an SMTP 5xx reply to its
// recipient or its content): recorded, and the run goes on.
type Refusal struct {
	Code     int
	Enhanced string
}

func (r *Refusal) Error() string {
	return "the mail server refused it for good (" + strings.TrimSpace(strconv.Itoa(r.Code)+" "+r.Enhanced) + "): check the address in the file, then run candor notify --retry ID"
}

// message is m as go-mail builds it, with its MIME parts.
func message(from From, m Mail) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	if from.Email != "" { // a draft may leave it to the mail program
		if err := msg.FromFormat(from.Name, from.Email); err != nil {
			return nil, fmt.Errorf("the sender address (CANDOR_MAIL_FROM, or contact in candor.yaml) is not an e-mail address")
		}
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("its email is not an e-mail address")
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyToFormat(m.ReplyName, m.ReplyTo); err != nil {
			return nil, fmt.Errorf("its recruiter's email is not an e-mail address")
		}
	}
	msg.Subject(m.Subject)
	msg.SetGenHeader(gomail.Header("Content-Language"), m.Lang)
	msg.SetMessageID()
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return msg, nil
}

// SMTP sends over one connection to an SMTP server.
type SMTP struct {
	client *gomail.Client
	from   From
	where  string // host:port, for messages
	testTo string
	// conn is the connection under any TLS: closing it ends a send at
	// once when the run is stopped.
	conn net.Conn
}

// SMTPConfig is where and how to send: CANDOR_SMTP_URL, with
// CANDOR_SMTP_PASSWORD.
type SMTPConfig struct {
	URL, Password string
	From          From
	// TestTo, when set, receives every mail instead of its candidate.
	TestTo string
	// Timeout bounds each step of the conversation; 0 means 20 seconds.
	Timeout time.Duration
}

// DialSMTP connects to the server cfg.URL names, saying STARTTLS unless it
// is a loopback address (or speaking TLS from the start for smtps://), and
// logs in when the URL names a user.
func DialSMTP(ctx context.Context, cfg SMTPConfig) (*SMTP, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" || u.Path != "" && u.Path != "/" {
		return nil, errors.New("CANDOR_SMTP_URL must look like smtp://user@mail.example.com:587 or smtps://user@mail.example.com:465")
	}
	host := u.Hostname()
	port := 587
	if u.Scheme == "smtps" {
		port = 465
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port < 1 || port > 65535 {
			return nil, errors.New("CANDOR_SMTP_URL has a port that is not a number from 1 to 65535")
		}
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 20 * time.Second
	}
	s := &SMTP{from: cfg.From, where: net.JoinHostPort(host, strconv.Itoa(port)), testTo: cfg.TestTo}
	// candor dials itself, to hold the connection (see conn). With
	// smtps:// it speaks TLS from the start, and STARTTLS is then neither
	// offered nor needed; go-mail sees the connection is encrypted.
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		s.conn = conn
		if u.Scheme != "smtps" {
			return conn, nil
		}
		tc := tls.Client(conn, &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12})
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, fmt.Errorf("TLS: %w", err)
		}
		return tc, nil
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(timeout), gomail.WithDialContextFunc(dial)}
	if u.Scheme == "smtp" && !loopback(host) {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if user := u.User.Username(); user != "" {
		password, _ := u.User.Password()
		if cfg.Password != "" {
			password = cfg.Password
		}
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(user), gomail.WithPassword(password))
	}
	client, err := gomail.NewClient(host, opts...)
	if err != nil {
		return nil, err
	}
	if err := client.DialWithContext(ctx); err != nil {
		if s.conn != nil {
			s.conn.Close()
		}
		return nil, dialProblem(s.where, u.Scheme, err)
	}
	s.client = client
	return s, nil
}

// dialProblem says why connecting failed, in words that hold no address
// and no password.
func dialProblem(where, scheme string, err error) error {
	var ne net.Error
	msg := err.Error()
	switch {
	case strings.Contains(msg, "STARTTLS") || strings.Contains(msg, "TLS"):
		if scheme == "smtp" {
			return fmt.Errorf("cannot send securely to %s: %s. A mail server that is not on this machine must offer STARTTLS; use smtps:// for one that speaks TLS from the start", where, Summary(err))
		}
		return fmt.Errorf("cannot set up TLS with %s: %s", where, Summary(err))
	case strings.Contains(strings.ToLower(msg), "auth") || strings.HasPrefix(msg, "535") || strings.HasPrefix(msg, "534"):
		return fmt.Errorf("%s did not accept the user name and password (CANDOR_SMTP_URL, CANDOR_SMTP_PASSWORD)", where)
	case errors.As(err, &ne):
		return fmt.Errorf("cannot reach the mail server at %s: %s", where, Summary(err))
	}
	return fmt.Errorf("cannot start sending through %s: %s", where, Summary(err))
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Send hands m to the server and waits for its answer.
func (s *SMTP) Send(ctx context.Context, id string, m Mail) error {
	if s.testTo != "" {
		m.To = s.testTo
	}
	msg, err := message(s.from, m)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// A stopped run closes the connection: a mail whose end the server
	// has not yet accepted is then not accepted at all.
	sent := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			s.conn.Close()
		case <-sent:
		}
	}()
	err = s.client.Send(msg)
	close(sent)
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var se *gomail.SendError
	if errors.As(err, &se) {
		code := se.ErrorCode()
		switch se.Reason {
		case gomail.ErrSMTPRcptTo, gomail.ErrSMTPData, gomail.ErrSMTPDataClose:
			if code >= 500 && code <= 599 {
				return &Refusal{Code: code, Enhanced: se.EnhancedStatusCode()}
			}
		}
		if code >= 400 && code <= 599 {
			return fmt.Errorf("the mail server answered %d %s: try again later", code, se.EnhancedStatusCode())
		}
	}
	return fmt.Errorf("the connection to %s was lost (%s): what it had accepted is recorded", s.where, Summary(err))
}

func (s *SMTP) Channel() string { return ledger.SMTP }

// Close says goodbye to the server.
func (s *SMTP) Close() error { return s.client.Close() }

// Outbox writes each mail as a draft, DIR/<id>.eml, which a mail program
// opens ready to send from the recruiter's own mailbox.
type Outbox struct {
	Dir  string
	From From
}

// Send writes the draft and waits until it is on disk.
func (o *Outbox) Send(ctx context.Context, id string, m Mail) error {
	msg, err := message(o.From, m)
	if err != nil {
		return err
	}
	msg.SetGenHeader(gomail.Header("X-Unsent"), "1")
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(o.Dir, "."+id+"-*.eml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := msg.WriteTo(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(o.Dir, id+".eml")); err != nil {
		return err
	}
	if d, err := os.Open(o.Dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func (o *Outbox) Channel() string { return ledger.Outbox }
func (o *Outbox) Close() error    { return nil }

var addressLike = regexp.MustCompile(`[^\s<>()"',;:]+@[^\s<>()"',;:]+`)

// Summary is err's text with anything that looks like an e-mail address
// taken out and cut short: server replies often quote the recipient.
func Summary(err error) string {
	s := addressLike.ReplaceAllString(err.Error(), "<address>")
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}
