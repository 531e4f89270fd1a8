package config

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/haberci/haberci/turkish"
)

// maxSlugBytes bounds ids made by Slug: they appear in URLs, file names and
// query syntax, where a whole headline would be a nuisance.
const maxSlugBytes = 48

// Slug makes a source id from a title: Turkish letters folded to ASCII
// ("İzmir Büyükşehir" → "izmir-buyuksehir"), other accents dropped, every
// other run of characters one "-", at most 48 bytes cut at a word break.
// It returns "" when no letter or digit is left.
func Slug(title string) string {
	// Fold first: NFD would split İ into I and a dot and lose the Turkish rule.
	s := norm.NFD.String(turkish.Fold(title))
	var b strings.Builder
	gap := false
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			if gap && b.Len() > 0 {
				b.WriteByte('-')
			}
			gap = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			// An accent split off by NFD (é → e + ◌́): dropped, no break.
		default:
			gap = true
		}
	}
	out := b.String()
	if len(out) > maxSlugBytes {
		out = out[:maxSlugBytes]
		if i := strings.LastIndexByte(out, '-'); i >= maxSlugBytes/2 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}

// IDBase is the id a source without one starts from: the Slug of its
// name, else of its URL's host, else "kaynak" (Turkish for source).
func IDBase(name, rawURL string) string {
	if base := Slug(name); base != "" {
		return base
	}
	if u, err := url.Parse(rawURL); err == nil {
		if base := Slug(u.Hostname()); base != "" {
			return base
		}
	}
	return "kaynak"
}

// UniqueID returns base, or base-2, base-3… whichever is first not in taken.
func UniqueID(base string, taken map[string]bool) string {
	id := base
	for n := 2; taken[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}
