// Package agency is Haberci's one table of news agencies: how each is
// written (full names, abbreviations) and the credit lines that name one.
// The extractor asks it which agency a page credits (Find); near-duplicate
// detection asks it which lines only credit a source (CreditLine), so that
// outlets rewording "Kaynak: İHA" do not look like different texts.
package agency

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/haberci/haberci/turkish"
)

// form is one way an agency is written. Abbreviations are matched
// case-sensitively ("AA", never "aa"); full names are matched on folded
// text, so "ANADOLU AJANSI" and "Anadolu Ajansı" both count.
type form struct {
	text   string
	name   string // canonical short name
	folded bool   // match on fold(text) instead of the raw text
	strict bool   // only in a credit context: "(AP)", "Kaynak: AP"
}

var forms = []form{
	{"anadolu ajansi", "AA", true, false},
	{"anadolu agency", "AA", true, false},
	{"ihlas haber ajansi", "İHA", true, false},
	{"demiroren haber ajansi", "DHA", true, false},
	{"dogan haber ajansi", "DHA", true, false},
	{"anka haber ajansi", "ANKA", true, false},
	{"ulke haber ajansi", "ÜNA", true, false},
	{"associated press", "AP", true, false},
	{"agence france-presse", "AFP", true, false},
	{"sputnik", "Sputnik", true, false},
	{"reuters", "Reuters", true, false},
	{"xinhua", "Xinhua", true, false},
	{"İHA", "İHA", false, false},
	{"IHA", "İHA", false, false},
	{"DHA", "DHA", false, false},
	{"ANKA", "ANKA", false, false},
	{"AFP", "AFP", false, false},
	{"BHA", "BHA", false, false},
	{"ÜNA", "ÜNA", false, false},
	{"AA", "AA", false, false},
	// "AP" is also Avrupa Parlamentosu in Turkish news: trust it only as a credit.
	{"AP", "AP", false, true},
}

// Find recognises the originating news agency in a credit line or byline
// ("Kaynak: İHA", "(AA)", "Anadolu Ajansı", "DHA'nın haberine göre") and
// returns its canonical short name: "AA", "İHA", "DHA", "ANKA", "Sputnik",
// "Reuters", "AFP", "AP", "Xinhua", "BHA", "ÜNA". It returns "" when none is
// found. A credit form ("Kaynak: X", "(X)", a line that is only X) wins over
// a mention; otherwise the first mention in the text wins.
func Find(text string) string {
	folded := turkish.Fold(text)
	bestAt, best, bestCredit := -1, "", false
	for _, f := range forms {
		hay, needle := text, f.text
		if f.folded {
			hay = folded
		}
		for from := 0; from < len(hay); {
			i := strings.Index(hay[from:], needle)
			if i < 0 {
				break
			}
			at := from + i
			from = at + len(needle)
			if !wordBounded(hay, at, at+len(needle)) {
				continue
			}
			credit := isCredit(hay, at, at+len(needle))
			if f.strict && !credit {
				continue
			}
			pos := utf8.RuneCountInString(hay[:at]) // folded and raw text agree in runes, not bytes
			if best == "" || (credit && !bestCredit) || (credit == bestCredit && pos < bestAt) {
				bestAt, best, bestCredit = pos, f.name, credit
			}
		}
	}
	return best
}

// wordBounded reports whether hay[i:j] stands as a word: no letter or digit
// touches it, except a Turkish suffix after an apostrophe ("İHA'nın").
func wordBounded(hay string, i, j int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(hay[:i])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if j < len(hay) {
		r, _ := utf8.DecodeRuneInString(hay[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// creditLabels start a credit line and precede an agency name in one
// (folded forms): "Kaynak: İHA", "Muhabir: …".
var creditLabels = map[string]bool{"kaynak": true, "kaynagi": true, "source": true, "foto": true, "fotograf": true,
	"haber": true, "credit": true, "photo": true, "ajans": true, "muhabir": true, "editor": true}

// isCredit reports whether the match at hay[i:j] is written as a credit:
// in parentheses, after a label and colon, or alone on its line.
func isCredit(hay string, i, j int) bool {
	before := strings.TrimRight(hay[:i], " \t")
	after := strings.TrimLeft(hay[j:], " \t")
	if strings.HasSuffix(before, "(") && strings.HasPrefix(after, ")") {
		return true
	}
	if strings.HasSuffix(before, ":") || strings.HasSuffix(before, "/") {
		if creditLabels[turkish.Fold(lastWord(strings.TrimRight(before, ":/ \t")))] {
			return true
		}
		if strings.HasSuffix(before, "/") {
			return true // "Ankara / AA", "Reuters/AP" photo credits
		}
	}
	lineStart := before == "" || strings.HasSuffix(before, "\n")
	lineEnd := after == "" || after[0] == '\n'
	return lineStart && lineEnd
}

func lastWord(s string) string {
	if k := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); k >= 0 {
		_, size := utf8.DecodeRuneInString(s[k:])
		return s[k+size:]
	}
	return s
}

// creditOnly are words of credit lines that name no agency by themselves
// ("Haber Merkezi", the newsroom).
var creditOnly = []string{"haber", "merkezi"}

// nameWords are the folded words agency names are made of, from the table.
var nameWords = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range forms {
		for _, w := range strings.FieldsFunc(turkish.Fold(f.text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			m[w] = true
		}
	}
	for _, w := range creditOnly {
		m[w] = true
	}
	return m
}()

// CreditLine reports whether a line, given as its folded words, only
// credits its source: a short line that starts with a credit label
// ("kaynak iha") or consists of agency names ("anadolu ajansi", "dha").
func CreditLine(words []string) bool {
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	if creditLabels[words[0]] && len(words) <= 4 {
		return true
	}
	for _, w := range words {
		if !nameWords[w] {
			return false
		}
	}
	return true
}
