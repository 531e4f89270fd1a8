package config

import (
	"errors"
	"strings"
	"testing"
)

func TestSMTP(t *testing.T) {
	good := map[string]struct {
		doc  string
		want SMTP
	}{
		"absent":   {"listen: 127.0.0.1:9\n", SMTP{}},
		"defaults": {"smtp:\n  host: mail.example.org\n  from: haberci@example.org\n", SMTP{Host: "mail.example.org", Port: 587, StartTLS: true, From: "haberci@example.org"}},
		"full": {"smtp:\n  host: 127.0.0.1\n  port: 2525\n  starttls: false\n  user: u\n  password: p\n  from: Haberci <h@example.org>\n",
			SMTP{Host: "127.0.0.1", Port: 2525, User: "u", Password: "p", From: "Haberci <h@example.org>"}},
	}
	for name, tc := range good {
		t.Run(name, func(t *testing.T) {
			cfg, err := Parse([]byte(tc.doc), "c.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if cfg.SMTP != tc.want {
				t.Errorf("got %+v, want %+v", cfg.SMTP, tc.want)
			}
		})
	}
	bad := map[string]struct {
		doc, field string
		kind       error
	}{
		"no from":     {"smtp:\n  host: mail.example.org\n", "smtp.from", ErrMissing},
		"no host":     {"smtp:\n  from: h@example.org\n", "smtp.host", ErrMissing},
		"host:port":   {"smtp:\n  host: mail.example.org:25\n  from: h@example.org\n", "smtp.host", ErrInvalid},
		"bad from":    {"smtp:\n  host: m.example.org\n  from: nobody\n", "smtp.from", ErrInvalid},
		"no password": {"smtp:\n  host: m.example.org\n  from: h@example.org\n  user: u\n", "smtp.password", ErrMissing},
		"port range":  {"smtp:\n  host: m.example.org\n  from: h@example.org\n  port: 70000\n", "smtp.port", ErrInvalid},
		"unknown key": {"smtp:\n  host: m.example.org\n  from: h@example.org\n  tls: true\n", "smtp.tls", nil},
	}
	for name, tc := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(tc.doc), "c.yaml")
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a config error", err)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Errorf("error %q does not name %s", err, tc.field)
			}
			if tc.kind != nil && !errors.Is(err, tc.kind) {
				t.Errorf("error %q is not %v", err, tc.kind)
			}
		})
	}
}
