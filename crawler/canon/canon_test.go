package canon

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"
)

// urlCases is shared with FuzzURL as its seed corpus. want "" means an error.
var urlCases = map[string]struct{ in, want string }{
	"clean agency url":        {"https://www.aa.com.tr/tr/gundem/ankarada-kar-yagisi/3412345", "https://www.aa.com.tr/tr/gundem/ankarada-kar-yagisi/3412345"},
	"twitter utm + fragment":  {"https://www.hurriyet.com.tr/gundem/istanbulda-yagis-uyarisi-42701234?utm_source=twitter&utm_medium=social&utm_campaign=hurriyet#yorumlar", "https://www.hurriyet.com.tr/gundem/istanbulda-yagis-uyarisi-42701234"},
	"twitter ref_src":         {"https://www.bbc.com/turkce/articles/c0jq4x7z2v1o?ref_src=twsrc%5Etfw%7Ctwcamp%5Etweetembed", "https://www.bbc.com/turkce/articles/c0jq4x7z2v1o"},
	"facebook fbclid":         {"https://www.sozcu.com.tr/bakanlik-acikladi-p123456?fbclid=IwAR3xQ0abc_DEF", "https://www.sozcu.com.tr/bakanlik-acikladi-p123456"},
	"google ads + _ga":        {"https://www.ntv.com.tr/turkiye/deprem-son-dakika,abc123?gclid=Cj0KCQ&_ga=2.1.2.3&dclid=x&msclkid=y", "https://www.ntv.com.tr/turkiye/deprem-son-dakika,abc123"},
	"mailchimp + yandex":      {"https://www.cumhuriyet.com.tr/turkiye/haber-2250123?mc_cid=a1&mc_eid=b2&yclid=5&igshid=q&spm=a.b", "https://www.cumhuriyet.com.tr/turkiye/haber-2250123"},
	"tracking key any case":   {"https://www.dha.com.tr/gundem/sel-felaketi-2570011?UTM_Source=x&Fbclid=y", "https://www.dha.com.tr/gundem/sel-felaketi-2570011"},
	"escaped tracking key":    {"https://www.dha.com.tr/gundem/x-1?%75tm_source=x", "https://www.dha.com.tr/gundem/x-1"},
	"real query kept":         {"https://www.aa.com.tr/tr/rss/default?cat=guncel&utm_source=rss", "https://www.aa.com.tr/tr/rss/default?cat=guncel"},
	"query sorted by key":     {"https://www.ntv.com.tr/arama?q=deprem&sort=yeni&page=2", "https://www.ntv.com.tr/arama?page=2&q=deprem&sort=yeni"},
	"same key by value":       {"https://bianet.org/ara?etiket=ekonomi&etiket=dunya", "https://bianet.org/ara?etiket=dunya&etiket=ekonomi"},
	"key without value":       {"https://www.sabah.com.tr/gundem/x-123?amp&b=1", "https://www.sabah.com.tr/gundem/x-123?amp&b=1"},
	"empty pairs dropped":     {"https://www.t24.com.tr/haber/x,1234?&&sayfa=2&", "https://www.t24.com.tr/haber/x,1234?sayfa=2"},
	"lone question mark":      {"https://www.trthaber.com/haber/gundem/x-850123.html?", "https://www.trthaber.com/haber/gundem/x-850123.html"},
	"plus is not a space":     {"https://www.milliyet.com.tr/arama?q=recep+tayyip&x=a%2Bb", "https://www.milliyet.com.tr/arama?q=recep+tayyip&x=a%2Bb"},
	"upper-case host/scheme":  {"HTTPS://WWW.AA.COM.TR/tr/Gundem/X/3412345", "https://www.aa.com.tr/tr/Gundem/X/3412345"},
	"http default port":       {"http://www.dha.com.tr:80/gundem/x-2570011", "http://www.dha.com.tr/gundem/x-2570011"},
	"https default port":      {"https://ankahaber.net:443/haber/chp-aciklama-1a2b3c4d", "https://ankahaber.net/haber/chp-aciklama-1a2b3c4d"},
	"empty port":              {"https://ankahaber.net:/haber/x", "https://ankahaber.net/haber/x"},
	"other port kept":         {"http://127.0.0.1:8080/haber/1", "http://127.0.0.1:8080/haber/1"},
	"80 kept on https":        {"https://www.kartal.bel.tr:80/haber", "https://www.kartal.bel.tr:80/haber"},
	"empty path":              {"https://www.trthaber.com", "https://www.trthaber.com/"},
	"empty path with query":   {"https://www.trthaber.com?utm_source=x", "https://www.trthaber.com/"},
	"unreserved decoded":      {"https://www.iha.com.tr/haber-%61nkara%2D%7Ehaber-1", "https://www.iha.com.tr/haber-ankara-~haber-1"},
	"escapes upper-cased":     {"https://www.cumhuriyet.com.tr/etiket/%c4%b0stanbul", "https://www.cumhuriyet.com.tr/etiket/%C4%B0stanbul"},
	"raw turkish path":        {"https://www.cumhuriyet.com.tr/etiket/İstanbul'da", "https://www.cumhuriyet.com.tr/etiket/%C4%B0stanbul'da"},
	"raw turkish query":       {"https://www.hurriyet.com.tr/arama?q=kılıç açıklama", "https://www.hurriyet.com.tr/arama?q=k%C4%B1l%C4%B1%C3%A7%20a%C3%A7%C4%B1klama"},
	"escaped slash kept":      {"https://www.haberturk.com/a%2fb", "https://www.haberturk.com/a%2Fb"},
	"escaped & and = kept":    {"https://www.haberturk.com/ara?q=a%26b%3dc", "https://www.haberturk.com/ara?q=a%26b%3Dc"},
	"stray percent":           {"https://www.haberturk.com/ara?q=%25100&r=50%", "https://www.haberturk.com/ara?q=%25100&r=50%25"},
	"amp path kept":           {"https://www.hurriyet.com.tr/amp/gundem/x-42701234", "https://www.hurriyet.com.tr/amp/gundem/x-42701234"},
	"idn host left":           {"https://www.çankaya.bel.tr/haberler", "https://www.çankaya.bel.tr/haberler"},
	"punycode host":           {"https://www.XN--ankaya-bwa.bel.tr/", "https://www.xn--ankaya-bwa.bel.tr/"},
	"ipv6 default port":       {"http://[::1]:80/haber", "http://[::1]/haber"},
	"surrounding spaces":      {"  https://www.aa.com.tr/tr/  ", "https://www.aa.com.tr/tr/"},
	"userinfo kept":           {"https://arsiv:gizli@arsiv.example.org/x", "https://arsiv:gizli@arsiv.example.org/x"},
	"ftp refused":             {"ftp://ftp.aa.com.tr/pub", ""},
	"mailto refused":          {"mailto:haber@aa.com.tr", ""},
	"javascript refused":      {"javascript:void(0)", ""},
	"relative refused":        {"/gundem/x-123", ""},
	"empty refused":           {"", ""},
	"no host refused":         {"https:///gundem", ""},
	"opaque refused":          {"http:www.aa.com.tr", ""},
	"bad escape refused":      {"https://www.aa.com.tr/%zz", ""},
	"bad ipv6 refused":        {"http://[::1/x", ""},
	"percent in host refused": {"http://www.aa%25.com.tr/", ""},
}

