package extracteval

import (
	"fmt"
	"sort"
)

// Summary is the score of one extractor on one set.
type Summary struct {
	P, R, F1 float64 // mean precision, mean recall, F1 of the two means
	MedianF1 float64 // median of the per-page F1
}

// Summarise averages page scores the way evaluate.py does: precision only
// over pages that produced tokens, recall only over pages that expect some.
func Summarise(scores []PageScore) Summary {
	var p, r, f1s []float64
	for _, s := range scores {
		if s.TP+s.FP > 0 {
			p = append(p, s.Precision())
		}
		if s.TP+s.FN > 0 {
			r = append(r, s.Recall())
		}
		f1s = append(f1s, s.F1())
	}
	out := Summary{P: mean(p), R: mean(r), MedianF1: median(f1s)}
	if out.P+out.R > 0 {
		out.F1 = 2 * out.P * out.R / (out.P + out.R)
	}
	return out
}

// String prints the summary on one line.
func (s Summary) String() string {
	return fmt.Sprintf("P=%.3f R=%.3f F1=%.3f median-F1=%.3f", s.P, s.R, s.F1, s.MedianF1)
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// median of xs; 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
