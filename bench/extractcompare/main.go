// Command extractcompare runs Haberci's article extractor, go-trafilatura
// and go-readability on the same pages in one run and prints a markdown
// table of their token precision, recall and F1 against the expected text
// (see bench/extracteval), their failures and their time per page.
//
// It is a module of its own so that the other extractors never enter the
// daemon's dependencies:
//
//	cd bench/extractcompare && go run . -data ../../../shared/data
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/haberci/haberci/bench/extracteval"
)

func main() {
	data := flag.String("data", "../../../shared/data", "folder holding article-extraction-benchmark and readability-test-pages")
	losses := flag.Int("losses", 0, "also list, per set, the N pages where Haberci trails the best other extractor most (word F1)")
	flag.Parse()
	if err := run(*data, *losses, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "extractcompare:", err)
		os.Exit(1)
	}
}

func run(data string, losses int, w io.Writer) error {
	sets, err := extracteval.LoadSets(data)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "| set | extractor | P words | R words | F1 words | P shingle4 | R shingle4 | F1 shingle4 | median F1 words | median F1 shingle4 | failures | ms/page |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|")
	runs := make([][]extracteval.Run, len(sets))
	for i, set := range sets {
		for _, ex := range extractors {
			r := extracteval.Evaluate(set.Samples, ex.run)
			runs[i] = append(runs[i], r)
			ws, ss := extracteval.Summarise(r.Words), extracteval.Summarise(r.Shingles)
			fmt.Fprintf(w, "| %s (%d) | %s | %.3f | %.3f | **%.3f** | %.3f | %.3f | **%.3f** | %.3f | %.3f | %d | %.1f |\n",
				set.Name, len(set.Samples), ex.name, ws.P, ws.R, ws.F1, ss.P, ss.R, ss.F1, ws.MedianF1, ss.MedianF1,
				r.Failures, float64(r.PerPage().Microseconds())/1000)
		}
	}
	if losses > 0 {
		for i, set := range sets {
			listLosses(w, set.Name, runs[i], losses)
		}
	}
	return nil
}

// listLosses prints the pages where Haberci (runs[0]) scores furthest
// below the best of the others: where to look for what it misses.
func listLosses(w io.Writer, set string, runs []extracteval.Run, n int) {
	type loss struct {
		gap, ours, best float64
		by, name        string
	}
	var ls []loss
	for p, ours := range runs[0].Words {
		l := loss{ours: ours.F1(), name: ours.Name}
		for k, r := range runs[1:] {
			if f := r.Words[p].F1(); f > l.best {
				l.best, l.by = f, extractors[k+1].name
			}
		}
		l.gap = l.best - l.ours
		ls = append(ls, l)
	}
	sort.Slice(ls, func(i, j int) bool { return ls[i].gap > ls[j].gap })
	fmt.Fprintf(w, "\n%s: pages where Haberci trails most (word F1)\n", set)
	for _, l := range ls[:min(n, len(ls))] {
		fmt.Fprintf(w, "  %+.3f  ours %.3f, %s %.3f  %s\n", -l.gap, l.ours, l.by, l.best, l.name)
	}
}
