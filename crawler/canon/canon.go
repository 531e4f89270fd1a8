// Package canon gives every article URL one canonical spelling, so the same
// page reached through a tweet, a feed and an AMP link is archived once. The
// article id is a hash of that spelling.
package canon

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrNotHTTP is returned for URLs that are not absolute http(s) URLs with a host.
var ErrNotHTTP = errors.New("canon: not an absolute http(s) URL")

// URL returns the canonical form of raw: lower-case scheme and host, no default port (:80 for http,
// :443 for https), no fragment, tracking parameters removed (utm_*, fbclid, gclid, dclid, msclkid,
// yclid, mc_cid, mc_eid, _ga, igshid, ref_src, spm), remaining query sorted by key then value,
// empty path → "/", percent-encoding normalised (no change in meaning), IDN host left as is.
func URL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canon: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("%w: %q", ErrNotHTTP, raw)
	}
	host, err := canonHost(u)
	if err != nil {
		return "", fmt.Errorf("canon: %q: %w", raw, err)
	}
	var b strings.Builder
	b.Grow(len(raw))
	b.WriteString(u.Scheme)
	b.WriteString("://")
	if u.User != nil {
		b.WriteString(normEscapes(u.User.String(), userSafe))
		b.WriteByte('@')
	}
	b.WriteString(host)
	// RawPath, when set, is the path as written: EscapedPath would re-escape
	// the decoded path and turn a meaningful %2F into a slash.
	rawPath := u.RawPath
	if rawPath == "" {
		rawPath = u.EscapedPath()
	}
	path := normEscapes(rawPath, pathSafe)
	if path == "" {
		path = "/"
	}
	b.WriteString(path)
	if q := canonQuery(u.RawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), nil
}

// canonHost lower-cases the ASCII letters of the host (non-ASCII IDN
// letters are kept: Unicode case rules would change Turkish İ and I) and
// drops the scheme's default port.
func canonHost(u *url.URL) (string, error) {
	name, port := lowerASCII(u.Hostname()), u.Port()
	if name == "" {
		return "", errors.New("no host")
	}
	switch {
	case strings.Contains(name, ":"): // IPv6 literal; a zone's '%' must be escaped
		name = "[" + strings.ReplaceAll(name, "%", "%25") + "]"
	case strings.Contains(name, "%"): // from "%25": no DNS name has one
		return "", fmt.Errorf("bad host %q", name)
	}
	if port == "" || u.Scheme == "http" && port == "80" || u.Scheme == "https" && port == "443" {
		return name, nil
	}
	return name + ":" + port, nil
}

// lowerASCII lower-cases A-Z only.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// ID is the stable article id: first 16 bytes of sha256(canonical URL), hex (32 chars).
func ID(canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return hex.EncodeToString(sum[:16])
}
