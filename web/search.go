package web

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/params"
)

// pageSize is the hits per search page.
const pageSize = 20

// searchState is everything the search page's URL holds.
type searchState struct {
	Q        string
	Sources  []string
	Agency   string
	From, To string // as typed: a date or an RFC 3339 time
	Sort     string
	Collapse bool
	After    string
}

// stateOf reads the state from the query parameters, unchecked: the
// request built from it is checked by requestOf.
func stateOf(v url.Values) searchState {
	st := searchState{Q: strings.TrimSpace(v.Get("q")), Agency: strings.TrimSpace(v.Get("agency")),
		From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to")),
		Sort: v.Get("sort"), Collapse: v.Get("collapse") == "story", After: v.Get("after")}
	for _, id := range params.Sources(v["source"]) {
		if !slices.Contains(st.Sources, id) {
			st.Sources = append(st.Sources, id)
		}
	}
	return st
}

// url is the search page showing st. Paging state (the cursor) is kept
// only when asked for: any other change starts from the first page.
func (st searchState) url() string {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", st.Q)
	for _, s := range st.Sources {
		v.Add("source", s)
	}
	set("agency", st.Agency)
	set("from", st.From)
	set("to", st.To)
	set("sort", st.Sort)
	if st.Collapse {
		v.Set("collapse", "story")
	}
	set("after", st.After)
	if len(v) == 0 {
		return "/search"
	}
	return "/search?" + v.Encode()
}

// with returns a copy of st on its first page with edit applied.
func (st searchState) with(edit func(*searchState)) string {
	st.Sources = slices.Clone(st.Sources)
	st.After = ""
	edit(&st)
	return st.url()
}

// searchPage is the search page's data.
type searchPage struct {
	State     searchState
	FromDate  string // the date inputs' values (yyyy-mm-dd)
	ToDate    string
	Searched  bool // hits were fetched (no error)
	Error     string
	Total     uint64
	TookMS    int64
	Approx    int  // collapsed, inexact: the matches scanned
	Widened   bool // no article had the words: hits have words derived from them
	Hits      []hitView
	Sources   []facetLink
	Agencies  []facetLink
	Histogram *chart
	Options   []option // every known source, for the filter
	Agency    []option // agencies seen in the facets, for the filter
	NextURL   string
	FirstURL  string // set on pages after the first
	ClearURL  string
	Filtered  bool // a filter is set: the filters show open
	MayAct    bool // the reader may create a watch of this search
}

// hitView is one hit as the page shows it.
type hitView struct {
	ID, URL, Title, Source, Agency string
	PublishedAt                    time.Time
	Snippet                        []snippetPart
	ClusterID                      string
	Copies                         int64
	Story                          bool // one per story: show the copies
}

// hitOf is an index hit as the pages show it (Copies 1 until counted).
func hitOf(h index.Hit) hitView {
	return hitView{ID: h.ID, URL: h.URL, Title: h.Title, Source: h.Source, Agency: h.Agency,
		PublishedAt: h.PublishedAt, Snippet: snippetParts(h.Snippet), ClusterID: h.ClusterID, Copies: 1}
}

// facetLink is one facet term: a link that adds it as a filter, or
// removes it when it is one already.
type facetLink struct {
	Term   string
	Count  int
	URL    string
	Active bool
}

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	lang := language(r)
	// The API's parser, so that a search means the same on both: a
	// parameter it refuses is refused here too, with its message.
	v, err := params.Values(r.URL.RawQuery)
	st := stateOf(v)
	p := searchPage{State: st, FromDate: dateInput(st.From), ToDate: dateInput(st.To), ClearURL: searchState{Q: st.Q}.url(),
		MayAct: s.mayAct(r), Filtered: len(st.Sources) > 0 || st.Agency != "" || st.From != "" || st.To != "" || st.Sort != "" || st.Collapse}
	if st.After != "" {
		p.FirstURL = st.with(func(*searchState) {})
	}
	status := http.StatusOK
	var req index.Request
	var res *index.Result
	if err == nil {
		req, err = params.Search(v)
	}
	if err == nil {
		// Cursor paging only: the URL's state has no size or page.
		req.Size, req.Page = pageSize, 1
		res, err = s.index.Search(r.Context(), req)
		var qe *index.QueryError
		if err != nil && !errors.As(err, &qe) && !errors.Is(err, index.ErrBadRequest) {
			s.internal(w, r, "search", err)
			return
		}
	}
	if err != nil { // the reader's request: say what is wrong, keep the form
		status, p.Error = http.StatusBadRequest, translate(lang, "error.query", err.Error())
	} else {
		p.Searched = true
		if err := s.fill(r, &p, res); err != nil {
			s.internal(w, r, "search", err)
			return
		}
	}
	if p.Options, err = s.sourceOptions(r, st.Sources, p.Sources); err != nil {
		s.internal(w, r, "search", err)
		return
	}
	title := translate(lang, "search.title")
	if st.Q != "" {
		title = st.Q + " · " + title
	}
	s.render(w, r, status, "search", title, "search", p)
}

