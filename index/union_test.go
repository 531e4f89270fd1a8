package index

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

func TestUnionAnalyzer(t *testing.T) {
	a := analyzer(t, AnalyzerIndex)
	tests := map[string]struct {
		in   string
		want []string
	}{
		"ASCII word: terms once":          {"Ankara'da", []string{"ankara"}},
		"Turkish letters: both spellings": {"Kılıçdaroğlu'nun", []string{"kılıçdaroğlu", "kilicdaroglu"}},
		"lemma and the word":              {"belediyesi", []string{"belediye", "belediyesi"}},
		"lemma, folded, the folded word":  {"kitabını", []string{"kitap", "kitabini"}},
		"verb lemma":                      {"gidiyorlar", []string{"git-mek", "gidiyorlar"}},
		"Snowball and its candidates":     {"Erdoğan'ın Gaziosmanpaşası", []string{"erdoğa", "erdoga", "erdogan", "gaziosmanpaşas", "gaziosmanpaşa", "gaziosmanpasas", "gaziosmanpasa", "gaziosmanpasasi"}},
		"stop word: the word folded":      {"İÇİN", []string{"icin"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := terms(a, tc.in); !slices.Equal(got, tc.want) {
				t.Errorf("tr_index(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestUnionIsTwinsUnion checks, on real news text, that tr_index holds at
// every position exactly the set of terms tr and tr_folded give it: a
// query then finds in the one field what it found in the two twins. Where
// those drop a stop word, it holds the word folded (stopMarkFilter).
func TestUnionIsTwinsUnion(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no texts in testdata: %v", err)
	}
	tw := newTwins(t)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := tw.check(raw); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
}

// FuzzUnion holds tr_index to the union of tr and tr_folded, and the stop
// words folded, on any text.
func FuzzUnion(f *testing.F) {
	for _, s := range []string{"Kılıçdaroğlu'nun İSTANBUL'da", "belediyesi ambulansı çalıştayı", "IŞIK Irak hâlâ", "covid-19 1.500 %45"} {
		f.Add(s)
	}
	tw := newTwins(f)
	f.Fuzz(func(t *testing.T, s string) {
		if err := tw.check([]byte(s)); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	})
}

// twins are the analyzers whose union tr_index must be.
type twins struct{ tr, folded, union analysis.Analyzer }

func newTwins(t testing.TB) twins {
	return twins{analyzer(t, AnalyzerTR), analyzer(t, AnalyzerTRFolded), analyzer(t, AnalyzerIndex)}
}

// check compares the terms at every position of text.
func (tw twins) check(text []byte) error {
	want := byPosition(tw.tr.Analyze(text))
	for pos, ts := range byPosition(tw.folded.Analyze(text)) {
		want[pos] = append(want[pos], ts...)
	}
	for pos, ts := range byPosition(surfaceAnalyzer.Analyze(text)) {
		if _, ok := want[pos]; !ok {
			want[pos] = ts // a stop word
		}
	}
	got := byPosition(tw.union.Analyze(text))
	if len(got) != len(want) {
		return fmt.Errorf("%d positions, want %d", len(got), len(want))
	}
	for pos, ts := range want {
		slices.Sort(ts)
		ts = slices.Compact(ts)
		g := got[pos]
		slices.Sort(g)
		if !slices.Equal(g, ts) {
			return fmt.Errorf("position %d holds %q, want %q (no duplicates)", pos, g, ts)
		}
	}
	return nil
}

// byPosition groups the terms of toks by position.
func byPosition(toks analysis.TokenStream) map[int][]string {
	out := map[int][]string{}
	for _, tok := range toks {
		out[tok.Position] = append(out[tok.Position], string(tok.Term))
	}
	return out
}
