package index

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/haberci/haberci/turkish"
)

// turkishLowerRef is turkishLower without its fast paths: every rune
// lower-cased, a dot above after i dropped, stray bytes kept.
func turkishLowerRef(term []byte) []byte {
	term = norm.NFC.Bytes(term)
	var out []byte
	prev := rune(0)
	for i := 0; i < len(term); {
		r, size := utf8.DecodeRune(term[i:])
		if r == utf8.RuneError && size == 1 {
			out = append(out, term[i])
			i++
			prev = r
			continue
		}
		i += size
		if r == '\u0307' && prev == 'i' {
			continue
		}
		r = turkish.LowerRune(r)
		out = utf8.AppendRune(out, r)
		prev = r
	}
	return out
}

func TestTurkishLower(t *testing.T) {
	tests := map[string]string{
		"ascii lower":         "belediye",
		"turkish lower":       "kılıçdaroğlu",
		"capitals":            "İSTANBUL",
		"dotless capital":     "IŞIK",
		"capital after lower": "kartalBELEDİYESİ",
		"decomposed İ":        "I\u0307stanbul",
		"lower i with dot":    "i\u0307",
		"dot after ş":         "ş\u0307",
		"stray bytes":         "ba\xffş\xc3",
		"circumflex":          "HÂLÂ hâlâ",
		"greek":               "ΣΊΣΥΦΟΣ",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if got, want := turkishLower([]byte(in)), turkishLowerRef([]byte(in)); !bytes.Equal(got, want) {
				t.Errorf("turkishLower(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func FuzzTurkishLower(f *testing.F) {
	f.Add("kartalBELEDİYESİ I\u0307 ş\u0307 \xff")
	f.Fuzz(func(t *testing.T, in string) {
		if got, want := turkishLower([]byte(in)), turkishLowerRef([]byte(in)); !bytes.Equal(got, want) {
			t.Errorf("turkishLower(%q) = %q, want %q", in, got, want)
		}
	})
}
