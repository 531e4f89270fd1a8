package index

import (
	"context"
	"fmt"
	"hash/fnv"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/tr"
	"github.com/blevesearch/bleve/v2/analysis/token/apostrophe"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/internal/conllu"
	"github.com/haberci/haberci/internal/shareddata"
	"github.com/haberci/haberci/turkish"
)

// Floors of the known-item evaluation, under the measured values (4,082
// articles and 120 queries: recall@10 0.992, MRR 0.867, 5 queries widened;
// 1,168 and 40 with -short: 1.000, 0.938). The goal is 0.95 and 0.85.
const (
	floorKnownRecall10 = 0.95
	floorKnownMRR      = 0.85
)

// knownItem is one query whose only relevant article is known: each of its
// words is another form of a word of the article.
type knownItem struct {
	query  string
	target string // article id
	pairs  []string
}

// TestKnownItemForms is the search evaluation that does not come from our
// own analysis. Over Kemik 42bin articles it asks known-item queries of three
// words, each another form of a word the article has: the article's form
// and the query's form are both forms of one lemma in UD Turkish-BOUN's
// hand-checked test file (the lemmatizer was tuned on the dev file), the
// query's form absent from the article. Half of the query words differ
// from the article's form in their first five letters (kitabı for kitap,
// gitti for gidiyor). The article words' lemmas are rare in the corpus (few
// articles hold any treebank form of them), so that three of them pick the
// article out. Our index is measured against raw Bleve's
// tr analyzer and Snowball alone (Turkish lower case, stop words, Snowball
// stems) on the same articles, in the same run, each asked with AND of
// the words, as ours is. Ours is asked as people search (Request.Widen:
// a query that finds nothing is asked again with the words derived from
// its words) and, for comparison, without widening.
func TestKnownItemForms(t *testing.T) {
	if raceBuild {
		// Three indexes are too slow under -race for the package's time
		// limit: .ci/run runs this test by name without it.
		t.Skip("run without -race (.ci/run names it)")
	}
	stride, want := 10, 120 // ~4,200 articles
	if testing.Short() {
		stride, want = 35, 40 // ~1,200 articles
	}
	ud, err := conllu.Read(shareddata.Path(t, "ud-turkish-boun/tr_boun-ud-test.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	docs := loadRelevanceCorpus(t, stride)
	items := knownItems(docs, ud, want)
	if len(items) < want {
		t.Fatalf("%d known-item queries derived, want %d", len(items), want)
	}
	arts := make([]*article.Article, len(docs))
	for i, d := range docs {
		arts[i] = d.art
	}
	ours := haberciSearch(t, arts)
	widened := 0
	systems := []struct {
		name   string
		search func(q string) []string
	}{
		{"haberci (lemmas)", func(q string) []string {
			ids, w := ours(q, true)
			if w {
				widened++
			}
			return ids
		}},
		{"haberci, no widening", func(q string) []string { ids, _ := ours(q, false); return ids }},
		{"raw Bleve tr", bleveSearch(t, arts, tr.AnalyzerName)},
		{"Snowball alone", bleveSearch(t, arts, snowballOnly)},
	}
	var lines []string
	var best [2]float64
	for i, s := range systems {
		found, rr := 0, 0.0
		for _, it := range items {
			if rank := slices.Index(s.search(it.query), it.target); rank >= 0 {
				found++
				rr += 1 / float64(rank+1)
			}
		}
		recall, mrr := float64(found)/float64(len(items)), rr/float64(len(items))
		lines = append(lines, fmt.Sprintf("%-20s recall@10 %.3f  MRR %.3f", s.name, recall, mrr))
		switch {
		case i == 0:
			best = [2]float64{recall, mrr}
		case i >= 2 && recall >= best[0]:
			t.Errorf("%s recall@10 %.3f, ours %.3f: want ours above", s.name, recall, best[0])
		}
	}
	t.Logf("known-item queries: %d articles, %d queries of 3 words (%s, …), %d widened\n%s",
		len(docs), len(items), strings.Join(items[0].pairs, ", "), widened, strings.Join(lines, "\n"))
	if best[0] < floorKnownRecall10 || best[1] < floorKnownMRR {
		t.Errorf("recall@10 %.3f, MRR %.3f; want >= %.2f, >= %.2f", best[0], best[1], floorKnownRecall10, floorKnownMRR)
	}
}

// knownItemRarity: a lemma is rare when at most 1/knownItemRarity of the
// articles hold a word beginning like it.
var knownItemRarity = 20

// knownItems derives up to n queries from docs and the treebank's words.
func knownItems(docs []relDoc, ud []conllu.Word, n int) []knownItem {
	type key struct{ lemma, upos string }
	forms := map[key][]string{}
	keysOf := map[string][]key{}
	for _, w := range ud {
		if (w.UPOS != "NOUN" && w.UPOS != "VERB" && w.UPOS != "ADJ") || len([]rune(w.Lemma)) < 2 ||
			strings.ContainsAny(w.Form, "'’\".-") || len([]rune(w.Form)) < 4 {
			continue
		}
		k := key{plain(w.Lemma), w.UPOS}
		f := plain(w.Form)
		if !slices.Contains(forms[k], f) {
			forms[k] = append(forms[k], f)
			keysOf[f] = append(keysOf[f], k)
		}
	}
	// A lemma's document frequency, counted without our analysis: the
	// articles holding a word that begins like the lemma less its last
	// letter (kita for kitap, ağa for ağaç). It overcounts, so a lemma
	// counted rare is rare.
	df := map[key]int{}
	byPrefix := map[string][]key{}
	for k := range forms {
		rs := []rune(k.lemma)
		if len(rs) < 3 {
			df[k] = len(docs) // et, ol: too short to count, never rare
			continue
		}
		byPrefix[string(rs[:len(rs)-1])] = append(byPrefix[string(rs[:len(rs)-1])], k)
	}
	for _, d := range docs {
		counted := map[key]bool{}
		for w := range d.words {
			rs := []rune(plain(w))
			for n := 2; n <= len(rs); n++ {
				for _, k := range byPrefix[string(rs[:n])] {
					if !counted[k] {
						counted[k] = true
						df[k]++
					}
				}
			}
		}
	}
	maxDF := max(3, len(docs)/knownItemRarity)
	type cand struct {
		have, ask string
		lemma     key
		hard      bool
		df        int
	}
	prefix := func(s string) string {
		rs := []rune(s)
		return string(rs[:min(5, len(rs))])
	}
	var out []knownItem
	for _, d := range docs {
		var hard, easy []cand
		words := map[string]bool{}
		for w := range d.words {
			words[plain(w)] = true
		}
		for w := range words {
			for _, k := range keysOf[w] {
				if df[k] > maxDF {
					continue
				}
				for _, q := range forms[k] {
					if q == w || words[q] {
						continue
					}
					c := cand{w, q, k, prefix(q) != prefix(w), df[k]}
					if c.hard {
						hard = append(hard, c)
					} else {
						easy = append(easy, c)
					}
				}
			}
		}
		if len(hard) < 2 || len(easy) < 2 {
			continue
		}
		// Rarest article word first; ties broken by a hash, not map order.
		order := func(cs []cand) {
			sort.Slice(cs, func(i, j int) bool {
				if cs[i].df != cs[j].df {
					return cs[i].df < cs[j].df
				}
				return hash(cs[i].have+cs[i].ask) < hash(cs[j].have+cs[j].ask)
			})
		}
		order(hard)
		order(easy)
		// Three words of distinct lemmas: two that differ from the
		// article's form in the first five letters and one that does not,
		// then one and two, so that half of all query words differ.
		nHard := 2 - len(out)%2
		var picked []cand
		used := map[key]bool{}
		for i, list := range [][]cand{hard, easy} {
			want := []int{nHard, 3 - nHard}[i]
			for _, c := range list {
				if want == 0 {
					break
				}
				if !used[c.lemma] {
					used[c.lemma] = true
					picked = append(picked, c)
					want--
				}
			}
		}
		if len(picked) < 3 {
			continue
		}
		it := knownItem{target: d.art.ID}
		var asked []string
		for _, c := range picked {
			asked = append(asked, c.ask)
			it.pairs = append(it.pairs, c.have+"→"+c.ask)
		}
		it.query = strings.Join(asked, " ")
		out = append(out, it)
		if len(out) == n {
			break
		}
	}
	return out
}

// plain is a word in Turkish lower case without circumflexes (hâl, hal),
// as the corpus words are compared.
func plain(w string) string {
	return string(turkish.DropCircumflex(turkish.LowerBytes([]byte(w))))
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// haberciSearch indexes arts in our index and returns its top-10 search,
// widened when nothing matches (Request.Widen) if widen is set, and
// whether it was.
func haberciSearch(t *testing.T, arts []*article.Article) func(q string, widen bool) ([]string, bool) {
	ix, err := Open(filepath.Join(t.TempDir(), "ours"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	for i := 0; i < len(arts); i += DefaultBatchSize {
		batch := arts[i:min(i+DefaultBatchSize, len(arts))]
		if err := ix.Apply(batch, batch[len(batch)-1].Seq); err != nil {
			t.Fatal(err)
		}
	}
	return func(q string, widen bool) ([]string, bool) {
		res, err := ix.Search(context.Background(), Request{Query: q, Size: 10, NoFacets: true, Widen: widen})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		return out, res.Widened
	}
}

// snowballOnly names the baseline analyzer Snowball alone: Unicode words,
// apostrophe suffix dropped, Turkish lower case, stop words, Snowball.
const snowballOnly = "eval_snowball_only"

// bleveSearch indexes arts' title, lead and body in a Bleve index of the
// default mapping analysed by analyzer, and returns its top-10 search for
// all the words of a query.
func bleveSearch(t *testing.T, arts []*article.Article, analyzer string) func(string) []string {
	im := bleve.NewIndexMapping()
	err := im.AddCustomAnalyzer(snowballOnly, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{apostrophe.Name, filterTurkishLower, tr.StopName, tr.SnowballStemmerName},
	})
	if err != nil {
		t.Fatal(err)
	}
	im.DefaultAnalyzer = analyzer
	bi, err := bleve.New(filepath.Join(t.TempDir(), analyzer), im)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bi.Close() })
	b := bi.NewBatch()
	for _, a := range arts {
		doc := map[string]string{"title": a.Title, "lead": a.Lead, "body": a.Body}
		if err := b.Index(a.ID, doc); err != nil {
			t.Fatal(err)
		}
		if b.Size() >= DefaultBatchSize {
			if err := bi.Batch(b); err != nil {
				t.Fatal(err)
			}
			b = bi.NewBatch()
		}
	}
	if err := bi.Batch(b); err != nil {
		t.Fatal(err)
	}
	return func(q string) []string {
		mq := query.NewMatchQuery(q)
		mq.SetOperator(query.MatchQueryOperatorAnd)
		res, err := bi.Search(bleve.NewSearchRequestOptions(mq, 10, 0, false))
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		return out
	}
}
