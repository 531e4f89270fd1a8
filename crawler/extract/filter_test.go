package extract

import (
	"slices"
	"strings"
	"testing"
)

func TestFilterParas(t *testing.T) {
	prose := "Kartal Belediyesi, ilçede yürütülen çalışmaları anlatan bir toplantı düzenledi ve mahalle sakinlerinin taleplerini dinledi."
	long := strings.Repeat(prose+" ", 3) + "Tüm hakları saklıdır." // a rights phrase inside prose past the footer bound
	tests := map[string]struct {
		in   []para
		want []string
	}{
		"copyright lines": {
			[]para{{text: prose}, {text: "© 2020 Kartal Belediyesi"}, {text: "Copyright 2020 İHA"}, {text: "Tüm Hakları Saklıdır."},
				{text: "İzinsiz kullanılamaz, kaynak gösterilmeden alıntı yapılamaz."}},
			[]string{prose}},
		"a word that starts with copyright is no footer": {
			[]para{{text: "Copyrighted works stay with their owners."}, {text: "Copyright_x"}},
			[]string{"Copyrighted works stay with their owners.", "Copyright_x"}},
		"long prose with a rights phrase stays": {
			[]para{{text: long}}, []string{long}},
		"related box and its headlines": {
			[]para{{text: prose}, {text: "İlgili Haberler"}, {text: "Meclis toplantısı ertelendi"}, {text: prose + " Son."}},
			[]string{prose, prose + " Son."}},
		"buttons, title and repeats": {
			[]para{{text: "Başlık Burada"}, {text: "Paylaş:"}, {text: prose}, {text: "Etiket"}, {text: "Etiket"}},
			[]string{prose, "Etiket"}},
		"link line": {
			[]para{{text: prose}, {text: "Gündem Ekonomi Spor", linkChars: 19}},
			[]string{prose}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := filterParas(tc.in, "BAŞLIK burada"); !slices.Equal(got, tc.want) {
				t.Fatalf("filterParas =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}
