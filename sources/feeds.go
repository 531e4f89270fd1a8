package sources

import (
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/canon"
)

// Outcome is what became of one feed of an import.
type Outcome struct {
	URL string
	ID  string // the source added, or the one already holding the URL
	Err error  // nil: added; ErrConflict: skipped (already a source); else refused
}

// PlanFeeds decides which feeds to append to a config file whose sources
// are have: the sources to add (ids made as Add makes them, unique in the
// file) and the outcome of every feed. It follows Add's rules, minus the
// address check: the file's sources are the operator's choice.
func PlanFeeds(cfg *config.Config, feeds []config.Feed) ([]config.Source, []Outcome) {
	holder := map[string]string{} // URL key → id
	taken := map[string]bool{}
	for _, s := range cfg.Sources {
		holder[urlKey(s.URL)] = s.ID
		taken[s.ID] = true
	}
	var add []config.Source
	out := make([]Outcome, 0, len(feeds))
	for _, f := range feeds {
		key := urlKey(f.URL)
		if id, dup := holder[key]; dup {
			out = append(out, Outcome{URL: f.URL, ID: id, Err: refuse(ErrConflict, "url", "already source %s", id)})
			continue
		}
		id := config.UniqueID(config.IDBase(f.Title, f.URL), taken)
		name := f.Title
		if name == "" {
			name = id
		}
		src := config.NewFeedSource(id, name, f.URL)
		if _, err := decodeEntry(encodeEntry(src), id); err != nil {
			out = append(out, Outcome{URL: f.URL, Err: configError(err)})
			continue
		}
		if err := config.CheckInterval(src.Schedule, cfg.MinScheduleInterval); err != nil {
			out = append(out, Outcome{URL: f.URL, Err: refuse(ErrInvalid, "schedule", "%v", err)})
			continue
		}
		taken[id], holder[key] = true, id
		add = append(add, src)
		out = append(out, Outcome{URL: f.URL, ID: id})
	}
	if n := len(cfg.Sources) + len(add); n > cfg.MaxSources {
		return nil, []Outcome{{Err: refuse(ErrInvalid, "max_sources", "%d sources with these, more than max_sources (%d)", n, cfg.MaxSources)}}
	}
	return add, out
}

// urlKey is the form source URLs are compared by; an unparsable URL is
// compared as written.
func urlKey(raw string) string {
	if k, err := canon.URL(raw); err == nil {
		return k
	}
	return raw
}
