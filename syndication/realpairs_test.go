package syndication

import (
	"bufio"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/haberci/haberci/internal/shareddata"
)

// realPair is one pair of real texts labelled by hand (testdata/real-pairs.tsv).
type realPair struct {
	a, b, label, reason string
	textA, textB        string
}

// Labels of testdata/real-pairs.tsv.
const (
	labelCopy    = "copy"    // the same text, edited
	labelRewrite = "rewrite" // the same event, independently written
	labelOther   = "other"   // a different event
)

// loadRealPairs reads the hand-labelled pairs and their texts from the
// shared corpora.
func loadRealPairs(t *testing.T) []realPair {
	t.Helper()
	f, err := os.Open("testdata/real-pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []realPair
	kemik := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			t.Fatalf("real-pairs.tsv: %q: want 4 columns", line)
		}
		p := realPair{a: cols[0], b: cols[1], label: cols[2], reason: cols[3]}
		switch p.label {
		case labelCopy, labelRewrite, labelOther:
		default:
			t.Fatalf("real-pairs.tsv: %q: unknown label %q", line, p.label)
		}
		for _, id := range []string{p.a, p.b} {
			if name, ok := strings.CutPrefix(id, "kemik:"); ok {
				kemik["news/"+name] = true
			}
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	named := loadNamed(t, kemik)
	text := func(id string) string {
		if name, ok := strings.CutPrefix(id, "kemik:"); ok {
			d, ok := named["news/"+name]
			if !ok {
				t.Fatalf("real-pairs.tsv: %s is not in the Kemik tarball", id)
			}
			return d.body()
		}
		return ttcText(t, id)
	}
	for i := range out {
		out[i].textA, out[i].textB = text(out[i].a), text(out[i].b)
	}
	return out
}

// ttcText reads a TTC-3600 text by its id, "ttc:<category>/<N>", as
// paragraphs. TTC-3600 was scraped with HTML entities left in some files
// ("&ccedil;"); an extracted page has them decoded, so they are decoded
// here too.
func ttcText(t *testing.T, id string) string {
	t.Helper()
	cat, n, ok := strings.Cut(strings.TrimPrefix(id, "ttc:"), "/")
	if !ok || !strings.HasPrefix(id, "ttc:") {
		t.Fatalf("real-pairs.tsv: bad id %q", id)
	}
	b, err := os.ReadFile(filepath.Join(sharedData, "ttc-3600", "TTC-3600_Orj", cat, "c ("+n+").txt"))
	if err != nil {
		shareddata.Missing(t, err)
	}
	text := strings.Join(strings.Fields(html.UnescapeString(strings.TrimPrefix(string(b), "\uFEFF"))), " ")
	return strings.Join(sentenceParas(text), "\n\n")
}

// sentenceParas cuts a one-block text into paragraphs of three sentences.
func sentenceParas(text string) []string {
	var paras []string
	sents := strings.SplitAfter(text, ". ")
	for j := 0; j < len(sents); j += 3 {
		paras = append(paras, strings.TrimSpace(strings.Join(sents[j:min(j+3, len(sents))], "")))
	}
	return paras
}

// judged is a pair prepared for the rewrite rule.
type judged struct {
	rewrite            bool // labelled "same event, independently written"
	shA, shB, tmA, tmB Shingles
}

func newJudged(rewrite bool, a, b string) judged {
	return judged{rewrite, Shingle(a), Shingle(b), Terms(a), Terms(b)}
}

func (j judged) rewritten(r rewriteRule) bool {
	if _, same := Same(j.shA, j.shB); same {
		return false
	}
	_, ok := r.rewritten(j.shA, j.shB, j.tmA, j.tmB)
	return ok
}

// tally counts the rewrite pairs called rewrites (hit of nRewrite) and the
// other pairs called rewrites (alarm of nOther).
type tally struct{ hit, nRewrite, alarm, nOther int }

func rates(js []judged, r rewriteRule) tally {
	var c tally
	for _, j := range js {
		got := j.rewritten(r)
		if j.rewrite {
			c.nRewrite++
			if got {
				c.hit++
			}
		} else {
			c.nOther++
			if got {
				c.alarm++
			}
		}
	}
	return c
}

func (c tally) String() string {
	return fmt.Sprintf("rewrites found %d of %d (%.3f), other events called rewrites %d of %d (%.3f)",
		c.hit, c.nRewrite, float64(c.hit)/float64(max(c.nRewrite, 1)), c.alarm, c.nOther, float64(c.alarm)/float64(max(c.nOther, 1)))
}

// TestRealRewrites measures the rewrite rule (Rewritten) on the
// hand-labelled pairs that are no copies: two outlets' own reports of one
// event should be called rewrites, reports of another event should not.
//
// It also tries a terms-only branch (a rewrite shares termsAlone of the
// shorter's terms, word runs or not), choosing its setting on half of the
// pairs (every other one in file order: the lowest setting that calls at
// most one more tuning-half other-event pair a rewrite than the rule
// without it, and at most 1 % of Kemik's same-topic stories) and reporting
// the other half. On the first 75 TTC-3600 pairs it picked 0.75 and found
// 13 of 24 held-out rewrites instead of 8 at no extra false alarm; with the
// Kemik pairs added it picks 0.95, which gains one rewrite and one false
// alarm on the held-out half: league tables and tournament days of other
// weeks share most of their names. So the rule has no such branch.
//
// Measured (2026-12), all 114 pairs: see docs/performance.md.
func TestRealRewrites(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("evaluation: runs without -short and -race")
	}
	var tune, held []judged
	for _, p := range loadRealPairs(t) {
		if p.label == labelCopy {
			continue
		}
		j := newJudged(p.label == labelRewrite, p.textA, p.textB)
		if (len(tune)+len(held))%2 == 0 {
			tune = append(tune, j)
		} else {
			held = append(held, j)
		}
	}
	all := append(slices.Clone(tune), held...)
	current := rewriteRule{RewriteShared, RewriteTerms, termsAloneOff}
	got := rates(all, current)
	if got.nRewrite < 40 || got.nOther < 20 {
		t.Fatalf("evaluation set too small: %d rewrites, %d other-event pairs", got.nRewrite, got.nOther)
	}
	skip, _ := duplicateFiles(t)
	var topics []judged
	for _, p := range sameTopicStories(t, skip) {
		topics = append(topics, newJudged(false, p[0], p[1]))
	}
	base := rates(tune, current).alarm
	chosen := current
	for alone := 1.0; alone >= 0.5499; alone -= 0.05 {
		r := rewriteRule{RewriteShared, RewriteTerms, math.Round(alone*100) / 100}
		if rates(tune, r).alarm > base+1 || rates(topics, r).alarm*100 > len(topics) {
			break
		}
		chosen = r
	}
	t.Logf("all pairs, current rule: %v", got)
	t.Logf("held-out half, current rule: %v", rates(held, current))
	t.Logf("held-out half, terms-only branch at %.2f (chosen on the tuning half): %v", chosen.termsAlone, rates(held, chosen))
	// Floors under the measured 0.615 found and 0.222 false alarms.
	if got.hit*1000 < 600*got.nRewrite || got.alarm*1000 > 250*got.nOther {
		t.Errorf("current rule: %v (floors: found 0.60, false alarms 0.25)", got)
	}
}
