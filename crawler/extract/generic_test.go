package extract

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func sentence(s string) string {
	return s + " Belediye ekipleri, mahalle sakinlerinin taleplerini dinledi, sorunları yerinde inceledi ve çözüm için takvim açıkladı."
}

// TestGenericLayouts checks page layouts the generic extractor must read
// without selectors: what the body must hold and what it must not.
func TestGenericLayouts(t *testing.T) {
	archive := strings.Repeat(`<li><a href="/arsiv">Haziran 2020 (24)</a></li>`, 30)
	tests := map[string]struct {
		page      string
		want, not []string
	}{
		"text written straight into a column beside an archive menu": {
			`<div class="row"><div class="col-3"><ul>` + archive + `</ul></div><div class="col-9"><p class="baslik">Başlık</p>` +
				sentence("İlk bölüm.") + `<br><br>` + sentence("İkinci bölüm.") + `<br><br></div></div>` +
				`<div class="alt"><div>Kartal Belediyesi - Cevizli Mah. Zuhal Cad. No: 1 - Kartal / İstanbul - Tel: 444 0 578</div></div>`,
			[]string{"İlk bölüm.", "İkinci bölüm."}, []string{"Cevizli Mah", "Haziran 2020"}},
		"date line in its own box stays out": {
			`<article><div class="haber-tarih">Yayınlanma: 24.06.2020 - 14:35 | Güncelleme: 24.06.2020 16:10</div><div class="haber-metni"><p>` +
				sentence("Birinci.") + `</p><p>` + sentence("İkinci.") + `</p></div></article>`,
			[]string{"Birinci.", "İkinci."}, []string{"Yayınlanma"}},
		"video player controls are not text": {
			`<article><p>` + sentence("Birinci.") + `</p><div class="player"><div role="button">Play Video</div><div role="slider">Current Time 0:00</div></div><p>` +
				sentence("İkinci.") + `</p></article>`,
			[]string{"Birinci.", "İkinci."}, []string{"Play Video", "Current Time"}},
		"section id made from a heading is not a share box": {
			`<article><p>` + sentence("Birinci.") + `</p><p>` + sentence("İkinci.") + `</p><p>` + sentence("Üçüncü.") + `</p>` +
				`<div class="section" id="getting-into-trouble-with-shared-mutable-history"><h2>Paylaşılan geçmiş</h2><p>` +
				sentence("Dördüncü.") + `</p></div><div class="share-buttons"><a href="/x">Facebook</a></div></article>`,
			[]string{"Birinci.", "Dördüncü."}, []string{"Facebook"}},
		"a box that says it has no caption is not a caption": {
			`<article><p>` + sentence("Birinci.") + `</p><p>` + sentence("İkinci.") + `</p><p>` + sentence("Üçüncü.") + `</p>` +
				`<div class="list-item no_caption"><p>` + sentence("Dördüncü.") + `</p></div></article>`,
			[]string{"Birinci.", "Dördüncü."}, nil},
		"MathJax formula is text": {
			`<article><p>` + sentence("Birinci.") + `</p><p>Denklem <mjx-container class="MathJax ctxtmenu_attached_0">E = mc²</mjx-container> ile ` +
				sentence("verilir.") + `</p><p>` + sentence("Üçüncü.") + `</p></article>`,
			[]string{"E = mc²", "Üçüncü."}, nil},
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

// TestScorerDeepBoxes checks that our scorer reads an article split over
// boxes of one class, deeper than the paragraphs' votes reach. The page's
// body holds only the middle box: go-readability takes that one, and the
// consensus follows it when our extra text is all our own (on the public
// test sets such text was chrome far more often than article).
func TestScorerDeepBoxes(t *testing.T) {
	archive := strings.Repeat(`<li><a href="/arsiv">Haziran 2020 (24)</a></li>`, 30)
	deep := func(s string, n int) string { // n paragraphs six boxes below their section
		return `<div class="parca"><div><div><div><div><div>` + strings.Repeat(`<p>`+sentence(s)+`</p>`, n) + `</div></div></div></div></div></div>`
	}
	src := `<html><body><div class="govde">` + deep("Birinci kısım.", 1) + `<figure><img src="a.jpg"></figure>` +
		deep("İkinci kısım.", 4) + deep("Üçüncü kısım.", 2) + `</div><div class="yan"><ul>` + archive + `</ul></div></body></html>`
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	paras, _, _ := (&page{doc: doc, sel: &Selectors{}}).generic("")
	got := strings.Join(paras, "\n\n")
	for _, w := range []string{"Birinci kısım.", "İkinci kısım.", "Üçüncü kısım."} {
		if !strings.Contains(got, w) {
			t.Errorf("scorer lacks %q", w)
		}
	}
	if strings.Contains(got, "Haziran 2020") {
		t.Error("scorer took the archive menu")
	}
	r, err := Page([]byte(src), "https://www.kartal.bel.tr/haber/1", nil)
	if err != nil || !strings.Contains(r.Body, "İkinci kısım.") || strings.Contains(r.Body, "Haziran 2020") {
		t.Fatalf("Page: %v, body %q", err, r.Body)
	}
}
