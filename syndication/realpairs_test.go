package syndication

import (
	"bufio"
	"html"
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

// rewriteSetting is one pair of rewrite thresholds.
type rewriteSetting struct{ shared, terms float64 }

// judged is a hand-labelled pair prepared for the rewrite rule.
type judged struct {
	rewrite            bool // labelled "same event, independently written"
	shA, shB, tmA, tmB Shingles
}

func (j judged) rewritten(s rewriteSetting) bool {
	if _, same := Same(j.shA, j.shB); same {
		return false
	}
	_, ok := rewrittenAt(j.shA, j.shB, j.tmA, j.tmB, s.shared, s.terms)
	return ok
}

// rates returns the share of rewrite pairs called rewrites (recall) and
// of other-event pairs called rewrites (false alarms).
func rates(js []judged, s rewriteSetting) (recall, falseAlarm float64, nRewrite, nOther int) {
	var hit, alarm int
	for _, j := range js {
		got := j.rewritten(s)
		switch {
		case j.rewrite:
			nRewrite++
			if got {
				hit++
			}
		default:
			nOther++
			if got {
				alarm++
			}
		}
	}
	return float64(hit) / float64(max(nRewrite, 1)), float64(alarm) / float64(max(nOther, 1)), nRewrite, nOther
}

// TestRealRewrites measures the rewrite rule (Rewritten) on the
// hand-labelled pairs that are no copies: two outlets' own reports of one
// event should be called rewrites, reports of another event should not.
// The pairs are split in two by their order in the file: a setting of the
// two thresholds is chosen on one half and reported on the other, so the
// reported figure is not fitted to the pairs it is measured on; the chosen
// setting must also keep Kemik's same-topic stories apart (≤ 1 %).
//
// Measured (2026-12): the current rule finds 17 of 46 real rewrites (0.37)
// and calls 6 of 29 other-event pairs rewrites. Independent reports share
// few four-word shingles: most fall below RewriteShared. On the held-out
// half, terms ≥ 0.75 with no shingle floor found 0.50 against the current
// 0.33, with fewer false alarms; the halves are small (24 and 13 pairs).
func TestRealRewrites(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("evaluation: runs without -short and -race")
	}
	var tune, held []judged
	for _, p := range loadRealPairs(t) {
		if p.label == labelCopy {
			continue
		}
		j := judged{p.label == labelRewrite, Shingle(p.textA), Shingle(p.textB), Terms(p.textA), Terms(p.textB)}
		if (len(tune)+len(held))%2 == 0 {
			tune = append(tune, j)
		} else {
			held = append(held, j)
		}
	}
	current := rewriteSetting{RewriteShared, RewriteTerms}
	all := append(slices.Clone(tune), held...)
	r, fa, nr, no := rates(all, current)
	t.Logf("current rule (shared ≥ %.2f, terms ≥ %.2f), all pairs: rewrites found %.3f of %d, other events called rewrites %.3f of %d",
		current.shared, current.terms, r, nr, fa, no)
	if nr < 40 || no < 20 {
		t.Fatalf("evaluation set too small: %d rewrites, %d other-event pairs", nr, no)
	}

	// Choose on the tuning half: the most rewrites found with no more false
	// alarms than the current rule makes there.
	_, baseAlarm, _, _ := rates(tune, current)
	best, bestRecall := current, -1.0
	for shared := 0.0; shared <= 0.1201; shared += 0.02 {
		for terms := 0.40; terms <= 0.9001; terms += 0.05 {
			s := rewriteSetting{shared, terms}
			if rec, alarm, _, _ := rates(tune, s); alarm <= baseAlarm && rec > bestRecall {
				best, bestRecall = s, rec
			}
		}
	}
	skip, _ := duplicateFiles(t)
	topicPairs := sameTopicStories(t, skip)
	topics, topicHits := len(topicPairs), 0
	for _, p := range topicPairs {
		j := judged{false, Shingle(p[0]), Shingle(p[1]), Terms(p[0]), Terms(p[1])}
		if j.rewritten(best) {
			topicHits++
		}
	}
	for _, c := range []struct {
		name string
		s    rewriteSetting
	}{{"current", current}, {"tuned", best}} {
		r, fa, nr, no := rates(held, c.s)
		t.Logf("held-out half, %s (shared ≥ %.2f, terms ≥ %.2f): rewrites found %.3f of %d, other events called rewrites %.3f of %d",
			c.name, c.s.shared, c.s.terms, r, nr, fa, no)
	}
	t.Logf("tuned setting on Kemik same-topic stories: %d of %d called rewrites", topicHits, topics)
	// Floors under the measured 0.37 recall and 0.21 false alarms of the
	// current rule: the rule must not get worse on real text.
	if r < 0.35 || fa > 0.3 {
		t.Errorf("current rule on real pairs: recall %.3f (floor 0.35), false alarms %.3f (ceiling 0.3)", r, fa)
	}
}
