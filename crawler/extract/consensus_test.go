package extract

import (
	"slices"
	"strings"
	"testing"
)

func TestConsensus(t *testing.T) {
	prose := func(s string) string { // a paragraph long enough to stand alone
		return s + strings.Repeat(" Belediye ekipleri mahalle sakinlerinin taleplerini dinledi.", 3)
	}
	a, b, c := prose("Birinci."), prose("İkinci."), prose("Üçüncü.")
	tests := map[string]struct {
		ours, theirs, want []string
	}{
		"only ours":   {[]string{a}, nil, []string{a}},
		"only theirs": {nil, []string{a}, []string{a}},
		"agree: short line only theirs has is dropped": {
			[]string{a, b}, []string{"Güncelleme: 24.06.2020", a, b}, []string{a, b}},
		"agree: prose only theirs has is kept, in their order": {
			[]string{b, c}, []string{a, b, c}, []string{a, b, c}},
		"agree: what only ours has is dropped": {
			[]string{a, "Etiketler: belediye", b}, []string{a, b}, []string{a, b}},
		"agree: a line of ours split at <br> counts as shared": {
			[]string{a + "\nKaynak: İHA"}, []string{a, "Kaynak: İHA"}, []string{a, "Kaynak: İHA"}},
		"disagree: theirs wins whole": {
			[]string{prose("Başka bir haber."), prose("Yine başka.")}, []string{"Kısa satır", a}, []string{"Kısa satır", a}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := consensus(tc.ours, tc.theirs); !slices.Equal(got, tc.want) {
				t.Fatalf("consensus =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}
