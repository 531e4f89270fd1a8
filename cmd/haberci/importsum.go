package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/canon"
)

// urlSet maps sources' URLs, compared in canonical form, to their ids.
type urlSet map[string]string

func newURLSet() urlSet { return urlSet{} }

func (s urlSet) key(raw string) string {
	if k, err := canon.URL(raw); err == nil {
		return k
	}
	return strings.TrimSpace(raw)
}

func (s urlSet) add(raw, id string) { s[s.key(raw)] = id }

func (s urlSet) holder(raw string) (string, bool) {
	id, ok := s[s.key(raw)]
	return id, ok
}

// checkEntry applies the config file's rules to one source about to be
// appended, so that one bad feed is refused alone instead of failing the
// whole file's validation.
func checkEntry(src config.Source) error {
	data, err := json.Marshal(src.Entry())
	if err == nil {
		_, err = config.ParseSource(data, "OPML")
	}
	var ce *config.Error
	if errors.As(err, &ce) {
		return fmt.Errorf("%s: %s", ce.Field, ce.Msg)
	}
	return err
}

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
