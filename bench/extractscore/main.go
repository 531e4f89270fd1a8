// Command extractscore measures Haberci's article extractor against two
// public sets with human-checked text: the Scrapinghub
// article-extraction-benchmark (181 pages, ground-truth.json) and Mozilla
// Readability's test pages (expected.html per page).
//
// For each page it compares the extracted body with the expected text as
// bags of tokens and reports mean precision, mean recall, their F1, and
// the median per-page F1. Two tokenisations are reported: "words"
// (lower-cased words, n=1) and "shingle4" (case-kept 4-word shingles, the
// metric of the benchmark's own evaluate.py, which its published baselines
// use).
//
//	go run ./bench/extractscore -data ../shared/data
package main

import (
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/haberci/haberci/crawler/extract"
	"golang.org/x/net/html"
)

func main() {
	data := flag.String("data", "../shared/data", "folder holding article-extraction-benchmark and readability-test-pages")
	worst := flag.Int("worst", 0, "also list the N pages with the lowest word F1")
	show := flag.String("show", "", "print the extraction of the pages whose name contains this, instead of scores")
	flag.Parse()
	if err := run(*data, *worst, *show, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "extractscore:", err)
		os.Exit(1)
	}
}

// sample is one page with its expected article text.
type sample struct {
	name, url, want string
	html            []byte
}

func run(data string, worst int, show string, w io.Writer) error {
	aeb, err := loadBenchmark(filepath.Join(data, "article-extraction-benchmark"))
	if err != nil {
		return err
	}
	rtp, err := loadReadability(filepath.Join(data, "readability-test-pages", "pages"))
	if err != nil {
		return err
	}
	for _, set := range []struct {
		name    string
		samples []sample
	}{{"article-extraction-benchmark", aeb}, {"readability-test-pages", rtp}} {
		if show != "" {
			showPages(w, set.samples, show)
			continue
		}
		words, shingles, failed := score(set.samples)
		fmt.Fprintf(w, "%s: %d pages, %d without content\n", set.name, len(set.samples), failed)
		fmt.Fprintf(w, "  words     %s\n", summarise(words))
		fmt.Fprintf(w, "  shingle4  %s\n", summarise(shingles))
		if worst > 0 {
			listWorst(w, words, worst)
		}
	}
	return nil
}

// score extracts every sample and returns its per-page scores under both
// tokenisations, and how many pages gave no content at all.
func score(samples []sample) (words, shingles []pageScore, failed int) {
	for _, s := range samples {
		got := ""
		r, err := extract.Page(s.html, s.url, nil)
		if err != nil {
			failed++
		} else {
			got = r.Body
		}
		words = append(words, compare(s.name, wordTokens(s.want, 1), wordTokens(got, 1)))
		shingles = append(shingles, compare(s.name, caseTokens(s.want, 4), caseTokens(got, 4)))
	}
	return words, shingles, failed
}

// showPages prints what the extractor made of the matching pages, next to
// the expected text: the tool for finding out why a page scores low.
func showPages(w io.Writer, samples []sample, match string) {
	for _, s := range samples {
		if !strings.Contains(s.name, match) {
			continue
		}
		r, err := extract.Page(s.html, s.url, nil)
		fmt.Fprintf(w, "=== %s (err=%v)\n", s.name, err)
		if r != nil {
			fmt.Fprintf(w, "title=%q lead=%q authors=%q published=%v lang=%s agency=%q\n--- body\n%s\n", r.Title, r.Lead, r.Authors, r.PublishedAt, r.Language, r.Agency, r.Body)
		}
		fmt.Fprintf(w, "--- want\n%s\n", s.want)
	}
}

func listWorst(w io.Writer, scores []pageScore, n int) {
	sorted := append([]pageScore(nil), scores...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].f1() < sorted[j].f1() })
	for _, s := range sorted[:min(n, len(sorted))] {
		fmt.Fprintf(w, "    %.3f  P=%.3f R=%.3f  %s\n", s.f1(), s.precision(), s.recall(), s.name)
	}
}

