// Package conllu reads the words of a Universal Dependencies treebank
// (CoNLL-U): the hand-checked (form, lemma, part of speech) triples that
// the Turkish lemma tests and the search evaluation are measured on.
package conllu

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// Word is one syntactic word with its treebank lemma and universal part of
// speech (NOUN, VERB, PROPN…). Sentence numbers the sentence it is in.
type Word struct {
	Form, Lemma, UPOS string
	Sentence          int
}

// Read returns the syntactic words of the CoNLL-U file at path. Multiword
// token lines (1-2) and empty nodes (1.1) are skipped: the words they
// span carry the lemmas.
func Read(path string) ([]Word, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("conllu: %w", err)
	}
	defer f.Close()
	var out []Word
	sentence := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			sentence++
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 4 || strings.ContainsAny(cols[0], "-.") {
			continue
		}
		out = append(out, Word{Form: cols[1], Lemma: cols[2], UPOS: cols[3], Sentence: sentence})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conllu: %s: %w", path, err)
	}
	return out, nil
}
