package extracteval

import (
	"strings"
	"time"
)

// Extractor returns the plain article text of one page.
type Extractor func(s Sample) (string, error)

// Run is what one extractor did on one set.
type Run struct {
	Words, Shingles []PageScore // per page, in sample order
	Failures        int         // pages with an error or no text at all
	Elapsed         time.Duration
}

// Evaluate runs ex on every sample in turn and scores it. Elapsed counts
// only the time inside ex, so loading and scoring cost nobody anything.
func Evaluate(samples []Sample, ex Extractor) Run {
	var r Run
	for _, s := range samples {
		start := time.Now()
		got, err := ex(s)
		r.Elapsed += time.Since(start)
		if err != nil || strings.TrimSpace(got) == "" {
			r.Failures++
			got = ""
		}
		r.Words = append(r.Words, Compare(s.Name, WordTokens(s.Want), WordTokens(got)))
		r.Shingles = append(r.Shingles, Compare(s.Name, ShingleTokens(s.Want), ShingleTokens(got)))
	}
	return r
}

// PerPage is the mean extraction time of one page.
func (r Run) PerPage() time.Duration {
	if len(r.Words) == 0 {
		return 0
	}
	return r.Elapsed / time.Duration(len(r.Words))
}
