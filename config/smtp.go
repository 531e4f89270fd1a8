package config

import (
	"fmt"
	"net/mail"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SMTP is the mail server watches send their e-mail through (yaml smtp).
// Without a host no e-mail is sent.
type SMTP struct {
	Host     string // yaml host
	Port     int    // yaml port: default 587
	StartTLS bool   // yaml starttls: upgrade the connection (default true); needed before a password is sent to a non-local host
	User     string // yaml user: for SMTP AUTH PLAIN, "" for none
	Password string // yaml password
	From     string // yaml from: the sender address
}

var smtpKeys = []string{"host", "port", "starttls", "user", "password", "from"}

// defaultSMTPPort is the submission port.
const defaultSMTPPort = 587

// smtp decodes the smtp section and checks it as a whole: a host needs a
// from address, a user needs a password.
func (d *decoder) smtp(s *SMTP, n *yaml.Node, field string) {
	*s = SMTP{Port: defaultSMTPPort, StartTLS: true}
	d.mapping(n, field, smtpKeys, func(key string, v *yaml.Node, field string) {
		switch key {
		case "host":
			d.str(v, field, &s.Host, nil)
		case "port":
			d.intField(v, field, &s.Port, 1, 65535)
		case "starttls":
			d.boolean(v, field, &s.StartTLS)
		case "user":
			d.str(v, field, &s.User, nil)
		case "password":
			d.str(v, field, &s.Password, nil)
		case "from":
			d.str(v, field, &s.From, checkMailbox)
		}
	})
	switch {
	case s.Host == "":
		if s.From != "" || s.User != "" {
			d.fail(n.Line, field+".host", ErrMissing, "give the SMTP server's host")
		}
	case strings.ContainsAny(s.Host, " /:@"):
		d.fail(n.Line, field+".host", ErrInvalid, "%q is no host name (give the port as port:)", s.Host)
	case s.From == "":
		d.fail(n.Line, field+".from", ErrMissing, "give the sender address")
	case s.User != "" && s.Password == "":
		d.fail(n.Line, field+".password", ErrMissing, "user %q needs a password", s.User)
	}
}

// checkMailbox accepts one e-mail address ("a@b.example" or "Name <a@b.example>").
func checkMailbox(s string) error {
	if _, err := mail.ParseAddress(s); err != nil || strings.ContainsAny(s, "\r\n") {
		return fmt.Errorf("%q is no e-mail address", s)
	}
	return nil
}
