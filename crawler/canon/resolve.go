package canon

import (
	"fmt"
	"net/url"
	"strings"
)

// Resolve picks the canonical URL of a page fetched at pageURL given its <link rel=canonical> and
// og:url values (either may be ""): a candidate wins only if it is an absolute or relative http(s) URL
// on the same registrable host as pageURL (same host, or one is "www." + the other); otherwise pageURL.
// Result is passed through URL().
//
// <link rel=canonical> is tried before og:url: it is the one search engines
// honour, while og:url is more often left pointing at a home page. The host
// rule keeps a syndicating site from claiming a page of another site.
func Resolve(pageURL, linkCanonical, ogURL string) (string, error) {
	page, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil {
		return "", fmt.Errorf("canon: page URL: %w", err)
	}
	if page.Scheme != "http" && page.Scheme != "https" || page.Hostname() == "" {
		return "", fmt.Errorf("%w: page URL %q", ErrNotHTTP, pageURL)
	}
	for _, cand := range [...]string{linkCanonical, ogURL} {
		if c, ok := candidate(page, cand); ok {
			return c, nil
		}
	}
	return URL(pageURL)
}

// candidate resolves one claimed canonical URL against the page and
// returns its canonical form if it passes the rules.
func candidate(page *url.URL, raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", false
	}
	ref, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	abs := page.ResolveReference(ref)
	if abs.Scheme != "http" && abs.Scheme != "https" || !sameSite(page.Hostname(), abs.Hostname()) {
		return "", false
	}
	c, err := URL(abs.String())
	if err != nil {
		return "", false
	}
	return c, true
}

// sameSite reports whether hosts a and b are the same, ignoring case and a
// leading "www." on one of them.
func sameSite(a, b string) bool {
	a, b = lowerASCII(a), lowerASCII(b)
	if a == "" || b == "" {
		return false
	}
	return a == b || "www."+a == b || a == "www."+b
}
