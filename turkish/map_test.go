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
		"decomposed â":        "ha\u0302la",
		"greek":               "ΣΊΣΥΦΟΣ",
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
