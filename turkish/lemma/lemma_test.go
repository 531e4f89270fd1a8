package lemma

import (
	"slices"
	"strings"
	"testing"
)

// TestLemmas holds one case for each way a word's form departs from its
// lemma, with real words: the classes a stemmer splits apart.
func TestLemmas(t *testing.T) {
	tests := map[string]struct {
		word, lemma string
	}{
		"voicing p→b":               {"kitabı", "kitap"},
		"voicing through a chain":   {"kitabını", "kitap"},
		"voicing ç→c":               {"ağacın", "ağaç"},
		"voicing nk→ng":             {"rengi", "renk"},
		"no voicing: park":          {"parkı", "park"},
		"no voicing: saat":          {"saatte", "saat"},
		"no voicing: hukuk":         {"hukuku", "hukuk"},
		"vowel drop: vakıf":         {"vakfa", "vakıf"},
		"vowel drop: hapis":         {"hapsi", "hapis"},
		"vowel drop: oğul":          {"oğlu", "oğul"},
		"doubling: hak":             {"hakkı", "hak"},
		"doubling: his":             {"hissi", "his"},
		"inverse harmony: kabul":    {"kabulü", "kabul"},
		"inverse harmony: saat":     {"saatler", "saat"},
		"one syllable kept: aşk":    {"aşkla", "aşk"},
		"one syllable kept: fark":   {"farkla", "fark"},
		"plural possessive ablat.":  {"belediyelerimizden", "belediye"},
		"pronominal n":              {"evinde", "ev"},
		"-ki":                       {"evdekiler", "ev"},
		"copula":                    {"öğretmendir", "öğretmen"},
		"buffer y":                  {"arabayla", "araba"},
		"su takes y":                {"suyunu", "su"},
		"progressive, vowel drop":   {"başlıyorlar", "başla-mak"},
		"past":                      {"gitti", "git-mek"},
		"verb voicing":              {"gidiyor", "git-mek"},
		"de → diyor":                {"diyor", "de-mek"},
		"future participle":         {"yapacağını", "yap-mak"},
		"negative":                  {"gelmedi", "gel-mek"},
		"negative progressive":      {"yapmıyorlar", "yap-mak"},
		"aorist negative":           {"gelmez", "gel-mek"},
		"ability":                   {"yapabilirler", "yap-mak"},
		"passive participle":        {"yapılan", "yap-mak"},
		"causative passive":         {"yaptırıldı", "yap-mak"},
		"participle + plural":       {"bitirenler", "bitir-mek"},
		"-DIk participle":           {"söylediğini", "söyle-mek"},
		"converb -(y)Ip":            {"gelip", "gel-mek"},
		"converb -(y)ArAk":          {"olarak", "ol-mak"},
		"infinitive + locative":     {"yapmakta", "yap-mak"},
		"conditional + past":        {"olsaydım", "ol-mak"},
		"derived noun -lIk":         {"yolculuğundan", "yolculuk"},
		"derived adjective -lI":     {"önemlidir", "önemli"},
		"derived verb -lAş":         {"mafyalaşmış", "mafyalaş-mak"},
		"proper noun in lexicon":    {"türkiye", "türkiye"},
		"ASCII typing":              {"agacin", "ağaç"},
		"ASCII typing, vowel drop":  {"oglunun", "oğul"},
		"ASCII typing, verb":        {"gidiyorum", "git-mek"},
		"lemma as written":          {"kültür", "kültür"},
		"circumflex dropped before": {"kar", "kar"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Lemmas(tc.word); !slices.Contains(got, tc.lemma) {
				t.Errorf("Lemmas(%q) = %q, want %q among them", tc.word, got, tc.lemma)
			}
		})
	}
}

