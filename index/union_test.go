package index

import (
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
		"ASCII word: stems once":          {"Ankara'da", []string{"ankar", "ankara"}},
		"Turkish letters: both spellings": {"Kılıçdaroğlu'nun", []string{"kılıçdaroğlu", "kilicdaroglu"}},
		"candidate stems kept":            {"belediyesi", []string{"belediyes", "belediye", "belediyesi"}},
		"stems and candidates, folded":    {"güneydoğulu", []string{"güneydoğul", "güneydoğulu", "guneydogul", "guneydogulu"}},
		"stop word leaves nothing":        {"ve", nil},
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
// query then finds in the one field what it found in the two twins.
func TestUnionIsTwinsUnion(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no texts in testdata: %v", err)
	}
	trA, foldA, unionA := analyzer(t, AnalyzerTR), analyzer(t, AnalyzerTRFolded), analyzer(t, AnalyzerIndex)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want := byPosition(trA.Analyze(raw))
		for pos, ts := range byPosition(foldA.Analyze(raw)) {
			want[pos] = append(want[pos], ts...)
		}
		got := byPosition(unionA.Analyze(raw))
		if len(got) != len(want) {
			t.Fatalf("%s: %d positions, want %d", f, len(got), len(want))
		}
		for pos, ts := range want {
			slices.Sort(ts)
			ts = slices.Compact(ts)
			g := got[pos]
			slices.Sort(g)
			if !slices.Equal(g, ts) {
				t.Fatalf("%s: position %d holds %q, want %q (no duplicates)", f, pos, g, ts)
			}
		}
	}
}

// byPosition groups the terms of toks by position.
func byPosition(toks analysis.TokenStream) map[int][]string {
	out := map[int][]string{}
	for _, tok := range toks {
		out[tok.Position] = append(out[tok.Position], string(tok.Term))
	}
	return out
}
