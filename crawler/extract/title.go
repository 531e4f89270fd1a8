package extract

import (
	"strings"
)

// titleSeparators split a page title from the site name appended to it.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " » ", " · "}

// stripSiteSuffix removes a trailing " | Site", " - Site" or " – Site" from
// title: always when the tail names the site (its og:site_name or host),
// otherwise only when the tail is short and the rest still reads as a
// headline, so "Erdoğan - Biden görüşmesi" keeps both halves.
func stripSiteSuffix(title, siteName, host string) string {
	title = cleanSpace(title)
	for {
		cut := ""
		for _, sep := range titleSeparators {
			if i := strings.LastIndex(title, sep); i > 0 && (cut == "" || i > len(title)-len(cut)) {
				cut = title[i:]
			}
		}
		if cut == "" {
			return title
		}
		head := title[:len(title)-len(cut)]
		tail := strings.TrimSpace(strings.TrimLeft(cut, " |-–—:»·"))
		if !namesSite(tail, siteName, host) && !genericTail(tail) && !(words(tail) <= 4 && words(head) >= 4 && len(tail) < len(head)) {
			return title
		}
		title = strings.TrimSpace(head)
	}
}

// namesSite reports whether s is the site's name or host ("Hürriyet",
// "hurriyet.com.tr", "www.hurriyet.com.tr").
func namesSite(s, siteName, host string) bool {
	fs := strings.ReplaceAll(fold(s), " ", "")
	if fs == "" {
		return false
	}
	if siteName != "" && fs == strings.ReplaceAll(fold(siteName), " ", "") {
		return true
	}
	h := strings.TrimPrefix(strings.ToLower(host), "www.")
	if h == "" {
		return false
	}
	return fs == h || fs == strings.Split(h, ".")[0] || strings.HasPrefix(h, fs+".")
}

func words(s string) int { return len(strings.Fields(s)) }

// isPrefixCut reports whether desc is only the start of body cut short
// (often with "..."), which makes it no lead of its own.
func isPrefixCut(desc, body string) bool {
	d := strings.TrimRight(cleanSpace(desc), ".… ")
	if d == "" {
		return true
	}
	b := cleanSpace(body)
	return strings.HasPrefix(fold(b), fold(d))
}

// splitAuthors splits "Ayşe Yılmaz, Mehmet Kaya" or "A; B" and drops
// duplicates, URLs and empty names.
func splitAuthors(values ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range values {
		for _, a := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
			a = cleanSpace(a)
			if a == "" || isURL(a) || len(a) > 80 || seen[fold(a)] {
				continue
			}
			seen[fold(a)] = true
			out = append(out, nfc(a))
		}
	}
	return out
}

// genericWords end a title suffix that names a section, not the story:
// "- Haber", "| Son Dakika", "- Gündem Haberleri" (folded).
var genericWords = map[string]bool{"haber": true, "haberi": true, "haberler": true, "haberleri": true,
	"dakika": true, "gundem": true, "news": true}

// genericTail reports whether a title's tail is such a section label.
func genericTail(tail string) bool {
	w := strings.Fields(fold(tail))
	return len(w) > 0 && len(w) <= 3 && genericWords[w[len(w)-1]]
}
