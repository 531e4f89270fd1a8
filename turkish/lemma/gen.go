//go:build ignore

// gen writes data/lexicon.txt.gz, the lexicon the lemmatizer embeds, from
// the zemberek-nlp dictionaries (Apache-2.0; see data/NOTICE). Run from
// this directory with the shared data checked out beside the project:
//
//	go run gen.go ../../../shared/data/zemberek-lexicon
package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// files are the dictionaries taken: general vocabulary, common words
// missing from it, proper nouns and person names. Place names (27k, many of
// them neighbourhoods named after common words) and abbreviations are left
// to the Snowball fallback.
var files = []string{"master-dictionary.dict", "non-tdk.dict", "proper.dict", "person-names.dict"}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run gen.go ZEMBEREK_LEXICON_DIR")
		os.Exit(2)
	}
	out, err := os.Create("data/lexicon.txt.gz")
	if err != nil {
		fail(err)
	}
	zw, _ := gzip.NewWriterLevel(out, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	for _, name := range files {
		f, err := os.Open(filepath.Join(os.Args[1], name))
		if err != nil {
			fail(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") || strings.Contains(line, "P:Punc") {
				continue
			}
			fmt.Fprintln(w, line)
		}
		if err := sc.Err(); err != nil {
			fail(err)
		}
		f.Close()
	}
	if err := w.Flush(); err != nil {
		fail(err)
	}
	if err := zw.Close(); err != nil {
		fail(err)
	}
	if err := out.Close(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
