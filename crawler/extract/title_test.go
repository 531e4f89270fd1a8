package extract

import (
	"slices"
	"testing"
)

func TestStripSiteSuffix(t *testing.T) {
	tests := map[string]struct {
		title, site, host, want string
	}{
		"pipe and site name":    {"Çalıştay yapıldı | Kartal Belediyesi", "Kartal Belediyesi", "", "Çalıştay yapıldı"},
		"dash and host":         {"Deprem sonrası son durum - Hurriyet", "", "www.hurriyet.com.tr", "Deprem sonrası son durum"},
		"en dash and domain":    {"Deprem sonrası son durum – hurriyet.com.tr", "", "", "Deprem sonrası son durum"},
		"short tail, long head": {"Merkez Bankası faiz kararını açıkladı - Ekonomi Haberleri", "", "", "Merkez Bankası faiz kararını açıkladı"},
		"two suffixes":          {"Faiz kararı açıklandı bugün | Ekonomi | NTV", "NTV", "", "Faiz kararı açıklandı bugün"},
		"dash inside headline":  {"Erdoğan - Biden görüşmesi", "", "", "Erdoğan - Biden görüşmesi"},
		"no separator":          {"Kartal'da yeni park", "Kartal Belediyesi", "", "Kartal'da yeni park"},
		"long tail kept":        {"Bakan açıkladı - okullar eylülde yüz yüze eğitime başlayacak", "", "", "Bakan açıkladı - okullar eylülde yüz yüze eğitime başlayacak"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := stripSiteSuffix(tc.title, tc.site, tc.host); got != tc.want {
				t.Fatalf("stripSiteSuffix(%q) = %q, want %q", tc.title, got, tc.want)
			}
		})
	}
}

func TestAuthors(t *testing.T) {
	tests := map[string]struct {
		head string
		want []string
	}{
		"JSON-LD string": {`<script type="application/ld+json">{"@type":"NewsArticle","author":"Ayşe Yılmaz"}</script>`,
			[]string{"Ayşe Yılmaz"}},
		"JSON-LD object": {`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Ayşe Yılmaz"}}</script>`,
			[]string{"Ayşe Yılmaz"}},
		"JSON-LD array in graph": {`<script type="application/ld+json">{"@graph":[{"@type":"WebSite"},{"@type":["NewsArticle"],"author":[{"name":"Ayşe Yılmaz"},"Mehmet Kaya"]}]}</script>`,
			[]string{"Ayşe Yılmaz", "Mehmet Kaya"}},
		"meta author list":           {`<meta name="author" content="Ayşe Yılmaz, Mehmet Kaya">`, []string{"Ayşe Yılmaz", "Mehmet Kaya"}},
		"article:author URL ignored": {`<meta property="article:author" content="https://facebook.com/ayse">`, nil},
		"article:author name":        {`<meta property="article:author" content="Ayşe Yılmaz">`, []string{"Ayşe Yılmaz"}},
		"rel author":                 {`</head><body><a rel="author" href="/yazar/ayse">Ayşe Yılmaz</a>`, []string{"Ayşe Yılmaz"}},
		"broken JSON-LD falls back": {`<script type="application/ld+json">{"@type":"NewsArticle",</script><meta name="author" content="Mehmet Kaya">`,
			[]string{"Mehmet Kaya"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			page := "<html><head>" + tc.head + "</head><body><p>" + longText + "</p></body></html>"
			r, err := Page([]byte(page), "https://example.org/a", nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(r.Authors, tc.want) {
				t.Fatalf("authors = %q, want %q", r.Authors, tc.want)
			}
		})
	}
}

const longText = "Kartal Belediyesi, ilçede yürütülen çalışmaları anlatan bir toplantı düzenledi ve vatandaşların sorularını yanıtladı."
