package extract

import (
	"strings"
	"unicode"
)

// langCode reduces "tr-TR", "tr_TR" or "TR" to "tr"; "" when the value
// does not look like a language tag.
func langCode(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if i := strings.IndexAny(v, "-_"); i >= 0 {
		v = v[:i]
	}
	if len(v) < 2 || len(v) > 3 {
		return ""
	}
	for _, r := range v {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	return v
}

var (
	trStop = set("ve", "bir", "bu", "da", "de", "ile", "için", "olarak", "olan", "çok", "daha", "gibi", "ancak", "ama", "sonra", "kadar", "ise", "mi", "değil", "tarafından")
	enStop = set("the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "as", "by", "it", "are", "this", "from", "be", "at", "have")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// guessLanguage tells Turkish from English by stop words and the letters
// only Turkish uses (ğ, ş, ı, İ). It returns "" when the text says too
// little: a wrong guess is worse than none.
func guessLanguage(text string) string {
	text = truncateRunes(text, 20000)
	var tr, en, words int
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		words++
		lw := strings.ToLower(w)
		if trStop[lw] {
			tr++
		}
		if enStop[lw] {
			en++
		}
		if strings.ContainsAny(w, "ğşıİĞŞ") {
			tr++
		}
	}
	if words < 8 {
		return ""
	}
	switch {
	case tr*10 >= words && tr > en:
		return "tr"
	case en*10 >= words && en > tr:
		return "en"
	}
	return ""
}
