package turkish

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// mapRef is mapTerm without its fast paths: the NFC form, every rune
// mapped, a dot above after i dropped, stray bytes kept.
func mapRef(term []byte, f func(rune) rune) []byte {
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
		if r == combiningDot && prev == 'i' {
			continue
		}
		r = f(r)
		out = utf8.AppendRune(out, r)
		prev = r
	}
	return out
}

// mappings are the exported byte mappings with their rune rules.
var mappings = map[string]struct {
	bytes func([]byte) []byte
	rune  func(rune) rune
}{
	"LowerBytes":     {LowerBytes, LowerRune},
	"FoldBytes":      {FoldBytes, FoldRune},
	"DropCircumflex": {DropCircumflex, circumflexRune},
}

func TestMappingsMatchDefinition(t *testing.T) {
	inputs := map[string]string{
		"ascii lower":          "belediye",
		"turkish lower":        "kılıçdaroğlu",
		"capitals":             "İSTANBUL",
		"dotless capital":      "IŞIK",
		"capital after lower":  "kartalBELEDİYESİ",
		"decomposed İ":         "I\u0307stanbul",
		"lower i with dot":     "i\u0307",
		"dot after ş":          "ş\u0307",
		"stray bytes":          "ba\xffş\xc3",
		"circumflex":           "HÂLÂ hâlâ",
		"decomposed â":         "ha\u0302la",
		"greek":                "ΣΊΣΥΦΟΣ",
		"punctuation":          "“Hâlâ” – İZMİR’DE…",
		"punctuation, e+acute": "“Hâlâ” – e\u0301",
	}
	for mname, m := range mappings {
		for name, in := range inputs {
			t.Run(mname+"/"+name, func(t *testing.T) {
				if got, want := m.bytes([]byte(in)), mapRef([]byte(in), m.rune); !bytes.Equal(got, want) {
					t.Errorf("%s(%q) = %q, want %q", mname, in, got, want)
				}
			})
		}
	}
}

// TestMappingsKeepUnchangedTerm: a term that does not change is returned
// as it is, so the index's filters allocate nothing for most words.
func TestMappingsKeepUnchangedTerm(t *testing.T) {
	for mname, m := range mappings {
		in := []byte("kılıçdaroğlu")
		if mname == "FoldBytes" {
			in = []byte("kilicdaroglu")
		}
		if got := m.bytes(in); &got[0] != &in[0] {
			t.Errorf("%s(%q) allocated a copy", mname, in)
		}
	}
}

func FuzzMappings(f *testing.F) {
	f.Add("kartalBELEDİYESİ I\u0307 ş\u0307 \xff hâlâ")
	f.Fuzz(func(t *testing.T, in string) {
		for mname, m := range mappings {
			if got, want := m.bytes([]byte(in)), mapRef([]byte(in), m.rune); !bytes.Equal(got, want) {
				t.Errorf("%s(%q) = %q, want %q", mname, in, got, want)
			}
		}
		if got, want := Fold(in), string(mapRef([]byte(in), FoldRune)); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	})
}

// TestQuickNFC checks every rune quickNFC accepts without the norm
// package: NFC alone, not a combining mark, never composing with what
// precedes it; and text of such runes with one outside them is checked.
func TestQuickNFC(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if !nfcStable(r) {
			continue
		}
		s := string(r)
		p := norm.NFC.PropertiesString(s)
		if !norm.NFC.IsNormalString(s) || p.CCC() != 0 || !p.BoundaryBefore() {
			t.Errorf("U+%04X: normal %v, combining class %d, boundary before %v", r, norm.NFC.IsNormalString(s), p.CCC(), p.BoundaryBefore())
		}
	}
	texts := map[string]bool{
		"Kılıçdaroğlu “hâlâ” dedi – İzmir’de…": true,
		"e\u0301":         false, // a combining mark
		"Ångström \u212b": false, // the Ångström sign, NFC Å
		"ba\xffş":         false, // a stray byte
	}
	for in, want := range texts {
		if got := quickNFC([]byte(in)); got != want {
			t.Errorf("quickNFC(%q) = %v, want %v", in, got, want)
		}
	}
}
