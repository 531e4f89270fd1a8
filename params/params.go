// Package params reads the parameters of search, coverage and export
// requests, once for the JSON API, the web pages and the CLI: the query
// string parsed strictly, dates, numbers and formats. Ranges (size, page,
// dates) are checked by index.Check, the one validator of a search.
package params

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/coverage"
	"github.com/haberci/haberci/index"
)

// Error is a refusal of one parameter.
type Error struct {
	Param string
	Msg   string
}

// Error reads "param: message".
func (e *Error) Error() string { return e.Param + ": " + e.Msg }

// refuse names the parameter, cut short: its name is user input too.
func refuse(param, msg string) *Error {
	if len(param) > 64 {
		q := config.Quote(param[:64])
		param = q[1:len(q)-1] + "…"
	}
	return &Error{Param: param, Msg: msg}
}

// Values parses a raw query string strictly: where url.ParseQuery's
// callers would silently drop a parameter (a stray %, a ; separator), it
// is an error naming that parameter.
func Values(raw string) (url.Values, error) {
	v := url.Values{}
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		rawKey, rawVal, _ := strings.Cut(pair, "=")
		key, kerr := url.QueryUnescape(rawKey)
		if kerr != nil {
			key = rawKey
		}
		if strings.Contains(pair, ";") {
			return nil, refuse(key, "contains ';', which is no separator here: use & between parameters and %3B for a ';' in a value")
		}
		if kerr != nil {
			return nil, refuse(key, "the parameter's name has an invalid %-escape")
		}
		val, err := url.QueryUnescape(rawVal)
		if err != nil {
			return nil, refuse(key, "invalid %-escape in the value: write a '%' as %25")
		}
		v[key] = append(v[key], val)
	}
	return v, nil
}

// Search reads a search: q, source (repeatable, or comma-separated),
// agency, from, to, sort, size, page, after, collapse and facets. The
// result has passed index.Check.
func Search(v url.Values) (index.Request, error) {
	req := index.Request{Query: v.Get("q"), Agency: v.Get("agency"), After: v.Get("after"), Sort: v.Get("sort"), Widen: true}
	req.Sources = Sources(v["source"])
	switch v.Get("collapse") {
	case "":
	case "story":
		req.Collapse = true
	default:
		return req, refuse("collapse", `must be "story"`)
	}
	switch v.Get("facets") {
	case "", "1", "true":
	case "0", "false":
		req.NoFacets = true // hits only: facets come back empty
	default:
		return req, refuse("facets", "must be 1 or 0 (true or false)")
	}
	switch v.Get("widen") {
	case "", "1", "true":
	case "0", "false":
		req.Widen = false // nothing found stays nothing found
	default:
		return req, refuse("widen", "must be 1 or 0 (true or false)")
	}
	var err error
	// 0 means "the default" to index.Check: a 0 given here is refused there
	// as -1 is, with the one message for each.
	if req.Size, err = Int(v, "size", 0); err != nil {
		return req, err
	} else if req.Size == 0 && v.Get("size") != "" {
		req.Size = -1
	}
	if req.Page, err = Int(v, "page", 0); err != nil {
		return req, err
	} else if req.Page == 0 && v.Get("page") != "" {
		req.Page = -1
	}
	if req.From, err = Time("from", v.Get("from"), false); err != nil {
		return req, err
	}
	if req.To, err = Time("to", v.Get("to"), true); err != nil {
		return req, err
	}
	return index.Check(req)
}

// Sources splits source filters: each value may hold several ids
// separated by commas.
func Sources(values []string) []string {
	var out []string
	for _, s := range values {
		for _, id := range strings.Split(s, ",") {
			if id = strings.TrimSpace(id); id != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

// Coverage reads a coverage request: the search's q, source, agency, from
// and to (publication dates), seen_from and seen_to (first seen), limit.
func Coverage(v url.Values) (coverage.Query, error) {
	var q coverage.Query
	var err error
	if q.Search, err = Search(v); err != nil {
		return q, err
	}
	if q.SeenFrom, err = Time("seen_from", v.Get("seen_from"), false); err != nil {
		return q, err
	}
	if q.SeenTo, err = Time("seen_to", v.Get("seen_to"), true); err != nil {
		return q, err
	}
	if !q.SeenFrom.IsZero() && !q.SeenTo.IsZero() && q.SeenTo.Before(q.SeenFrom) {
		return q, refuse("seen_to", "is before seen_from")
	}
	if q.Limit, err = Int(v, "limit", coverage.DefaultLimit); err != nil {
		return q, err
	}
	if q.Limit < 1 || q.Limit > coverage.MaxLimit {
		return q, refuse("limit", "must be a whole number from 1 to "+strconv.Itoa(coverage.MaxLimit))
	}
	return q, nil
}

// Format reads format: one of allowed, the first when absent.
func Format(v url.Values, allowed ...string) (string, error) {
	f := v.Get("format")
	if f == "" {
		return allowed[0], nil
	}
	for _, a := range allowed {
		if f == a {
			return f, nil
		}
	}
	return "", refuse("format", "must be "+strings.Join(allowed, " or "))
}

// Int reads a whole number, def when absent.
func Int(v url.Values, name string, def int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, refuse(name, "must be a whole number")
	}
	return n, nil
}

// errDate is why a date is refused.
var errDate = errors.New("want a date (2020-06-01) or an RFC 3339 time, from 1900 to 2200")

// Time reads a date (2020-06-01) or an RFC 3339 time as parameter name; ""
// is the zero time (an open end). A bare date as an upper bound (endOfDay)
// means the whole day. Dates outside what the index holds are refused.
func Time(name, s string, endOfDay bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		if t, err = time.Parse(time.DateOnly, s); err == nil && endOfDay {
			t = t.Add(24*time.Hour - time.Nanosecond)
		}
	}
	if err != nil || index.CheckDate(t) != nil {
		return time.Time{}, refuse(name, errDate.Error())
	}
	return t.UTC(), nil
}
