package watch

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"

	"github.com/haberci/haberci/archive"
)

// ErrNoSMTP is the delivery error of an e-mail while no smtp host is
// configured: the rows wait, and go out once one is.
var ErrNoSMTP = errors.New("watch: no smtp server configured")

// smtpTimeout bounds one whole SMTP conversation.
const smtpTimeout = 30 * time.Second

// sendMail sends one message (a digest of views and spikes) to w's
// recipients through the configured server.
func (d *Deliverer) sendMail(ctx context.Context, w *archive.Watch, views []View, spikes []json.RawMessage) error {
	cfg := d.mail
	if cfg.Host == "" {
		return ErrNoSMTP
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return fmt.Errorf("watch: smtp from: %w", err)
	}
	msg := composeMail(from, w, views, spikes, d.now())
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	dl, cancel := context.WithTimeout(ctx, smtpTimeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(dl, "tcp", addr)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	deadline, _ := dl.Deadline()
	_ = conn.SetDeadline(deadline)
	c, err := smtp.NewClient(conn, cfg.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: %w", err)
	}
	defer c.Close()
	if cfg.StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("smtp: the server offers no STARTTLS (set smtp.starttls: false to send in clear)")
		}
		if err := c.StartTLS(&tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("smtp: starttls: %w", err)
		}
	}
	if cfg.User != "" {
		// PlainAuth refuses to send the password unencrypted to a host
		// other than localhost.
		if err := c.Auth(smtp.PlainAuth("", cfg.User, cfg.Password, cfg.Host)); err != nil {
			return fmt.Errorf("smtp: auth: %w", err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	for _, to := range w.EmailTo {
		if err := c.Rcpt(to); err != nil {
			return fmt.Errorf("smtp: rcpt %s: %w", to, err)
		}
	}
	wc, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if _, err := wc.Write(msg); err != nil {
		wc.Close()
		return fmt.Errorf("smtp: %w", err)
	}
	if err := wc.Close(); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	return c.Quit()
}

// composeMail writes the message: a plain-text UTF-8 digest, one block per
// match, quoted-printable.
func composeMail(from *mail.Address, w *archive.Watch, views []View, spikes []json.RawMessage, now time.Time) []byte {
	var body bytes.Buffer
	qp := quotedprintable.NewWriter(&body)
	fmt.Fprintf(qp, "%s\r\n\r\n", w.Name)
	for _, v := range views {
		fmt.Fprintf(qp, "%s\r\n  %s\r\n  %s", v.Title, v.URL, v.Source)
		if v.Relation != "" {
			fmt.Fprintf(qp, " · %s", v.Relation)
			if v.Credited {
				fmt.Fprint(qp, " · credited")
			} else {
				fmt.Fprint(qp, " · UNCREDITED")
			}
			if v.HeadlineChanged {
				fmt.Fprintf(qp, " · headline changed from %q", v.OriginalTitle)
			}
		}
		if v.Copies > 1 {
			fmt.Fprintf(qp, " · %d copies", v.Copies)
		}
		if !v.FirstSeenAt.IsZero() {
			fmt.Fprintf(qp, " · first seen %s", v.FirstSeenAt.UTC().Format(time.RFC3339))
		}
		fmt.Fprint(qp, "\r\n\r\n")
	}
	for _, s := range spikes {
		var sp Spike
		if json.Unmarshal(s, &sp) == nil {
			fmt.Fprintf(qp, "Volume spike on %s: %d articles (daily average of the previous 14 days: %.1f)\r\n\r\n", sp.Date, sp.Count, sp.DailyAvg)
		}
	}
	qp.Close()
	subject := fmt.Sprintf("Haberci: %s (%d new)", w.Name, len(views))
	if len(views) == 0 {
		subject = fmt.Sprintf("Haberci: %s (volume spike)", w.Name)
	}
	var msg bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&msg, "%s: %s\r\n", k, v) }
	header("From", from.String())
	header("To", strings.Join(w.EmailTo, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", subject))
	header("Date", now.UTC().Format(time.RFC1123Z))
	header("Message-ID", fmt.Sprintf("<watch-%s-%d@haberci>", w.ID, now.UnixNano()))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	msg.WriteString("\r\n")
	msg.Write(body.Bytes())
	return msg.Bytes()
}
