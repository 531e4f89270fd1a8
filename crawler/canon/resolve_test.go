package canon

import (
	"errors"
	"testing"
)

func TestResolve(t *testing.T) {
	const (
		hurriyet = "https://www.hurriyet.com.tr/gundem/istanbulda-yagis-uyarisi-42701234"
		kartal   = "https://www.kartal.bel.tr/haber/chp-istanbul-calistayi-2020"
	)
	tests := map[string]struct {
		page, link, og string
		want           string
	}{
		"no candidates":           {hurriyet + "?utm_source=twitter", "", "", hurriyet},
		"canonical of amp page":   {"https://www.hurriyet.com.tr/amp/gundem/istanbulda-yagis-uyarisi-42701234", hurriyet, "", hurriyet},
		"relative canonical":      {"https://www.hurriyet.com.tr/amp/gundem/istanbulda-yagis-uyarisi-42701234", "/gundem/istanbulda-yagis-uyarisi-42701234", "", hurriyet},
		"dot-dot canonical":       {"https://www.hurriyet.com.tr/amp/gundem/x", "../../gundem/istanbulda-yagis-uyarisi-42701234", "", hurriyet},
		"protocol-relative":       {"https://www.hurriyet.com.tr/amp/x", "//www.hurriyet.com.tr/gundem/istanbulda-yagis-uyarisi-42701234", "", hurriyet},
		"canonical is cleaned":    {hurriyet + "?fbclid=1", "HTTPS://WWW.HURRIYET.COM.TR:443/gundem/istanbulda-yagis-uyarisi-42701234#x", "", hurriyet},
		"www added":               {"https://hurriyet.com.tr/gundem/x", hurriyet, "", hurriyet},
		"www dropped":             {"https://www.aa.com.tr/tr/gundem/x/3412345?p=1", "https://aa.com.tr/tr/gundem/x/3412345", "", "https://aa.com.tr/tr/gundem/x/3412345"},
		"http canonical allowed":  {"https://www.dha.com.tr/gundem/x-2570011", "http://www.dha.com.tr/gundem/x-2570011", "", "http://www.dha.com.tr/gundem/x-2570011"},
		"og:url when no link":     {"https://www.ntv.com.tr/turkiye/x?utm_medium=social", "", "https://www.ntv.com.tr/turkiye/deprem,abc", "https://www.ntv.com.tr/turkiye/deprem,abc"},
		"link wins over og":       {"https://www.ntv.com.tr/turkiye/x", "https://www.ntv.com.tr/turkiye/a", "https://www.ntv.com.tr/turkiye/b", "https://www.ntv.com.tr/turkiye/a"},
		"foreign link, og used":   {kartal, "https://www.iha.com.tr/istanbul-haberleri/calistay-2571234", kartal + "?utm_source=x", kartal},
		"other site refused":      {kartal, "https://www.iha.com.tr/istanbul-haberleri/calistay-2571234", "https://www.iha.com.tr/x", kartal},
		"sibling subdomain":       {"https://www.hurriyet.com.tr/gundem/x", "https://amp.hurriyet.com.tr/gundem/x", "", "https://www.hurriyet.com.tr/gundem/x"},
		"suffix is not same":      {"https://www.aa.com.tr/tr/x", "https://evil-aa.com.tr/tr/x", "", "https://www.aa.com.tr/tr/x"},
		"javascript link":         {"https://www.aa.com.tr/tr/x", "javascript:void(0)", "", "https://www.aa.com.tr/tr/x"},
		"unparsable link":         {"https://www.aa.com.tr/tr/x", "https://www.aa.com.tr/%zz", "https://www.aa.com.tr/tr/og", "https://www.aa.com.tr/tr/og"},
		"blank candidates":        {"https://www.aa.com.tr/tr/x", "   ", "\n", "https://www.aa.com.tr/tr/x"},
		"fragment-only link":      {"https://www.aa.com.tr/tr/x?cat=1#a", "#top", "", "https://www.aa.com.tr/tr/x?cat=1"},
		"host case ignored":       {"https://WWW.AA.COM.TR/tr/x", "https://www.aa.com.tr/tr/y", "", "https://www.aa.com.tr/tr/y"},
		"port differs, same host": {"http://127.0.0.1:8080/haber/1", "http://127.0.0.1:8080/haber/kanonik", "", "http://127.0.0.1:8080/haber/kanonik"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := Resolve(tc.page, tc.link, tc.og)
			if err != nil || got != tc.want {
				t.Errorf("Resolve(%q, %q, %q)\n got %q, %v\nwant %q", tc.page, tc.link, tc.og, got, err, tc.want)
			}
		})
	}
}

func TestResolveBadPage(t *testing.T) {
	tests := map[string]struct {
		page    string
		notHTTP bool
	}{
		"relative page": {"/gundem/x", true},
		"ftp page":      {"ftp://www.aa.com.tr/x", true},
		"empty page":    {"", true},
		"bad escape":    {"https://www.aa.com.tr/%zz", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := Resolve(tc.page, "https://www.aa.com.tr/tr/x", "")
			if err == nil {
				t.Fatalf("Resolve(%q) = %q, want an error", tc.page, got)
			}
			if errors.Is(err, ErrNotHTTP) != tc.notHTTP {
				t.Errorf("errors.Is(%v, ErrNotHTTP) = %v", err, !tc.notHTTP)
			}
		})
	}
}
