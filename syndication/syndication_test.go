package syndication

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	tests := map[string]struct {
		in   string
		want []string
	}{
		"turkish fold":        {"KILIÇDAROĞLU İstanbul'dan", []string{"kilicdaroglu", "istanbul", "dan"}},
		"numbers dropped":     {"31 Mart 2019'da 14 ilçe", []string{"mart", "da", "ilce"}},
		"credit line":         {"Çalıştay yapıldı.\n\nKaynak: İHA", []string{"calistay", "yapildi"}},
		"agency alone":        {"Çalıştay yapıldı.\n(İHA)", []string{"calistay", "yapildi"}},
		"long line kept":      {"Haber merkezimize gelen bilgiye göre yangın söndürüldü ve yaralı yok", []string{"haber", "merkezimize", "gelen", "bilgiye", "gore", "yangin", "sonduruldu", "ve", "yarali", "yok"}},
		"circumflex and typo": {"hâlâ kâr", []string{"hala", "kar"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Words(tc.in); !slices.Equal(got, tc.want) {
				t.Errorf("Words(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSame(t *testing.T) {
	seed, err := os.ReadFile("testdata/kartal-belediyesi-2020-06-iha.txt")
	if err != nil {
		t.Fatal(err)
	}
	body := string(seed)
	paras := strings.Split(body, "\n\n")
	tests := map[string]struct {
		other string
		same  bool
	}{
		"identical":            {body, true},
		"credit removed, case": {strings.ToUpper(strings.TrimSuffix(strings.TrimSpace(body), "Kaynak: İHA")), true},
		"first half only":      {strings.Join(paras[:len(paras)/2], "\n\n"), true},
		"intro added":          {"Belediyemizden yapılan açıklamaya göre:\n\n" + body, true},
		"one paragraph":        {paras[len(paras)-2], true},
		"other story":          {"Üsküdar'da yarın planlı su kesintisi yapılacak. İSKİ, ana isale hattındaki arızanın gece boyunca onarılacağını bildirdi ve vatandaşlardan anlayış bekledi.", false},
		"too short to judge":   {"Kaynak: İHA Kartal Belediyesi çalıştaya katıldı.", false},
	}
	a := Shingle(body)
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			sim, same := Same(a, Shingle(tc.other))
			if same != tc.same {
				t.Errorf("Same = %v (%+v), want %v", same, sim, tc.same)
			}
		})
	}
}

func TestSignature(t *testing.T) {
	a := Shingle("Kartal Belediyesi, Cumhuriyet Halk Partisi İstanbul İl Başkanlığı tarafından düzenlenen çalıştaya katıldı ve ilçeyi temsil etti.")
	sig := Sign(a)
	back, err := ParseSignature(sig.Bytes())
	if err != nil || back != sig {
		t.Fatalf("round trip: %v", err)
	}
	if est := sig.Estimate(&back); est != 1 {
		t.Errorf("self estimate %v, want 1", est)
	}
	if len(sig.Bands()) != NumBands {
		t.Errorf("%d bands, want %d", len(sig.Bands()), NumBands)
	}
	empty := Sign(nil)
	if empty.Bands() != nil {
		t.Error("empty signature has bands")
	}
	if _, err := ParseSignature([]byte{1, 2, 3}); !errors.Is(err, ErrSignature) {
		t.Errorf("short bytes: %v, want ErrSignature", err)
	}
}
