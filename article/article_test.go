package article

import (
	"slices"
	"testing"
)

func TestParagraphs(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		want []string
	}{
		"two":            {"Birinci paragraf.\n\nİkinci paragraf.", []string{"Birinci paragraf.", "İkinci paragraf."}},
		"blank and trim": {"\n\n  Kaynak: İHA  \n\n\n\n", []string{"Kaynak: İHA"}},
		"empty":          {"", nil},
		"one line break": {"satır bir\nsatır iki", []string{"satır bir\nsatır iki"}},
	} {
		t.Run(name, func(t *testing.T) {
			if got := Paragraphs(tc.body); !slices.Equal(got, tc.want) {
				t.Errorf("Paragraphs(%q) = %q, want %q", tc.body, got, tc.want)
			}
		})
	}
}
