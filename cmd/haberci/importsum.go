package main

import (
	"fmt"
	"io"
)

// importSummary prints each feed's fate and counts them.
type importSummary struct{ adds, skips, refusals int }

func (s *importSummary) added(w io.Writer, id, url string) {
	s.adds++
	fmt.Fprintf(w, "added    %s  %s\n", id, url)
}

func (s *importSummary) skipped(w io.Writer, url, why string) {
	s.skips++
	fmt.Fprintf(w, "skipped  %s  (%s)\n", url, why)
}

func (s *importSummary) refused(w io.Writer, url, why string) {
	s.refusals++
	fmt.Fprintf(w, "refused  %s  (%s)\n", url, why)
}

// finish prints the totals; refused feeds make the command fail.
func (s *importSummary) finish(w io.Writer, where string) error {
	fmt.Fprintf(w, "%d added to %s, %d skipped, %d refused\n", s.adds, where, s.skips, s.refusals)
	if s.refusals > 0 {
		return fmt.Errorf("%d feeds refused", s.refusals)
	}
	return nil
}
