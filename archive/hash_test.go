package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// contentHashRef is ContentHash as its doc comment says it, composed of the
// library functions: the one-pass version must agree with it on every input,
// or archived hashes would stop matching new ones.
func contentHashRef(body string) string {
	s := strings.ToLowerSpecial(unicode.TurkishCase, norm.NFC.String(body))
	s = strings.Join(strings.FieldsFunc(s, isSpace), " ")
	if s == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestContentHashMatchesReference(t *testing.T) {
	inputs := map[string]string{
		"seed article":     seedBody(t),
		"html page":        string(fixture(t, "mozilla-2.html")),
		"capitals":         "İSTANBUL'DA IŞIK, Irak ve ÇAĞRI MERKEZİ",
		"decomposed":       "I\u0307stanbul ve Cu\u0308mle",
		"odd spaces":       "\ufeff  a\u00a0b\u200bc\u2003d\u0085e \n\t ",
		"invalid utf-8":    "bozuk \xff\xfe metin \xc3",
		"only space":       " \n\t\ufeff",
		"empty":            "",
		"ascii upper":      "ABC DEF GHI JKL",
		"greek and kelvin": "ΣΊΣΥΦΟΣ \u212a ǅ",
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			if got, want := ContentHash(in), contentHashRef(in); got != want {
				t.Errorf("ContentHash = %s, reference %s", got, want)
			}
		})
	}
}

func FuzzContentHash(f *testing.F) {
	f.Add("İstanbul'da IŞIK ve Irak\n\nhaberi.")
	f.Add("I\u0307\u00a0\ufeff\xff")
	f.Fuzz(func(t *testing.T, in string) {
		if got, want := ContentHash(in), contentHashRef(in); got != want {
			t.Errorf("ContentHash(%q) = %s, reference %s", in, got, want)
		}
	})
}
