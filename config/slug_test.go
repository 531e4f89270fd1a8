package config

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"İzmir Büyükşehir":                    "izmir-buyuksehir",
		"Anadolu Ajansı – Güncel":             "anadolu-ajansi-guncel",
		"ŞIRNAK BELEDİYESİ":                   "sirnak-belediyesi",
		"Kahramanmaraş Büyükşehir Belediyesi": "kahramanmaras-buyuksehir-belediyesi",
		"  Hürriyet / Gündem (RSS) ":          "hurriyet-gundem-rss",
		"Euronews Türkçe":                     "euronews-turkce",
		"Café Bülteni":                        "cafe-bulteni", // é decomposed, accent dropped
		"hâlâ":                                "hala",
		"T24":                                 "t24",
		"–– ??":                               "",
		"":                                    "",
		"Çok Uzun Bir Başlık Olan Belediye Haberleri Sayfası Arşivi": "cok-uzun-bir-baslik-olan-belediye-haberleri",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			got := Slug(in)
			if got != want {
				t.Errorf("Slug(%q) = %q, want %q", in, got, want)
			}
			if got != "" && checkSlug(got) != nil || len(got) > maxSlugBytes || strings.HasSuffix(got, "-") {
				t.Errorf("Slug(%q) = %q is no valid id", in, got)
			}
		})
	}
}

func TestUniqueID(t *testing.T) {
	tests := map[string]struct {
		base  string
		taken []string
		want  string
	}{
		"free":          {"izmir-bb", nil, "izmir-bb"},
		"taken once":    {"izmir-bb", []string{"izmir-bb"}, "izmir-bb-2"},
		"taken thrice":  {"aa", []string{"aa", "aa-2", "aa-3"}, "aa-4"},
		"gap is reused": {"aa", []string{"aa", "aa-3"}, "aa-2"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			taken := map[string]bool{}
			for _, id := range tc.taken {
				taken[id] = true
			}
			if got := UniqueID(tc.base, taken); got != tc.want {
				t.Errorf("UniqueID(%q) = %q, want %q", tc.base, got, tc.want)
			}
		})
	}
}
