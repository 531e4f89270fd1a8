package extract

import (
	"strings"
	"testing"
)

// TestTextFastPaths checks cleanSpace and textStats, which skip work
// on clean or ASCII text, against their rune-by-rune definitions.
func TestTextFastPaths(t *testing.T) {
	tests := map[string]string{
		"empty":                 "",
		"clean":                 "Kartal Belediyesi toplantı düzenledi.",
		"ends":                  "  Kartal \t",
		"runs":                  "Kartal  \n\n Belediyesi\u00a0\u00a0de",
		"space then newline":    "Kartal \nBelediyesi",
		"space then no-break":   "Kartal \u00a0Belediyesi",
		"invisible":             "Kar\u00adtal \u200bBelediye\ufeffsi\u200b",
		"only space":            " \n\t\u202f ",
		"invalid UTF-8":         "Kartal \xff\xfe Beledi\xc3",
		"Turkish capitals":      "İSTANBUL IĞDIR Şişli ÇÖĞÜŞ hâlâ Î Û",
		"commas":                "bir, iki، üç，dört ,",
		"ASCII capitals at end": "haber giris TARIHI",
		"page text":             readFile(t, "kartal-belediyesi-2020-06-iha.txt"),
		"page html":             readFile(t, "ttc-ekonomi-10.html"),
	}
	for name, s := range tests {
		t.Run(name, func(t *testing.T) {
			want := cleanSpaceRunes(s)
			if got := cleanSpace(s); got != want {
				t.Errorf("cleanSpace(%q) = %q, want %q", s, got, want)
			}
			if chars, commas := textStats(s); chars != runeLen(want) || commas != countCommas(want) {
				t.Errorf("textStats(%q) = %d, %d, want %d, %d", s, chars, commas, runeLen(want), countCommas(want))
			}
		})
	}
}

// cleanSpaceRunes is cleanSpace's definition, one rune at a time.
func cleanSpaceRunes(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case isSpace(r):
			space = b.Len() > 0
		case invisible(r):
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// FuzzTextFastPaths holds the fast paths to their definitions on any input.
func FuzzTextFastPaths(f *testing.F) {
	f.Add("Kartal  \n Belediyesi\u00a0İHA \xff")
	f.Fuzz(func(t *testing.T, s string) {
		want := cleanSpaceRunes(s)
		if got := cleanSpace(s); got != want {
			t.Fatalf("cleanSpace(%q) = %q, want %q", s, got, want)
		}
		if chars, commas := textStats(s); chars != runeLen(want) || commas != countCommas(want) {
			t.Fatalf("textStats(%q) = %d, %d, want %d, %d", s, chars, commas, runeLen(want), countCommas(want))
		}
	})
}

// TestFoldDecomposedI: a credit typed with a decomposed İ (I + combining
// dot above, as some editors and copy-paste from PDFs produce) folds like
// the composed letter, so the agency is still recognised. Extraction's
// fold once kept the dot ("i̇ha"), unlike search's; both now share
// turkish.Fold.
func TestFoldDecomposedI(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"composed":          {"Kaynak: İHA", "kaynak: iha"},
		"decomposed":        {"Kaynak: I\u0307HA", "kaynak: iha"},
		"lower with dot":    {"i\u0307ha", "iha"},
		"date words":        {"Yayınlanma: 12 Şubat", "yayinlanma: 12 subat"},
		"dot kept after ş":  {"ş\u0307", "s\u0307"},
		"ascii stays as is": {"kaynak", "kaynak"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := fold(tc.in); got != tc.want {
				t.Errorf("fold(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