func TestURL(t *testing.T) {
	for name, tc := range urlCases {
		t.Run(name, func(t *testing.T) {
			got, err := URL(tc.in)
			if tc.want == "" {
				if err == nil || !strings.HasPrefix(err.Error(), "canon: ") {
					t.Fatalf("URL(%q) = %q, %v; want a canon: error", tc.in, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("URL(%q)\n got %q, %v\nwant %q", tc.in, got, err, tc.want)
			}
			if again, err := URL(got); again != got || err != nil {
				t.Errorf("not idempotent: URL(%q) = %q, %v", got, again, err)
			}
		})
	}
}

func TestURLErrorKinds(t *testing.T) {
	for _, in := range []string{"ftp://x.org/", "https:///x", "/relative"} {
		if _, err := URL(in); !errors.Is(err, ErrNotHTTP) {
			t.Errorf("URL(%q): %v, want ErrNotHTTP", in, err)
		}
	}
}

// TestURLRealFeedAddresses runs the 87 addresses of shared/data/turkish-feeds:
// already canonical, apart from the two home pages without a path.
func TestURLRealFeedAddresses(t *testing.T) {
	f, err := os.Open("testdata/feed-urls.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); n++ {
		in := sc.Text()
		want := in
		if strings.Count(in, "/") == 2 {
			want += "/"
		}
		if got, err := URL(in); got != want || err != nil {
			t.Errorf("URL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if n != 87 {
		t.Errorf("read %d addresses, want 87", n)
	}
}

func TestID(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		// Expected values from: printf %s URL | sha256sum | cut -c1-32
		"aa article":  {"https://www.aa.com.tr/tr/gundem/ankarada-kar-yagisi/3412345", "1de3dbe15bbb2c40b4a7c02086fa28a8"},
		"iha article": {"https://www.iha.com.tr/istanbul-haberleri/kartalda-calistay-2571234", "a26394554df6864df102be268e72ad32"},
		"empty":       {"", "e3b0c44298fc1c149afbf4c8996fb924"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := ID(tc.in); got != tc.want {
				t.Errorf("ID(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzURL(f *testing.F) {
	for _, tc := range urlCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		once, err := URL(raw)
		if err != nil {
			return
		}
		twice, err := URL(once)
		if err != nil || twice != once {
			t.Fatalf("URL(%q) = %q, but URL of that = %q, %v", raw, once, twice, err)
		}
	})
}
