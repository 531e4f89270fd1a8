package index

import (
	"strings"
	"time"
)

// relTargets is how many articles the suite builds queries around; each
// gives up to ten queries, whatever the corpus size.
const relTargets = 14

// relPerKind caps the OR, exclusion and date-filter queries of each kind.
const relPerKind = 12

// buildQueries derives the suite's queries from articles spread evenly
// over the corpus. Every judgement comes from the ground-truth words, not
// from our analysis: the relevant articles hold the words as written.
func (j *judge) buildQueries() []relQuery {
	var qs []relQuery
	add := func(kind, q string, rel map[string]bool, forbid func(relDoc) bool) {
		if n := len(rel); n >= 1 && n <= 10 {
			qs = append(qs, relQuery{kind: kind, q: q, relevant: rel, forbid: forbid})
		}
	}
	for k := 0; k < relTargets; k++ {
		d := j.docs[(2*k+1)*len(j.docs)/(2*relTargets)]
		rare := j.words(d, 1, 5)
		if len(rare) < 2 {
			continue
		}
		w1, w2 := rare[0], rare[1]
		both := j.where(func(x relDoc) bool { return hasAll(x, w1, w2) })
		add("exact words", w1+" "+w2, both, nil)
		add("capitals", upper(w1)+" "+upper(w2), both, nil)
		if fold(w1+w2) != w1+w2 {
			add("typed without Turkish letters", fold(w1)+" "+fold(w2), both, nil)
		}
		for _, w := range []string{w1, w2} {
			if strings.Contains(d.art.Title+d.art.Lead+d.art.Body, title(w)) {
				other := w1 + w2
				other = strings.Replace(other, w, "", 1)
				add("apostrophe suffix", title(w)+locative(w)+" "+other, both, nil)
				break
			}
		}
		for _, w := range j.words(d, 1, 40) {
			if f, ok := j.inflected(d, w); ok && w != w1 {
				rel := j.where(func(x relDoc) bool { return hasAll(x, w, w1) })
				add("other inflection", f+" "+w1, rel, nil)
				break
			}
		}
		if x, y, ok := j.phrase(d); ok {
			rel := j.where(func(o relDoc) bool { return hasBigram(o.seq, x, y) })
			add("phrase", `"`+x+" "+y+`"`, rel, nil)
			if fold(x+y) != x+y {
				add("phrase without Turkish letters", `"`+fold(x)+" "+fold(y)+`"`, rel, nil)
			}
		}
	}
	return append(qs, j.filterQueries()...)
}

// filterQueries derives OR, exclusion and date-filter queries from names
// (see name) of articles spread over the corpus, up to relPerKind each.
func (j *judge) filterQueries() []relQuery {
	var qs []relQuery
	count := map[string]int{}
	add := func(kind, q string, rel map[string]bool, forbid func(relDoc) bool) {
		if n := len(rel); n >= 1 && n <= 10 && count[kind] < relPerKind {
			count[kind]++
			qs = append(qs, relQuery{kind: kind, q: q, relevant: rel, forbid: forbid})
		}
	}
	prev := ""
	for k := 0; k < 5*relTargets; k++ {
		d := j.docs[(2*k+1)*len(j.docs)/(10*relTargets)]
		var names []string
		for _, w := range j.words(d, 1, 10) {
			if j.name(d, w) {
				names = append(names, w)
			}
		}
		if len(names) == 0 {
			continue
		}
		w := names[len(names)-1] // the most frequent: more articles to judge
		if prev != "" {
			add("OR", prev+" OR "+w, j.where(func(x relDoc) bool { return x.words[prev] || x.words[w] }), nil)
		}
		prev = names[0]
		if v, ok := j.excludable(d, w); ok {
			add("exclusion", w+" -"+v, j.where(func(x relDoc) bool { return x.words[w] && !x.words[v] }),
				func(x relDoc) bool { return x.words[v] })
		}
		day := d.art.PublishedAt.Truncate(24*time.Hour).AddDate(0, 0, -k%3)
		dq, in := dateRangeOf(day, 4+3*(k%4))
		add("date filter", w+" "+dq, j.where(func(x relDoc) bool { return x.words[w] && in(x.art.PublishedAt) }),
			func(x relDoc) bool { return !in(x.art.PublishedAt) })
	}
	return qs
}

// phrase picks two consecutive plain words of d's body, one of them rare.
func (j *judge) phrase(d relDoc) (x, y string, ok bool) {
	body := gtWords(d.art.Body)
	for i := 1; i < len(body); i++ {
		x, y := body[i-1], body[i]
		if plainWord(x) && plainWord(y) && (j.df[x] <= 5 || j.df[y] <= 5) {
			return x, y, true
		}
	}
	return "", "", false
}

// hasBigram reports whether x y follow each other in seq.
func hasBigram(seq []string, x, y string) bool {
	for i := 1; i < len(seq); i++ {
		if seq[i-1] == x && seq[i] == y {
			return true
		}
	}
	return false
}

// excludable finds a word v that some other article with w holds and d
// does not, so that "w -v" keeps d and drops that article.
func (j *judge) excludable(d relDoc, w string) (string, bool) {
	for _, o := range j.docs {
		if o.art.ID == d.art.ID || !o.words[w] {
			continue
		}
		for _, v := range gtWords(o.art.Title + " \n " + o.art.Lead) {
			if plainWord(v) && !d.words[v] && j.df[v] <= 50 && j.name(o, v) {
				return v, true
			}
		}
	}
	return "", false
}