// TestLemmasKeepApart: words that share their first letters but not a
// lemma get none in common (a stemmer reads kültür as kül + a suffix).
func TestLemmasKeepApart(t *testing.T) {
	tests := map[string]struct{ a, b string }{
		"kül, kültür":   {"kül", "kültür"},
		"kul, kültür":   {"kul", "kültür"},
		"kul, kül":      {"kul", "kül"},
		"okul, okumak":  {"okulda", "okudu"},
		"ağaç, ağa":     {"ağacın", "ağanın"},
		"yolcu, yol":    {"yolcular", "yollar"},
		"hak, hakem":    {"hakkı", "hakemi"},
		"saat, saatçi":  {"saatte", "saatçiye"},
		"gitmek, git":   {"gitti", "gidon"},
		"park, parka":   {"parkı", "parkalar"},
		"vakıf, vakfe":  {"vakfa", "vakfesi"},
		"kabul, kabile": {"kabulü", "kabilesi"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a, b := Lemmas(tc.a), Lemmas(tc.b)
			if slices.ContainsFunc(a, func(l string) bool { return slices.Contains(b, l) }) {
				t.Errorf("Lemmas(%q) = %q and Lemmas(%q) = %q share a lemma", tc.a, a, tc.b, b)
			}
		})
	}
}

// TestLemmasOutsideLexicon: words the lexicon cannot account for get no
// lemma, so the index falls back to its stemmer: names it lacks, acronyms,
// and names with a suffix but no apostrophe (the lexicon's names take
// theirs after one).
func TestLemmasOutsideLexicon(t *testing.T) {
	for _, w := range []string{"kılıçdaroğlu", "covid", "xyzqw", "asdfghjkl", "ğğğ", "iha", "türkiyede"} {
		if got := Lemmas(w); got != nil {
			t.Errorf("Lemmas(%q) = %q, want none", w, got)
		}
	}
}

// TestQueryLemmas: a query typed in ASCII also finds the Turkish words it
// may stand for, and a query always keeps what the text's analysis gives.
func TestQueryLemmas(t *testing.T) {
	tests := map[string]struct {
		word string
		want []string
	}{
		"kitabini": {"kitabini", []string{"kitap"}},
		"kul":      {"kul", []string{"kul", "kül"}},
		"isci":     {"iscilerin", []string{"işçi"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := QueryLemmas(tc.word)
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("QueryLemmas(%q) = %q, want %q among them", tc.word, got, w)
				}
			}
			for _, l := range Lemmas(tc.word) {
				if !slices.Contains(got, l) {
					t.Errorf("QueryLemmas(%q) = %q lacks Lemmas' %q", tc.word, got, l)
				}
			}
		})
	}
}

// TestLemmasBadInput: anything a tokenizer can hand over is answered
// quickly, without a panic.
func TestLemmasBadInput(t *testing.T) {
	tests := map[string]string{
		"empty":         "",
		"one letter":    "a",
		"invalid UTF-8": "kitab\xff\xfe",
		"very long":     strings.Repeat("lerimizden", 50),
		"suffixes only": "lerinden",
		"digits":        "2020",
		"combining dot": "i\u0307",
		"stray ğ":       "ğı",
	}
	for name, w := range tests {
		t.Run(name, func(t *testing.T) {
			if got := QueryLemmas(w); len(got) > 2*MaxLemmas {
				t.Errorf("QueryLemmas(%q) = %d lemmas, want at most %d", w, len(got), 2*MaxLemmas)
			}
			if got := Lemmas(w); len(got) > MaxLemmas {
				t.Errorf("Lemmas(%q) = %d lemmas, want at most %d", w, len(got), MaxLemmas)
			}
		})
	}
}

func FuzzLemmas(f *testing.F) {
	for _, s := range []string{"kitabını", "başlıyorlar", "kitabini", "lerimizden", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		text, query := Lemmas(w), QueryLemmas(w)
		derived := Derived(w)
		if len(derived) > 0 && !Derivable(w) {
			t.Fatalf("Derivable(%q) = %v, Derived %q", w, Derivable(w), derived)
		}
		if len(text) > MaxLemmas || len(query) > 2*MaxLemmas || len(derived) > MaxDerived {
			t.Fatalf("too many lemmas: %q, %q, %q", text, query, derived)
		}
		for _, l := range text {
			if !slices.Contains(query, l) {
				t.Fatalf("QueryLemmas(%q) = %q lacks Lemmas' %q", w, query, l)
			}
		}
	})
}

