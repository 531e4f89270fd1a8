package extract

import (
	"strings"
	"testing"
	"time"
)

// article is a body long enough to be extracted, in Turkish.
const article = `<article><p>Kartal Belediyesi, ilçede yürütülen çalışmaları anlatan bir toplantı düzenledi ve vatandaşların sorularını yanıtladı.</p>
<p>Toplantıda konuşan yetkililer, yeni parkların ve yolların bu yıl içinde tamamlanacağını, çalışmaların hızla sürdüğünü söyledi.</p></article>`

// TestPageMetadata checks each metadata path of Page on a small page:
// where a field comes from when the better sources are missing.
func TestPageMetadata(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, time.UTC) }
	tests := map[string]struct {
		head, body string // body is put before the article
		check      func(r *Result) (got, want any)
	}{
		"title from og:title without site name": {
			`<meta property="og:title" content="Park açıldı | Kartal Belediyesi"><meta property="og:site_name" content="Kartal Belediyesi"><title>x</title>`, "",
			func(r *Result) (any, any) { return r.Title, "Park açıldı" }},
		"title from h1 before the title tag": {"<title>Haberler</title>", "<h1>Park açıldı</h1>",
			func(r *Result) (any, any) { return r.Title, "Park açıldı" }},
		"site name suffix from the host": {"<title>Park açıldı - Kartal</title>", "",
			func(r *Result) (any, any) { return r.Title, "Park açıldı" }},
		"title from JSON-LD headline": {`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Park açıldı"}</script><title>Anasayfa</title>`, "",
			func(r *Result) (any, any) { return r.Title, "Park açıldı" }},
		"lead from og:description": {`<meta property="og:description" content="Yeni park hizmete girdi.">`, "",
			func(r *Result) (any, any) { return r.Lead, "Yeni park hizmete girdi." }},
		"cut description gives way to the spot": {`<meta name="description" content="Kartal Belediyesi, ilçede yürütülen...">`, `<h2 class="spot">Belediye çalışmalarını anlattı.</h2>`,
			func(r *Result) (any, any) { return r.Lead, "Belediye çalışmalarını anlattı." }},
		"published from JSON-LD": {`<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-06-24T14:35:00+03:00","dateModified":"2020-06-24T16:10:00+03:00"}</script>`, "",
			func(r *Result) (any, any) {
				return [2]time.Time{r.PublishedAt, r.UpdatedAt}, [2]time.Time{utc(2020, 6, 24, 11, 35), utc(2020, 6, 24, 13, 10)}
			}},
		"published from article:published_time": {`<meta property="article:published_time" content="2021-03-03T08:00:00+03:00"><meta property="article:modified_time" content="2021-03-03T09:30:00+03:00">`, "",
			func(r *Result) (any, any) {
				return [2]time.Time{r.PublishedAt, r.UpdatedAt}, [2]time.Time{utc(2021, 3, 3, 5, 0), utc(2021, 3, 3, 6, 30)}
			}},
		"published from time element": {"", `<time datetime="2019-11-18T10:00:00Z">18 Kasım</time>`,
			func(r *Result) (any, any) { return r.PublishedAt, utc(2019, 11, 18, 10, 0) }},
		"Turkish text date in a date box": {"", `<div class="haber-tarih">24 Haziran 2020 14:35</div>`,
			func(r *Result) (any, any) { return r.PublishedAt, utc(2020, 6, 24, 11, 35) }},
		"labelled Turkish dates": {"", `<div class="bilgi">Yayınlanma: 24.06.2020 - 14:35 | Güncelleme: 24.06.2020 16:10</div>`,
			func(r *Result) (any, any) {
				return [2]time.Time{r.PublishedAt, r.UpdatedAt}, [2]time.Time{utc(2020, 6, 24, 11, 35), utc(2020, 6, 24, 13, 10)}
			}},
		"no date at all": {"", "",
			func(r *Result) (any, any) {
				return [2]bool{r.PublishedAt.IsZero(), r.UpdatedAt.IsZero()}, [2]bool{true, true}
			}},
		"language from og:locale": {`<meta property="og:locale" content="tr_TR">`, "",
			func(r *Result) (any, any) { return r.Language, "tr" }},
		"language guessed from Turkish text": {"", "",
			func(r *Result) (any, any) { return r.Language, "tr" }},
		"image from og:image, resolved": {`<meta property="og:image" content="/img/park.jpg">`, "",
			func(r *Result) (any, any) { return r.Image, "https://www.kartal.bel.tr/img/park.jpg" }},
		"image from JSON-LD ImageObject": {`<script type="application/ld+json">{"@type":"NewsArticle","image":{"@type":"ImageObject","url":"https://cdn.example.org/p.jpg"}}</script>`, "",
			func(r *Result) (any, any) { return r.Image, "https://cdn.example.org/p.jpg" }},
		"javascript image dropped": {`<meta property="og:image" content="javascript:alert(1)">`, "",
			func(r *Result) (any, any) { return r.Image, "" }},
		// Real layouts (the shapes of the pages issue 16 measured): the
		// credit in the byline area under the title, not in the body.
		"byline credit outside the body": {"", `<h1>Park açıldı</h1><div class="haber-kaynak">Kaynak: İHA</div>`,
			func(r *Result) (any, any) { return r.Agency, "İHA" }},
		"agency name alone under the title": {"", `<h1>Park açıldı</h1><div class="muhabir">Anadolu Ajansı</div>`,
			func(r *Result) (any, any) { return r.Agency, "AA" }},
		"Demirören in the byline": {"", `<h1>Park açıldı</h1><p class="byline"><span>Demirören Haber Ajansı</span> <time>2 Eylül 2020</time></p>`,
			func(r *Result) (any, any) { return r.Agency, "DHA" }},
		"ANKA alone beside the title": {"", `<header><h1>Park açıldı</h1><span>ANKA</span></header>`,
			func(r *Result) (any, any) { return r.Agency, "ANKA" }},
		"time first, upper-case month": {"", `<div class="bilgi">Güncelleme: 13:13 - 2 EYLÜL 2020</div>`,
			func(r *Result) (any, any) { return r.UpdatedAt, utc(2020, 9, 2, 10, 13) }},
		"time first in a date box": {"", `<div class="haber-tarih">13:13 - 2 EYLÜL 2020</div>`,
			func(r *Result) (any, any) { return r.PublishedAt, utc(2020, 9, 2, 10, 13) }},
		"generic site suffix without h1 or og:title": {"<title>Park açıldı - Haber</title>", "",
			func(r *Result) (any, any) { return r.Title, "Park açıldı" }},
		"authors from JSON-LD": {`<script type="application/ld+json">{"@type":"NewsArticle","author":[{"name":"Ayşe Yılmaz"}]}</script>`, "",
			func(r *Result) (any, any) { return strings.Join(r.Authors, ";"), "Ayşe Yılmaz" }},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			page := "<html><head>" + tc.head + "</head><body>" + tc.body + article + "</body></html>"
			r, err := Page([]byte(page), "https://www.kartal.bel.tr/haber/park", nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := tc.check(r); got != want {
				t.Fatalf("got %v, want %v", got, want)
			}
		})
	}
}

// TestPageNFC checks that text typed with combining marks comes out
// precomposed, so that search and dedup see one spelling of each letter.
func TestPageNFC(t *testing.T) {
	decomposed := "Kartal'da s\u0327enlik: c\u0327ocuklar parkta bulus\u0327tu ve dag\u0306 yürüyüşüne katıldı, Belediye Bas\u0327kanı konus\u0327tu."
	page := "<html><head><title>S\u0327enlik</title></head><body><article><p>" + decomposed + "</p></article></body></html>"
	r, err := Page([]byte(page), "https://example.org/a", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "Kartal'da şenlik: çocuklar parkta buluştu ve dağ yürüyüşüne katıldı, Belediye Başkanı konuştu."
	if r.Body != want {
		t.Errorf("body = %q, want %q", r.Body, want)
	}
	if r.Title != "Şenlik" {
		t.Errorf("title = %q, want %q", r.Title, "Şenlik")
	}
}
