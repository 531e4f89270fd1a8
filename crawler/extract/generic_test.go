package extract

import (
	"strings"
	"testing"
)

// TestGenericLayouts checks page layouts the generic extractor must read
// without selectors: what the body must hold and what it must not.
func TestGenericLayouts(t *testing.T) {
	para := func(s string) string {
		return s + " Belediye ekipleri, mahalle sakinlerinin taleplerini dinledi, sorunları yerinde inceledi ve çözüm için takvim açıkladı."
	}
	archive := strings.Repeat(`<li><a href="/arsiv">Haziran 2020 (24)</a></li>`, 30)
	deep := func(s string, n int) string { // n paragraphs six boxes below their section
		return `<div class="parca"><div><div><div><div><div>` + strings.Repeat(`<p>`+para(s)+`</p>`, n) + `</div></div></div></div></div></div>`
	}
	tests := map[string]struct {
		page      string
		want, not []string
	}{
		"text written straight into a column beside an archive menu": {
			`<div class="row"><div class="col-3"><ul>` + archive + `</ul></div><div class="col-9"><p class="baslik">Başlık</p>` +
				para("İlk bölüm.") + `<br><br>` + para("İkinci bölüm.") + `<br><br></div></div>` +
				`<div class="alt"><div>Kartal Belediyesi - Cevizli Mah. Zuhal Cad. No: 1 - Kartal / İstanbul - Tel: 444 0 578</div></div>`,
			[]string{"İlk bölüm.", "İkinci bölüm."}, []string{"Cevizli Mah", "Haziran 2020"}},
		"article split over boxes of one class, deeper than the votes reach": {
			`<div class="govde">` + deep("Birinci kısım.", 1) + `<figure><img src="a.jpg"></figure>` + deep("İkinci kısım.", 4) +
				deep("Üçüncü kısım.", 2) + `</div><div class="yan"><ul>` + archive + `</ul></div>`,
			[]string{"Birinci kısım.", "İkinci kısım.", "Üçüncü kısım."}, []string{"Haziran 2020"}},
		"date line in its own box stays out": {
			`<article><div class="haber-tarih">Yayınlanma: 24.06.2020 - 14:35 | Güncelleme: 24.06.2020 16:10</div><div class="haber-metni"><p>` +
				para("Birinci.") + `</p><p>` + para("İkinci.") + `</p></div></article>`,
			[]string{"Birinci.", "İkinci."}, []string{"Yayınlanma"}},
		"video player controls are not text": {
			`<article><p>` + para("Birinci.") + `</p><div class="player"><div role="button">Play Video</div><div role="slider">Current Time 0:00</div></div><p>` +
				para("İkinci.") + `</p></article>`,
			[]string{"Birinci.", "İkinci."}, []string{"Play Video", "Current Time"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r, err := Page([]byte("<html><body>"+tc.page+"</body></html>"), "https://www.kartal.bel.tr/haber/1", nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(r.Body, n) {
					t.Errorf("body holds %q", n)
				}
			}
			if t.Failed() {
				t.Logf("body:\n%s", r.Body)
			}
		})
	}
}
