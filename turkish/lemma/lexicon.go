package lemma

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/haberci/haberci/turkish"
)

//go:generate go run gen.go ../../../shared/data/zemberek-lexicon

// lexiconGz is the zemberek-nlp lexicon (Apache-2.0, see data/NOTICE and
// data/LICENSE), one lemma a line with its attributes; gen.go makes it.
//
//go:embed data/lexicon.txt.gz
var lexiconGz []byte

// Attributes of a lemma that decide how it meets its suffixes.
const (
	fVoicing        uint16 = 1 << iota // final p ç t k voices before a vowel (kitap → kitabı)
	fNoVoicing                         // it does not, though the default says so (park → parkı)
	fInverseHarmony                    // suffixes take front vowels (saat → saati, kabul → kabulü)
	fLastVowelDrop                     // the last vowel drops before a vowel (vakıf → vakfa)
	fDoubling                          // the last consonant doubles before a vowel (hak → hakkı)
	fVerb                              // a verb: the lemma is its infinitive
	fProper                            // a proper noun
	fClosed                            // a pronoun, conjunction, postposition…: never inflected here
)

// entry is one lemma of the lexicon.
type entry struct {
	lemma string // the term a word of this lemma is indexed under
	root  string // what suffixes attach to: the lemma, a verb without -mAk
	flags uint16
}

// variant is one spelling of a root as it stands before suffixes, with
// what may follow it.
type variant struct {
	e        *entry
	spelling string // the root as spelled before the suffixes
	need     uint8  // what the first suffix must be (needVowel, needConsonant…)
	harm     rune   // the vowel that the first suffix harmonises with
}

// Constraints on the first suffix after a variant.
const (
	needAny       uint8 = iota
	needConsonant       // the plain root of a word that changes before vowels
	needVowel           // a voiced, vowel-dropped or doubled root
	needIyor            // a verb root without its last vowel: başl-ıyor
	needY               // de, ye as di, yi: diyor, yiyecek
	needNothing         // a closed-class word: only as it is
)

// lexicon maps each spelling of a root before its suffixes to its variants;
// folded does the same for the spellings folded to ASCII.
type lexicon struct {
	stems  map[string][]variant
	folded map[string][]variant
}

var (
	lexOnce sync.Once
	lex     *lexicon
	lexErr  error
)

// Load parses the embedded lexicon, which the first analysis would
// otherwise do (about 0.1 s of CPU). A program calls it when it starts, so
// that no article or query waits for it and a bad lexicon is an error there
// rather than a panic later.
func Load() error {
	_, err := load()
	return err
}

// load parses the embedded lexicon once.
func load() (*lexicon, error) {
	lexOnce.Do(func() { lex, lexErr = parseLexicon(lexiconGz) })
	return lex, lexErr
}

// parseLexicon reads gzipped lines "word [P:Noun; A:Voicing, …]".
func parseLexicon(gz []byte) (*lexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("lemma: lexicon: %w", err)
	}
	l := &lexicon{stems: make(map[string][]variant, 80000), folded: make(map[string][]variant, 80000)}
	seen := make(map[string]bool, 40000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		e, ok := parseLine(sc.Text())
		if !ok {
			continue
		}
		key := e.lemma + "\x00" + fmt.Sprint(e.flags)
		if seen[key] {
			continue
		}
		seen[key] = true
		for _, v := range variants(e) {
			l.add(v)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lemma: lexicon: %w", err)
	}
	return l, nil
}

// add files v under its spelling, and under its folded form.
func (l *lexicon) add(v variant) {
	l.stems[v.spelling] = append(l.stems[v.spelling], v)
	f := turkish.Fold(v.spelling)
	l.folded[f] = append(l.folded[f], v)
}

