package canon

import (
	"net/url"
	"slices"
	"strings"
)

// tracking lists query keys that only tell who sent the reader (utm_* is
// matched by prefix). Keys are compared lower-cased.
var tracking = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "_ga": true, "igshid": true, "ref_src": true, "spm": true,
	// Also common in shared links: Google, Twitter/X, TikTok, HubSpot, Marketo.
	"gbraid": true, "wbraid": true, "_gl": true, "twclid": true, "ref_url": true,
	"ttclid": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true,
}

// isTracking reports a tracking key, given its normalised spelling.
func isTracking(key string) bool {
	if k, err := url.PathUnescape(key); err == nil {
		key = k
	}
	key = strings.ToLower(key)
	return strings.HasPrefix(key, "utm_") || tracking[key]
}

// param is one key[=value] pair of a query.
type param struct {
	key, value string
	eq         bool // "k=" and "k" may mean different things: keep which one it was
}

// canonQuery drops empty and tracking pairs, normalises escapes and sorts
// by key, then value. '+' is kept as written: it may mean a space or a plus.
func canonQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var ps []param
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, eq := strings.Cut(part, "=")
		p := param{key: normEscapes(k, querySafe), value: normEscapes(v, querySafe), eq: eq}
		if isTracking(p.key) {
			continue
		}
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b param) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		if c := strings.Compare(a.value, b.value); c != 0 {
			return c
		}
		return boolCmp(a.eq, b.eq)
	})
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.key)
		if p.eq {
			b.WriteByte('=')
			b.WriteString(p.value)
		}
	}
	return b.String()
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
