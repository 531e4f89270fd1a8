// Command extractscore measures Haberci's article extractor against two
// public sets with human-checked text: the Scrapinghub
// article-extraction-benchmark (181 pages, ground-truth.json) and Mozilla
// Readability's test pages (expected.html per page).
//
// For each page it compares the extracted body with the expected text as
// bags of tokens and reports mean precision, mean recall, their F1, and
// the median per-page F1. Two tokenisations are reported: "words"
// (lower-cased words) and "shingle4" (case-kept 4-word shingles, the
// metric of the benchmark's own evaluate.py, which its published baselines
// use). bench/extractcompare runs the same sets against other extractors.
//
//	go run ./bench/extractscore -data ../shared/data
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/haberci/haberci/bench/extracteval"
	"github.com/haberci/haberci/crawler/extract"
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

func run(data string, worst int, show string, w io.Writer) error {
	sets, err := extracteval.LoadSets(data)
	if err != nil {
		return err
	}
	for _, set := range sets {
		if show != "" {
			showPages(w, set.Samples, show)
			continue
		}
		r := extracteval.Evaluate(set.Samples, haberci)
		fmt.Fprintf(w, "%s: %d pages, %d without content\n", set.Name, len(set.Samples), r.Failures)
		fmt.Fprintf(w, "  words     %s\n", extracteval.Summarise(r.Words))
		fmt.Fprintf(w, "  shingle4  %s\n", extracteval.Summarise(r.Shingles))
		if worst > 0 {
			listWorst(w, r.Words, worst)
		}
	}
	return nil
}

// haberci is the extractor under test, with generic extraction.
func haberci(s extracteval.Sample) (string, error) {
	r, err := extract.Page(s.HTML, s.URL, nil)
	if err != nil {
		return "", err
	}
	return r.Body, nil
}

// showPages prints what the extractor made of the matching pages, next to
// the expected text: the tool for finding out why a page scores low.
func showPages(w io.Writer, samples []extracteval.Sample, match string) {
	for _, s := range samples {
		if !strings.Contains(s.Name, match) {
			continue
		}
		r, err := extract.Page(s.HTML, s.URL, nil)
		fmt.Fprintf(w, "=== %s (err=%v)\n", s.Name, err)
		if r != nil {
			fmt.Fprintf(w, "title=%q lead=%q authors=%q published=%v lang=%s agency=%q\n--- body\n%s\n", r.Title, r.Lead, r.Authors, r.PublishedAt, r.Language, r.Agency, r.Body)
		}
		fmt.Fprintf(w, "--- want\n%s\n", s.Want)
	}
}

func listWorst(w io.Writer, scores []extracteval.PageScore, n int) {
	sorted := append([]extracteval.PageScore(nil), scores...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].F1() < sorted[j].F1() })
	for _, s := range sorted[:min(n, len(sorted))] {
		fmt.Fprintf(w, "    %.3f  P=%.3f R=%.3f  %s\n", s.F1(), s.Precision(), s.Recall(), s.Name)
	}
}
