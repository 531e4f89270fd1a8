package extract

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestSureReading runs our reading on real pages and tells which go
// without the second opinion: the plain news page does; pages with a line
// that is no sentence, with prose left outside the box, or with a sibling
// joined to the box get go-readability's reading too.
func TestSureReading(t *testing.T) {
	ttc := readFile(t, "ttc-ekonomi-10.html")
	tests := map[string]struct {
		src  string
		sure bool
	}{
		"plain news page": {ttc, true},
		"a byline in the box": {strings.Replace(ttc, `<div class="news-content">`,
			`<div class="news-content"><p>Ayşe Yılmaz / İstanbul</p>`, 1), false},
		"a label line over a paragraph, by <br>": {strings.Replace(ttc, `<div class="news-content">
<p>`, `<div class="news-content">
<p>İstanbul (İHA)<br>`, 1), false},
		"a paragraph joined from outside the box": {strings.Replace(ttc, `</div></article>`,
			`</div><p>Fuarın ayrıntıları, organizasyon komitesinin yarın yapacağı açıklamayla duyurulacak.</p></article>`, 1), false},
		"a related-story headline in the box (kartal-iha)":    {readFile(t, "kartal-iha.html"), false},
		"a fifth of the prose in other boxes (rtp-nytimes-2)": {readFile(t, filepath.Join("rtp-nytimes-2", "source.html")), false},
		"a caption line in the box (rtp-liberation-1)":        {readFile(t, filepath.Join("rtp-liberation-1", "source.html")), false},
		"subheadings in the box (aeb-ad9e9e596f21)":           {string(gunzip(t, "aeb-ad9e9e596f21.html.gz")), false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			p := &page{doc: doc, sel: &Selectors{}, meta: readMeta(doc), ld: readJSONLD(doc)}
			paras, sure, _ := p.generic(p.metadata().Title)
			if sure != tc.sure {
				t.Fatalf("sure = %v, want %v; paragraphs:\n%q", sure, tc.sure, paras)
			}
			if len(paras) == 0 {
				t.Fatal("no paragraphs")
			}
		})
	}
}

func TestEndsSentence(t *testing.T) {
	tests := map[string]bool{
		"Belediye açıklama yaptı.":              true,
		"Ne zaman bitecek?":                     true,
		"Yeter ki samimi olalım!":               true,
		"Bekliyoruz…":                           true,
		`"Yeter ki samimi olalım."`:             true,
		"(Bu haber güncellenecektir.) ":         true,
		"Kaynak: İHA":                           false,
		"24.06.2020 14:35":                      false,
		"Kemal Kılıçdaroğlu: \"Samimi Olalım\"": false,
		"": false,
	}
	for in, want := range tests {
		if got := endsSentence(in); got != want {
			t.Errorf("endsSentence(%q) = %v, want %v", in, got, want)
		}
	}
}
