package watch

import (
	"strings"
	"unicode"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/syndication"
	"github.com/haberci/haberci/turkish"
)

// Band families of a release watch in the archive's watch_band table.
const (
	// familyCopy are the clustering's bands (syndication.Signature.Bands of
	// the shingles): a copy shares one with high probability.
	familyCopy = 0
	// familyTerms are the term bands (syndication.TermBands): a rewrite
	// shares few shingles but most terms.
	familyTerms = 1
)

// release is a release watch's text, ready to compare.
type release struct {
	title    string
	shingles syndication.Shingles
	terms    syndication.Shingles
	body     string   // for the paragraphs kept, worked out only for a match
	credit   []string // folded credit names
}

// newRelease prepares the text of a release watch.
func newRelease(w *archive.Watch) *release {
	r := &release{
		title:    w.Title,
		body:     w.Body,
		shingles: syndication.Shingle(w.Body),
		terms:    syndication.Terms(w.Body),
	}
	for _, c := range w.Credit {
		if c = strings.TrimSpace(turkish.Fold(c)); c != "" {
			r.credit = append(r.credit, c)
		}
	}
	return r
}

// bands are the release's LSH bands per family.
func (r *release) bands() archive.WatchBands {
	out := archive.WatchBands{}
	if len(r.shingles) >= syndication.MinShingles {
		sig := syndication.Sign(r.shingles)
		out[familyCopy] = sig.Bands()
	}
	if len(r.terms) >= syndication.MinTerms {
		sig := syndication.Sign(r.terms)
		out[familyTerms] = syndication.TermBands(&sig)
	}
	return out
}

// articleText is an article's text, prepared once for every watch that
// may match it.
type articleText struct {
	art      *article.Article
	shingles syndication.Shingles
	terms    syndication.Shingles
}

func newArticleText(a *article.Article) *articleText {
	return &articleText{art: a, shingles: syndication.Shingle(a.Body), terms: syndication.Terms(a.Body)}
}

// bands are the article's LSH bands per family.
func (t *articleText) bands() archive.WatchBands {
	return (&release{shingles: t.shingles, terms: t.terms}).bands()
}

// compare decides whether t carries the release of watch w (r its text)
// and how: the match to record, ok false when it does not.
func (r *release) compare(w *archive.Watch, t *articleText) (archive.Match, bool) {
	m := archive.Match{WatchID: w.ID, ArticleID: t.art.ID}
	sim, same := syndication.Same(r.shingles, t.shingles)
	switch {
	case w.ArticleID != "" && t.art.ID == w.ArticleID:
		m.Relation, sim.Containment = "original", 1
	case same:
		m.Relation = "copy"
	default:
		s, ok := syndication.Rewritten(r.shingles, t.shingles, r.terms, t.terms)
		if !ok {
			return m, false
		}
		m.Relation, sim = "rewrite", s
	}
	m.Similarity = round3(sim.Containment)
	m.Credited = r.credited(t.art)
	m.HeadlineChanged = r.title != "" && fold(r.title) != fold(t.art.Title)
	m.Kept = round3(r.kept(t.shingles))
	m.Intro = m.Relation == "copy" && r.intro(t.art.Body)
	return m, true
}

// credited reports whether a carries one of the release's credit names:
// as its agency (from the credit line or byline) or in its text, as whole
// words.
func (r *release) credited(a *article.Article) bool {
	if len(r.credit) == 0 {
		return false
	}
	agency := fold(a.Agency)
	text := " " + strings.Join(strings.FieldsFunc(turkish.Fold(a.Title+"\n"+a.Lead+"\n"+a.Body+"\n"+strings.Join(a.Authors, "\n")), notWord), " ") + " "
	for _, c := range r.credit {
		if agency != "" && c == agency {
			return true
		}
		words := strings.FieldsFunc(c, notWord)
		if len(words) == 0 {
			continue
		}
		// A bare two-letter abbreviation ("aa") is too common as a
		// word; it counts through the agency field only.
		if len(words) == 1 && len(words[0]) < 3 {
			continue
		}
		if strings.Contains(text, " "+strings.Join(words, " ")+" ") {
			return true
		}
	}
	return false
}

// kept is the share of the release's paragraphs that sh carries (at least
// half of a paragraph's shingles).
func (r *release) kept(sh syndication.Shingles) float64 {
	n, all := 0, 0
	for _, para := range article.Paragraphs(r.body) {
		p := syndication.Shingle(para)
		if len(p) == 0 {
			continue
		}
		all++
		if syndication.Compare(p, sh).Containment >= 0.5 && len(p) <= len(sh) {
			n++
		}
	}
	if all == 0 {
		return 0
	}
	return float64(n) / float64(all)
}

// intro reports a first paragraph that is not the release's: an outlet's
// own words put before the copied text.
func (r *release) intro(body string) bool {
	ps := article.Paragraphs(body)
	if len(ps) < 2 {
		return false
	}
	first := syndication.Shingle(ps[0])
	if len(first) < 3 {
		return false
	}
	return syndication.Compare(first, r.shingles).Containment < 0.2
}

func fold(s string) string {
	return strings.Join(strings.FieldsFunc(turkish.Fold(s), notWord), " ")
}

func notWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }
