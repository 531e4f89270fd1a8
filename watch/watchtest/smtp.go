// Package watchtest runs the receivers a watch delivers to, for tests: a
// real SMTP server (github.com/emersion/go-smtp) that keeps what it
// receives. Only tests import it.
package watchtest

import (
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mail is one message the SMTP server accepted.
type Mail struct {
	From string
	To   []string
	Data []byte // the message as sent: headers and body
	Auth string // the user it authenticated as, "" for none
}

// SMTPServer is an SMTP server on 127.0.0.1 that accepts every message
// (after AUTH PLAIN with User and Password, when set).
type SMTPServer struct {
	Addr           string // host:port
	User, Password string

	mu   sync.Mutex
	mail []Mail
	got  chan struct{}
}

// NewSMTPServer starts a server for the test; it stops with the test.
func NewSMTPServer(t testing.TB, user, password string) *SMTPServer {
	t.Helper()
	s := &SMTPServer{User: user, Password: password, got: make(chan struct{}, 100)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{srv: s}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true // the client refuses plain auth to non-local hosts without TLS
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// Mails returns the messages received so far.
func (s *SMTPServer) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mail...)
}

// Wait waits up to d for at least n messages and returns them.
func (s *SMTPServer) Wait(n int, d time.Duration) []Mail {
	deadline := time.After(d)
	for {
		if m := s.Mails(); len(m) >= n {
			return m
		}
		select {
		case <-s.got:
		case <-deadline:
			return s.Mails()
		}
	}
}

type session struct {
	srv  *SMTPServer
	auth string
	m    Mail
}

// AuthMechanisms and Auth make the session an smtp.AuthSession.
func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		if user != s.srv.User || password != s.srv.Password {
			return errors.New("invalid credentials")
		}
		s.auth = user
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.User != "" && s.auth == "" {
		return smtp.ErrAuthRequired
	}
	s.m = Mail{From: from, Auth: s.auth}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.m.To = append(s.m.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(io.LimitReader(r, 10<<20))
	if err != nil {
		return err
	}
	s.m.Data = b
	s.srv.mu.Lock()
	s.srv.mail = append(s.srv.mail, s.m)
	s.srv.mu.Unlock()
	select {
	case s.srv.got <- struct{}{}:
	default:
	}
	return nil
}

func (s *session) Reset()        { s.m = Mail{} }
func (s *session) Logout() error { return nil }
