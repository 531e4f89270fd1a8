package agency

import (
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	tests := map[string]struct {
		text, want string
	}{
		"Kaynak line":                {"Çalıştay sona erdi.\nKaynak: İHA", "İHA"},
		"parenthesised":              {"ANKARA (AA) - Bakan açıkladı.", "AA"},
		"alone on a line":            {"Son paragraf.\nDHA", "DHA"},
		"suffix after apostrophe":    {"İHA'nın haberine göre yangın söndürüldü.", "İHA"},
		"curly apostrophe":           {"DHA’ya konuşan vatandaş", "DHA"},
		"Anadolu Ajansı full name":   {"Haber: Anadolu Ajansı", "AA"},
		"upper-case full name":       {"İHLAS HABER AJANSI", "İHA"},
		"Demirören":                  {"Demirören Haber Ajansı muhabiri", "DHA"},
		"ANKA full name":             {"ANKA Haber Ajansı'na açıklama yaptı", "ANKA"},
		"ANKA short":                 {"İSTANBUL (ANKA) - CHP", "ANKA"},
		"Sputnik":                    {"Sputnik Türkiye'ye konuştu", "Sputnik"},
		"Reuters":                    {"according to Reuters", "Reuters"},
		"AP as a credit":             {"WASHINGTON (AP) — The ambassador", "AP"},
		"AFP photo credit":           {"Fotoğraf: AFP", "AFP"},
		"Xinhua":                     {"Xinhua reported", "Xinhua"},
		"credit beats first mention": {"AA muhabirine konuşan yetkili...\nKaynak: DHA", "DHA"},
		"dotless IHA":                {"Kaynak: IHA", "İHA"},
		"AA in a word":               {"SAAT 10'da AAA kredi notu", ""},
		"lower-case aa":              {"aa bu ne güzel", ""},
		"DHA inside a word":          {"DHAKA'da sel", ""},
		"Anka as a name":             {"Anka kuşu efsanesi", ""},
		"AP as parliament":           {"AP'de oylama yapıldı", ""},
		"nothing":                    {"Kartal Belediyesi çalıştaya katıldı.", ""},
		"empty":                      {"", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Find(tc.text); got != tc.want {
				t.Fatalf("Find(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestFindDecomposedI(t *testing.T) {
	if got := Find("Haberin sonu.\nKaynak: I\u0307hlas Haber Ajansı"); got != "İHA" {
		t.Errorf("Find with a decomposed İ = %q, want İHA", got)
	}
}

func TestCreditLine(t *testing.T) {
	tests := map[string]bool{
		"kaynak iha":                true,
		"anadolu ajansi":            true,
		"demiroren haber ajansi":    true,
		"dha":                       true,
		"haber merkezi":             true,
		"muhabir ali veli":          true,
		"belediye meclisi toplandi": false,
		"aa muhabirine konusan vali aciklama yapti bugun": false,
		"": false,
	}
	for line, want := range tests {
		t.Run(line, func(t *testing.T) {
			if got := CreditLine(strings.Fields(line)); got != want {
				t.Errorf("CreditLine(%q) = %v, want %v", line, got, want)
			}
		})
	}
}
