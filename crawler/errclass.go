package crawler

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/crawler/fetch"
)

// Error classes: the first word of a source's last_error ("dns: …") and
// the class label of haberci_crawl_errors_total.
const (
	ClassDNS      = "dns"      // the host name did not resolve
	ClassConnect  = "connect"  // refused, reset, unreachable, or an address we refuse
	ClassTimeout  = "timeout"  // no answer in crawl.timeout
	ClassTLS      = "tls"      // handshake or certificate
	ClassHTTP     = "http"     // an answer we cannot use: a 4xx/5xx, too large, redirect loop…
	ClassRobots   = "robots"   // robots.txt forbids it
	ClassParse    = "parse"    // the feed, sitemap or list page cannot be read
	ClassExtract  = "extract"  // no article in the page
	ClassStorage  = "storage"  // the archive refused the write
	ClassCanceled = "canceled" // we stopped the run (shutdown): not the site's failure
)

// ErrParse is wrapped by the errors of a source document that cannot be
// read as its type says (feed, sitemap, list page).
var ErrParse = errors.New("unreadable document")

// ErrorClass names what kind of failure err is; "" for nil. Network
// failures are told apart by the net and TLS error types the fetch wraps.
func ErrorClass(err error) string {
	var (
		dnsErr  *net.DNSError
		status  *fetch.StatusError
		netErr  net.Error
		opErr   *net.OpError
		certErr *tls.CertificateVerificationError
		hostErr x509.HostnameError
		authErr x509.UnknownAuthorityError
		invErr  x509.CertificateInvalidError
		recErr  tls.RecordHeaderError
		alert   tls.AlertError
	)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, article.ErrStorage):
		return ClassStorage
	case errors.Is(err, context.Canceled):
		return ClassCanceled
	case errors.As(err, &dnsErr):
		return ClassDNS
	case errors.As(err, &certErr), errors.As(err, &hostErr), errors.As(err, &authErr), errors.As(err, &invErr),
		errors.As(err, &recErr), errors.As(err, &alert):
		return ClassTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return ClassTimeout
	case errors.Is(err, fetch.ErrBlockedAddress), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &opErr):
		return ClassConnect
	case errors.Is(err, fetch.ErrDisallowed):
		return ClassRobots
	case errors.Is(err, ErrParse):
		return ClassParse
	case errors.As(err, &status), errors.Is(err, fetch.ErrTooLarge), errors.Is(err, fetch.ErrTooManyRedirects),
		errors.Is(err, fetch.ErrRedirectLoop), errors.Is(err, fetch.ErrUnsupportedScheme), errors.Is(err, fetch.ErrContentEncoding):
		return ClassHTTP
	}
	return ClassHTTP // whatever else a fetch returns is about the exchange
}

// classified is err's text behind its class: "dns: fetch: GET …".
func classified(err error) string {
	return fmt.Sprintf("%s: %s", ErrorClass(err), err)
}

// parseError marks err as a source document that cannot be read; its text
// is err's.
type parseError struct{ error }

func (e parseError) Unwrap() error        { return e.error }
func (e parseError) Is(target error) bool { return target == ErrParse }
