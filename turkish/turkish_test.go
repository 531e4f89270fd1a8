package turkish

import (
	"testing"
	"unicode"
)

func TestLower(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"dotted capital":      {"İSTANBUL", "istanbul"},
		"dotless capital":     {"ISPARTA IŞIK", "ısparta ışık"},
		"decomposed İ":        {"I\u0307stanbul", "istanbul"},
		"apostrophe suffix":   {"Kılıçdaroğlu'nun", "kılıçdaroğlu'nun"},
		"ascii lower as is":   {"haber 2020", "haber 2020"},
		"circumflex kept":     {"HÂLÂ", "hâlâ"},
		"mixed script intact": {"ÇĞÖŞÜ", "çğöşü"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Lower(tc.in); got != tc.want {
				t.Errorf("Lower(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"turkish letters": {"Kılıçdaroğlu ŞÖLEN Üsküdar", "kilicdaroglu solen uskudar"},
		"dotted capital":  {"İHA", "iha"},
		"dotless capital": {"IĞDIR", "igdir"},
		"circumflex":      {"hâlâ kâr îman ûmran", "hala kar iman umran"},
		"decomposed İ":    {"I\u0307zmir", "izmir"},
		"punctuation":     {"Kaynak: İHA", "kaynak: iha"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Fold(tc.in); got != tc.want {
				t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestLowerRuneIsTurkishCase: the fast paths of LowerRune agree with the
// Unicode Turkish case mapping on every rune.
func TestLowerRuneIsTurkishCase(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := LowerRune(r), unicode.TurkishCase.ToLower(r); got != want {
			t.Fatalf("LowerRune(%U) = %U, want %U", r, got, want)
		}
	}
}
