// Package mailtest starts Mailpit, a real SMTP server with an HTTP API to
// read what it received, for tests that send mail. It is imported by
// tests only.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// Server is a running Mailpit.
type Server struct {
	// SMTP is the address of its SMTP listener, API its HTTP one.
	SMTP, API string
	// CertFile is the certificate it offers for STARTTLS, when it does:
	// give it to candor as SSL_CERT_FILE.
	CertFile string
}

// Options shape the server.
type Options struct {
	// TLS offers STARTTLS with a self-signed certificate for localhost,
	// 127.0.0.1 and this machine's other addresses; RequireTLS refuses
	// clients that do not use it; Implicit speaks TLS from the start
	// (smtps://).
	TLS, RequireTLS, Implicit bool
	// User and Password, when set, are the only login it accepts, and
	// it accepts no mail without one.
	User, Password string
	// Allowed is a regular expression: recipients that do not match it
	// are refused for good (550).
	Allowed string
	// Bind is the SMTP listener's interface; default 127.0.0.1.
	Bind string
}

// Start runs Mailpit until the test ends. Without it the test is skipped
// with the reason printed, except under CI (CI=true), where a missing
// server is a failure.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	bin, err := exec.LookPath("mailpit")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no mailpit on PATH, and CI=true: .ci/run must install it (go install github.com/axllent/mailpit@v1.33.1)")
		}
		t.Skip("no mailpit on PATH: install it (go install github.com/axllent/mailpit@v1.33.1) to run the mail tests")
	}
	dir := t.TempDir()
	bind := o.Bind
	if bind == "" {
		bind = "127.0.0.1"
	}
	s := &Server{SMTP: net.JoinHostPort(bind, freePort(t, bind)), API: "127.0.0.1:" + freePort(t, "127.0.0.1")}
	args := []string{"--smtp", s.SMTP, "--listen", s.API, "--database", filepath.Join(dir, "mail.db"),
		"--disable-version-check", "--smtp-disable-rdns", "--quiet"}
	if o.TLS || o.RequireTLS || o.Implicit {
		s.CertFile, args = certificate(t, dir), append(args, "--smtp-tls-cert", filepath.Join(dir, "cert.pem"), "--smtp-tls-key", filepath.Join(dir, "key.pem"))
	}
	if o.RequireTLS {
		args = append(args, "--smtp-require-starttls")
	}
	if o.Implicit {
		args = append(args, "--smtp-require-tls")
	}
	if o.User != "" {
		file := filepath.Join(dir, "passwords")
		if err := os.WriteFile(file, []byte(o.User+":"+o.Password+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--smtp-auth-file", file)
		if !o.TLS && !o.RequireTLS && !o.Implicit {
			args = append(args, "--smtp-auth-allow-insecure")
		}
	}
	if o.Allowed != "" {
		args = append(args, "--smtp-allowed-recipients", o.Allowed)
	}
	cmd := exec.Command(bin, args...) // its log of refusals is expected: not shown
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.SMTP, time.Second)
		if err == nil {
			c.Close()
			if _, err := http.Get("http://" + s.API + "/api/v1/messages"); err == nil {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Message is one mail the server received, as its API lists it.
type Message struct {
	ID      string
	Subject string
	To      []struct{ Address string }
	ReplyTo []struct {
		Name    string
		Address string
	}
	// Raw is the message as it came in.
	Raw []byte
}

// Messages are the mails received so far, oldest first, with their raw
// bytes.
func (s *Server) Messages(t testing.TB) []Message {
	t.Helper()
	var list struct{ Messages []Message }
	s.get(t, "/api/v1/messages?limit=1000", &list)
	for i := range list.Messages {
		list.Messages[i].Raw = s.raw(t, list.Messages[i].ID)
	}
	slices.Reverse(list.Messages) // the API lists the newest first
	return list.Messages
}

// Recipients are the addresses mail was sent to, one per message, in
// order.
func (s *Server) Recipients(t testing.TB) []string {
	var out []string
	for _, m := range s.Messages(t) {
		for _, to := range m.To {
			out = append(out, to.Address)
		}
	}
	return out
}

func (s *Server) get(t testing.TB, path string, v any) {
	t.Helper()
	res, err := http.Get("http://" + s.API + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func (s *Server) raw(t testing.TB, id string) []byte {
	t.Helper()
	res, err := http.Get("http://" + s.API + "/api/v1/message/" + id + "/raw")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func freePort(t testing.TB, host string) string {
	t.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// certificate writes a self-signed certificate and its key into dir, for
// localhost and every address of this machine, and returns its file.
func certificate(t testing.TB, dir string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "candor test mail server"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           append([]net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}, Addresses()...),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	cert := filepath.Join(dir, "cert.pem")
	write := func(name, typ string, data []byte) {
		if err := os.WriteFile(name, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: data}), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(cert, "CERTIFICATE", der)
	write(filepath.Join(dir, "key.pem"), "EC PRIVATE KEY", keyDER)
	return cert
}

// Addresses are this machine's IPv4 addresses other than loopback.
func Addresses() []net.IP {
	var out []net.IP
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			out = append(out, n.IP)
		}
	}
	return out
}

// String names the server for messages.
func (s *Server) String() string { return fmt.Sprintf("mailpit (SMTP %s)", s.SMTP) }
