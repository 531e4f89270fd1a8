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
		p.textA, p.textB = realText(t, p.a), realText(t, p.b)
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// realText reads a text by its id, "ttc:<category>/<N>", as paragraphs.
// TTC-3600 was scraped with HTML entities left in some files ("&ccedil;");
// an extracted page has them decoded, so they are decoded here too.
func realText(t *testing.T, id string) string {
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
// RewriteTermsAlone was chosen on half of the pairs (every other one in
// file order): the lowest setting that calls at most one more tuning-half
// other-event pair a rewrite than the rule without it does, and at most 1 %
// of Kemik's same-topic stories. The figure reported is the other half's.
//
// Measured (2026-12), held-out half (24 rewrites, 13 other events):
// without RewriteTermsAlone 8 rewrites found, 3 false alarms; with it 13
// and 3. All 75 pairs: 27 of 46 found, 7 of 29 false alarms. The Kemik
// rewrites of TestRewriteRule stay at 36 of 39, same-topic stories at 0.
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
	current := rewriteRule{RewriteShared, RewriteTerms, RewriteTermsAlone}
	without := rewriteRule{RewriteShared, RewriteTerms, 2} // containment never reaches 2
	if c := rates(all, current); c.nRewrite < 40 || c.nOther < 20 {
		t.Fatalf("evaluation set too small: %d rewrites, %d other-event pairs", c.nRewrite, c.nOther)
	}
	skip, _ := duplicateFiles(t)
	var topics []judged
	for _, p := range sameTopicStories(t, skip) {
		topics = append(topics, newJudged(false, p[0], p[1]))
	}

	base := rates(tune, without).alarm
	chosen := without
	for alone := 1.0; alone >= 0.5499; alone -= 0.05 {
		r := rewriteRule{RewriteShared, RewriteTerms, math.Round(alone*100) / 100}
		if rates(tune, r).alarm > base+1 || rates(topics, r).alarm*100 > len(topics) {
			break
		}
		chosen = r
	}
	t.Logf("chosen on the tuning half: RewriteTermsAlone %.2f", chosen.termsAlone)
	t.Logf("held-out half, without RewriteTermsAlone: %v", rates(held, without))
	heldOut := rates(held, current)
	t.Logf("held-out half, RewriteTermsAlone %.2f: %v", current.termsAlone, heldOut)
	t.Logf("all pairs, current rule: %v", rates(all, current))
	t.Logf("Kemik same-topic stories called rewrites: %d of %d", rates(topics, current).alarm, len(topics))
	if chosen != current {
		t.Errorf("the tuning half now picks RewriteTermsAlone %.2f, not %.2f", chosen.termsAlone, current.termsAlone)
	}
	// Floors under the measured 0.54 and 0.23 on the held-out half.
	if heldOut.hit*100 < 45*heldOut.nRewrite || heldOut.alarm*100 > 25*heldOut.nOther {
		t.Errorf("held-out half: %v (floors: found 0.45, false alarms 0.25)", heldOut)
	}
}