// fill puts a result's hits, facets and paging into p.
func (s *Server) fill(r *http.Request, p *searchPage, res *index.Result) error {
	st := p.State
	p.Total, p.TookMS, p.Widened = res.Total, res.Took.Milliseconds(), res.Widened
	if res.Collapse != nil && !res.Collapse.Exact {
		p.Approx = res.Collapse.Scanned
	}
	var sizes map[string]int64 // one query for the page's stories
	if st.Collapse {
		ids := make([]string, 0, len(res.Hits))
		for _, h := range res.Hits {
			if h.ClusterID != "" {
				ids = append(ids, h.ClusterID)
			}
		}
		var err error
		if sizes, err = s.arch.ClusterSizes(r.Context(), ids); err != nil {
			return err
		}
	}
	for _, h := range res.Hits {
		hv := hitOf(h)
		hv.Story = st.Collapse
		hv.Copies = max(1, sizes[h.ClusterID])
		p.Hits = append(p.Hits, hv)
	}
	for _, t := range res.Facets.Source {
		active := slices.Contains(st.Sources, t.Term)
		p.Sources = append(p.Sources, facetLink{Term: t.Term, Count: t.Count, Active: active,
			URL: st.with(func(n *searchState) {
				if active {
					n.Sources = slices.DeleteFunc(n.Sources, func(x string) bool { return x == t.Term })
				} else {
					n.Sources = append(n.Sources, t.Term)
				}
			})})
	}
	seenAgency := false
	for _, t := range res.Facets.Agency {
		active := st.Agency == t.Term
		seenAgency = seenAgency || active
		p.Agencies = append(p.Agencies, facetLink{Term: t.Term, Count: t.Count, Active: active,
			URL: st.with(func(n *searchState) {
				n.Agency = t.Term
				if active {
					n.Agency = ""
				}
			})})
		p.Agency = append(p.Agency, option{Value: t.Term, Label: t.Term, Selected: active})
	}
	if st.Agency != "" && !seenAgency {
		p.Agency = append(p.Agency, option{Value: st.Agency, Label: st.Agency, Selected: true})
	}
	p.Histogram = newHistogram(res.Facets.Published, st)
	if res.Next != "" {
		next := st
		next.After = res.Next
		p.NextURL = next.url()
	}
	return nil
}

// maxSourceOptions bounds the source filter's choices, keeping the page
// light with thousands of sources: past it, the filter offers the sources
// in the facets and the selected ones.
const maxSourceOptions = 200

// sourceOptions lists every source the archive knows (configured and added
// at run time), or past maxSourceOptions those of the facets, with the
// selected ones marked.
func (s *Server) sourceOptions(r *http.Request, selected []string, facets []facetLink) ([]option, error) {
	known, err := s.arch.SourceIDs(r.Context())
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(known)+len(s.cfg.Sources))
	for _, id := range known {
		set[id] = true
	}
	for _, src := range s.cfg.Sources {
		set[src.ID] = true
	}
	if len(set) > maxSourceOptions {
		clear(set)
		for _, f := range facets {
			set[f.Term] = true
		}
	}
	chosen := make(map[string]bool, len(selected))
	for _, id := range selected {
		set[id], chosen[id] = true, true
	}
	ids := slices.Sorted(maps.Keys(set))
	out := make([]option, 0, len(ids))
	for _, id := range ids {
		label := id
		if src, ok := s.cfg.Source(id); ok && src.Name != "" && src.Name != id {
			label = src.Name + " (" + id + ")"
		}
		out = append(out, option{Value: id, Label: label, Selected: chosen[id]})
	}
	return out, nil
}

// dateInput is a from/to value as a date input shows it: its day.
func dateInput(s string) string {
	if len(s) >= 10 {
		if _, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return s[:10]
		}
	}
	return ""
}