// TestLexicon: the embedded lexicon parses and holds the general
// vocabulary, verbs under their roots and the attributes that matter.
func TestLexicon(t *testing.T) {
	lx, err := load()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(lx.stems); n < 40000 {
		t.Errorf("lexicon has %d spellings, want over 40000", n)
	}
	has := func(spelling, lemma string, need uint8) bool {
		for _, v := range lx.stems[spelling] {
			if v.e.lemma == lemma && v.need == need {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		spelling, lemma string
		need            uint8
	}{
		{"kitab", "kitap", needVowel}, {"kitap", "kitap", needConsonant}, {"park", "park", needAny},
		{"vakf", "vakıf", needVowel}, {"hakk", "hak", needVowel}, {"git", "git-mek", needConsonant},
		{"gid", "git-mek", needVowel}, {"başl", "başla-mak", needIyor}, {"ve", "ve", needNothing},
	} {
		if !has(c.spelling, c.lemma, c.need) {
			t.Errorf("no variant %q of %q needing %d: %+v", c.spelling, c.lemma, c.need, lx.stems[c.spelling])
		}
	}
}

func BenchmarkLemmas(b *testing.B) {
	words := strings.Fields("belediyelerimizden kitabını başlıyorlar gitti yapılan açıklamada " +
		"vatandaşların sorunlarını çözmek için çalışmalarımızı sürdüreceğiz dedi kılıçdaroğlu " +
		"saatlerce süren toplantının ardından kararlaştırıldı kitabini")
	if _, err := load(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Lemmas(words[i%len(words)])
	}
}

// TestDerived: the words a widened query adds for a word, spelled as
// Lemmas indexes them, and none for what has no derivation to read.
func TestDerived(t *testing.T) {
	tests := map[string]struct {
		word      string
		has, hasn []string
	}{
		"-lIk after a root":                {"şaşkına", []string{"şaşkınlık"}, nil},
		"voicing root, unsoftened":         {"kitabı", []string{"kitaplık", "kitapçı"}, []string{"kitabı", "kitap"}},
		"-sAl":                             {"tarihine", []string{"tarihsel", "tarihçi"}, nil},
		"a lexicon word from a derived":    {"rahatlığa", []string{"rahatlıkla"}, nil},
		"typed in ASCII":                   {"saskina", []string{"şaşkınlık"}, nil},
		"a verb: none":                     {"gitti", nil, []string{"gitlik"}},
		"a short root: none":               {"işe", nil, []string{"işlik", "işçi"}},
		"-lI and -sIz are indexed already": {"yola", []string{"yolcu"}, []string{"yolsuz", "yollu"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := Derived(tc.word)
			if len(got) > 0 && !Derivable(tc.word) {
				t.Errorf("Derivable(%s) = %v, Derived %q", tc.word, Derivable(tc.word), got)
			}
			if len(got) > MaxDerived {
				t.Errorf("%s: %d derived words, want at most %d", tc.word, len(got), MaxDerived)
			}
			for _, w := range tc.has {
				if !slices.Contains(got, w) {
					t.Errorf("Derived(%s) = %q, want %s among them", tc.word, got, w)
				}
			}
			for _, w := range tc.hasn {
				if slices.Contains(got, w) {
					t.Errorf("Derived(%s) = %q, want no %s", tc.word, got, w)
				}
			}
		})
	}
}

// TestDerivable: words Derived has nothing for are told apart without it
// (a query's words are asked on every search).
func TestDerivable(t *testing.T) {
	for word, want := range map[string]bool{"şaşkına": true, "rahatlığa": true, "türkiye": false, "gitti": false, "işe": false} {
		if got := Derivable(word); got != want {
			t.Errorf("Derivable(%s) = %v, want %v", word, got, want)
		}
	}
}