func loadBenchmark(dir string) ([]sample, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, err
	}
	var truth map[string]struct {
		URL         string `json:"url"`
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		return nil, fmt.Errorf("ground-truth.json: %w", err)
	}
	var out []sample
	for id, t := range truth {
		page, err := readGzip(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return nil, err
		}
		out = append(out, sample{name: id[:12] + " " + t.URL, url: t.URL, want: t.ArticleBody, html: page})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(io.LimitReader(zr, 64<<20))
}

func loadReadability(dir string) ([]sample, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []sample
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join(dir, e.Name(), "source.html"))
		if err != nil {
			continue // a case without a source page is not a page test
		}
		want, err := os.ReadFile(filepath.Join(dir, e.Name(), "expected.html"))
		if err != nil {
			continue
		}
		text, err := htmlText(want)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		// Readability's tests run every page as if fetched from this URL.
		out = append(out, sample{name: e.Name(), url: "http://fakehost/test/page.html", want: text, html: src})
	}
	return out, nil
}

// median of xs; 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// pageScore is the token overlap of one page, as in the benchmark's
// evaluate.py: true and false positives and false negatives of a multiset.
type pageScore struct {
	name       string
	tp, fp, fn int
}

// precision and recall follow evaluate.py: two empty texts agree fully.
func (s pageScore) precision() float64 {
	if s.fp == 0 && s.fn == 0 {
		return 1
	}
	if s.tp+s.fp == 0 {
		return 0
	}
	return float64(s.tp) / float64(s.tp+s.fp)
}

func (s pageScore) recall() float64 {
	if s.fp == 0 && s.fn == 0 {
		return 1
	}
	if s.tp+s.fn == 0 {
		return 0
	}
	return float64(s.tp) / float64(s.tp+s.fn)
}

func (s pageScore) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// compare counts the overlap of two token multisets.
func compare(name string, want, got []string) pageScore {
	counts := map[string]int{}
	for _, t := range want {
		counts[t]++
	}
	s := pageScore{name: name}
	for _, t := range got {
		if counts[t] > 0 {
			counts[t]--
			s.tp++
		} else {
			s.fp++
		}
	}
	for _, c := range counts {
		s.fn += c
	}
	return s
}

// summarise prints mean P and R over pages (precision only over pages that
// produced tokens, as evaluate.py does), F1 of those means, and the median
// per-page F1.
func summarise(scores []pageScore) string {
	var p, r []float64
	var f1s []float64
	for _, s := range scores {
		if s.tp+s.fp > 0 {
			p = append(p, s.precision())
		}
		if s.tp+s.fn > 0 {
			r = append(r, s.recall())
		}
		f1s = append(f1s, s.f1())
	}
	mp, mr := mean(p), mean(r)
	f1 := 0.0
	if mp+mr > 0 {
		f1 = 2 * mp * mr / (mp + mr)
	}
	return fmt.Sprintf("P=%.3f R=%.3f F1=%.3f median-F1=%.3f", mp, mr, f1, median(f1s))
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// words splits text at every rune that is not a letter, digit or "_" (the
// \w+ of evaluate.py).
func words(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && !unicode.Is(unicode.Mn, r)
	})
}

// wordTokens are lower-cased n-grams of words.
func wordTokens(text string, n int) []string { return ngrams(words(strings.ToLower(text)), n) }

// caseTokens are n-grams of words as written, evaluate.py's shingles.
func caseTokens(text string, n int) []string { return ngrams(words(text), n) }

func ngrams(ws []string, n int) []string {
	if n <= 1 {
		return ws
	}
	var out []string
	for i := 0; i < max(1, len(ws)-n+1); i++ {
		if i < len(ws) {
			out = append(out, strings.Join(ws[i:min(i+n, len(ws))], " "))
		}
	}
	return out
}

// htmlText is the text of an expected-output HTML file, with a space
// wherever a block ends so that words of two paragraphs never merge.
func htmlText(src []byte) (string, error) {
	doc, err := html.Parse(strings.NewReader(string(src)))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "a", "b", "i", "em", "strong", "span", "code", "sup", "sub", "small", "mark", "abbr", "cite", "q", "u", "s", "font":
			default:
				b.WriteByte(' ')
			}
		}
	}
	walk(doc)
	return b.String(), nil
}