// parseLine reads one lexicon line; ok is false for what the lemmatizer
// does not use (duplications, abbreviations, multi-word entries).
func parseLine(line string) (*entry, bool) {
	word, attrs, _ := strings.Cut(line, "[")
	word = strings.TrimSpace(word)
	if word == "" || strings.ContainsAny(word, " -.'0123456789") {
		return nil, false
	}
	e := &entry{}
	pos := ""
	for _, part := range strings.Split(strings.TrimSuffix(strings.TrimSpace(attrs), "]"), ";") {
		k, v, _ := strings.Cut(part, ":")
		switch strings.TrimSpace(k) {
		case "P":
			pos = strings.TrimSpace(v)
		case "A":
			for _, a := range strings.Split(v, ",") {
				switch strings.TrimSpace(a) {
				case "Voicing":
					e.flags |= fVoicing
				case "NoVoicing":
					e.flags |= fNoVoicing
				case "InverseHarmony":
					e.flags |= fInverseHarmony
				case "LastVowelDrop":
					e.flags |= fLastVowelDrop
				case "Doubling":
					e.flags |= fDoubling
				}
			}
		}
	}
	switch {
	case strings.Contains(pos, "Dup"), strings.Contains(pos, "Abbrv"), strings.Contains(pos, "Punc"):
		return nil, false
	case strings.Contains(pos, "Prop"):
		e.flags |= fProper
	case pos == "Pron" || pos == "Conj" || pos == "Postp" || pos == "Interj" || pos == "Det" || pos == "Ques":
		e.flags |= fClosed
	}
	if r := []rune(word)[0]; r != []rune(turkish.Lower(string(r)))[0] {
		e.flags |= fProper // proper.dict and person names are capitalised
	}
	e.lemma = string(turkish.DropCircumflex(turkish.LowerBytes([]byte(word))))
	e.root = e.lemma
	if (pos == "" || pos == "Verb") && e.flags&fProper == 0 && len(e.lemma) > 4 &&
		(strings.HasSuffix(e.lemma, "mak") || strings.HasSuffix(e.lemma, "mek")) {
		e.flags |= fVerb
		e.root = e.lemma[:len(e.lemma)-3]
		e.lemma = e.root + "-" + e.lemma[len(e.lemma)-3:]
	}
	return e, true
}

// variants lists the spellings of e's root before suffixes: the root, and
// where it changes before a vowel (voicing, vowel drop, doubling) or
// before -Iyor (a verb's last vowel), the changed root.
func variants(e *entry) []variant {
	root := e.root
	harm := harmonyVowel(root, e.flags&fInverseHarmony != 0)
	if e.flags&(fClosed|fProper) != 0 {
		// Closed classes are not inflected here; a proper noun takes its
		// suffixes after an apostrophe (Ankara'da), which the tokenizer's
		// chain cuts, so an unmarked ending on a name's spelling is another
		// word's (yaşın+da is yaş's, not the name Yaşın's).
		return []variant{{e, root, needNothing, harm}}
	}
	var soft []string
	rs := []rune(root)
	last := rs[len(rs)-1]
	if e.flags&fDoubling != 0 && !isVowel(last) {
		d := string(rs) + string(last)
		if e.flags&fVoicing != 0 {
			if v, ok := voiced(rs); ok {
				d = string(rs[:len(rs)-1]) + string(v) + string(v)
			}
		}
		soft = append(soft, d)
	}
	if e.flags&fLastVowelDrop != 0 && len(rs) >= 3 && isVowel(rs[len(rs)-2]) && !isVowel(last) {
		soft = append(soft, string(rs[:len(rs)-2])+string(last))
	}
	if voices(e, rs) {
		if v, ok := voiced(rs); ok {
			soft = append(soft, string(rs[:len(rs)-1])+string(v))
		}
	}
	out := []variant{{e, root, needAny, harm}}
	if root == "su" && e.flags&fVerb == 0 {
		out = append(out, variant{e, "suy", needVowel, 'u'}) // suyu, suyun: the one noun with a y before vowels
	}
	if voices(e, rs) || len(soft) > 0 && e.flags&fVerb == 0 {
		// kitapı, vakıfa, hakı are not words; a verb drops its vowel only
		// before some suffixes (çevrildi, but çeviren).
		out[0].need = needConsonant
	}
	for _, s := range soft {
		out = append(out, variant{e, s, needVowel, harmonyVowel(s, e.flags&fInverseHarmony != 0)})
	}
	if e.flags&fVerb != 0 && isVowel(last) {
		trunc := string(rs[:len(rs)-1])
		h := harmonyVowel(trunc, false)
		if h == 0 {
			h = last // de → d-iyor
		}
		out = append(out, variant{e, trunc, needIyor, h})
		if root == "de" || root == "ye" { // diyor, yiyecek
			out = append(out, variant{e, trunc + "i", needY, 'i'})
		}
	}
	return out
}

// voices reports whether the root's final p, ç, t or k becomes b, c, d, ğ
// before a vowel: when the lexicon says so, and by default for common
// nouns of more than one syllable.
func voices(e *entry, rs []rune) bool {
	if _, ok := voiced(rs); !ok {
		return false
	}
	switch {
	case e.flags&fVoicing != 0:
		return true
	case e.flags&(fNoVoicing|fVerb|fProper|fClosed) != 0:
		return false
	}
	return vowelCount(rs) > 1 || strings.HasSuffix(string(rs), "nk") // renk → rengi
}

// voiced returns the voiced form of the root's final consonant.
func voiced(rs []rune) (rune, bool) {
	switch rs[len(rs)-1] {
	case 'p':
		return 'b', true
	case 'ç':
		return 'c', true
	case 't':
		return 'd', true
	case 'k':
		if len(rs) > 1 && rs[len(rs)-2] == 'n' {
			return 'g', true // renk → rengi
		}
		return 'ğ', true
	}
	return 0, false
}
