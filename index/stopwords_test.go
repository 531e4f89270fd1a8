package index

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// TestStopWordsIndexed: the index holds stop words folded at their
// positions, while the query analyzers still drop them.
func TestStopWordsIndexed(t *testing.T) {
	got := terms(analyzer(t, AnalyzerIndex), "Ve bu çalıştay İÇİN")
	if want := []string{"ve", "bu", "çalıştay", "calistay", "icin"}; !slices.Equal(got, want) {
		t.Errorf("tr_index terms %q, want %q", got, want)
	}
	if got := terms(analyzer(t, AnalyzerTR), "ve bu"); len(got) != 0 {
		t.Errorf("tr terms %q, want none", got)
	}
}

// TestSearchStopWords: a query of stop words only finds them as written; a
// phrase matches its stop words, not any word in their place; and a stop
// word beside other words is dropped, the ranking unchanged.
func TestSearchStopWords(t *testing.T) {
	ix := textIndex(t, map[string]string{
		"ve":   "Savaş ve barış romanı yeniden basıldı.",
		"ile":  "Savaş ile barış arasında bir denge kuruldu.",
		"ama":  "Hava güzel ama soğuktu ve rüzgâr esti.",
		"none": "Kitap fuarı açıldı.",
	})
	tests := map[string]struct {
		q    string
		want []string
	}{
		"ve alone":                       {"ve", []string{"ama", "ve"}},
		"bir alone":                      {"bir", []string{"ile"}},
		"capitals":                       {"VE", []string{"ama", "ve"}},
		"two stop words":                 {"ama ve", []string{"ama"}},
		"stop words, one excluded":       {"ve -ama", []string{"ve"}},
		"phrase holds its stop word":     {`"savaş ve barış"`, []string{"ve"}},
		"phrase with other stop word":    {`"savaş ile barış"`, []string{"ile"}},
		"phrase beginning with one":      {`"ve barış"`, []string{"ve"}},
		"phrase typed in ASCII":          {`"savas ve baris"`, []string{"ve"}},
		"beside a word: dropped":         {"ve savaş", []string{"ile", "ve"}},
		"beside a word in OR: dropped":   {"ve OR kitap", []string{"none"}},
		"a stop word in a title: as is":  {"title:ve", nil},
		"no stop word, nothing in index": {"niçin", nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := ids(t, ix, Request{Query: tc.q}); !slices.Equal(got, tc.want) {
				t.Errorf("%q → %q, want %q", tc.q, got, tc.want)
			}
		})
	}
	// A stop word beside other words scores as they do without it.
	scores := func(q string) string {
		res, err := ix.Search(context.Background(), Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, fmt.Sprintf("%s %.6f", h.ID, h.Score))
		}
		return fmt.Sprint(out)
	}
	if with, without := scores("ve savaş bir barış"), scores("savaş barış"); with != without {
		t.Errorf("with stop words %s, without %s: want the same", with, without)
	}
}
