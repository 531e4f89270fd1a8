package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/watch"
)

// watchRoutes serves the watches: /api/v1/watches… and their Atom feeds at
// /feeds/watches/{token}, whose token is the feed's only credential (feed
// readers cannot send headers).
type watchRoutes struct {
	s   *Server
	svc *watch.Service
}

func newWatchRoutes(s *Server) *watchRoutes {
	return &watchRoutes{s: s, svc: watch.ForConfig(s.cfg, s.arch, s.index, s.log)}
}

// WatchResponse is a watch as the API shows it.
type WatchResponse = watch.Response

// WatchesResponse is GET /api/v1/watches.
type WatchesResponse = watch.ListResponse

// MatchesResponse is GET /api/v1/watches/{id}/matches.
type MatchesResponse = watch.MatchesResponse

// feedBase is the listener the request came to, where a watch's feed is.
func feedBase(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

func (wr *watchRoutes) create(w http.ResponseWriter, r *http.Request) {
	var sp watch.Spec
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sp); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "too_large", "the request body is too large")
			return
		}
		badRequest(w, "the body must be a JSON object: "+config.Cut(err.Error()))
		return
	}
	created, err := wr.svc.Create(r.Context(), sp)
	var inv *watch.InvalidError
	switch {
	case errors.As(err, &inv):
		badRequest(w, inv.Field+": "+inv.Reason)
		return
	case errors.Is(err, archive.ErrInvalid):
		writeError(w, http.StatusConflict, "conflict", err.Error())
		return
	case err != nil:
		wr.s.answerError(w, r, "create watch", err)
		return
	}
	wr.s.writeJSON(w, http.StatusCreated, watch.Describe(&created, feedBase(r)))
}

func (wr *watchRoutes) list(w http.ResponseWriter, r *http.Request) {
	ws, err := wr.s.arch.Watches(r.Context(), "")
	if err != nil {
		wr.s.answerError(w, r, "list watches", err)
		return
	}
	wr.s.writeJSON(w, http.StatusOK, watch.DescribeList(ws, feedBase(r)))
}

// find answers 404 for an unknown watch; ok false then.
func (wr *watchRoutes) find(w http.ResponseWriter, r *http.Request) (archive.Watch, bool) {
	found, err := wr.s.arch.Watch(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, archive.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", "no watch "+config.Quote(r.PathValue("id")))
		return found, false
	case err != nil:
		wr.s.answerError(w, r, "get watch", err)
		return found, false
	}
	return found, true
}

func (wr *watchRoutes) get(w http.ResponseWriter, r *http.Request) {
	found, ok := wr.find(w, r)
	if !ok {
		return
	}
	out := watch.Describe(&found, feedBase(r))
	var err error
	if out.Deliveries, err = wr.s.arch.Deliveries(r.Context(), found.ID, watch.DeliveryLog); err != nil {
		wr.s.answerError(w, r, "watch deliveries", err)
		return
	}
	wr.s.writeJSON(w, http.StatusOK, out)
}

func (wr *watchRoutes) remove(w http.ResponseWriter, r *http.Request) {
	err := wr.s.arch.DeleteWatch(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, archive.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", "no watch "+config.Quote(r.PathValue("id")))
	case err != nil:
		wr.s.answerError(w, r, "delete watch", err)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// matches lists a watch's matches oldest first, a page of limit (default
// and at most archive.MaxPage) after the match `after`.
func (wr *watchRoutes) matches(w http.ResponseWriter, r *http.Request) {
	found, ok := wr.find(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	after, limit := int64(0), archive.MaxPage
	var err error
	if v := q.Get("after"); v != "" {
		if after, err = strconv.ParseInt(v, 10, 64); err != nil || after < 0 {
			badRequest(w, "after: want the next value of the previous page")
			return
		}
	}
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > archive.MaxPage {
			badRequest(w, fmt.Sprintf("limit: want 1 to %d", archive.MaxPage))
			return
		}
	}
	format := q.Get("format")
	if format != "" && format != "json" && format != "csv" {
		badRequest(w, "format: want json or csv")
		return
	}
	out, err := watch.MatchPage(r.Context(), wr.s.arch, &found, after, limit)
	if err != nil {
		wr.s.answerError(w, r, "watch matches", err)
		return
	}
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		_ = watch.WriteCSV(w, out.Matches)
		return
	}
	wr.s.writeJSON(w, http.StatusOK, out)
}

// feed serves a watch's Atom feed; the token in the path is the watch's
// feed token, and an unknown one is a plain 404.
func (wr *watchRoutes) feed(w http.ResponseWriter, r *http.Request) {
	found, err := wr.s.arch.WatchByToken(r.Context(), r.PathValue("token"))
	switch {
	case errors.Is(err, archive.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", "no such feed")
		return
	case err != nil:
		wr.s.answerError(w, r, "watch feed", err)
		return
	}
	ms, err := wr.s.arch.LatestMatches(r.Context(), found.ID, watch.FeedSize)
	if err != nil {
		wr.s.answerError(w, r, "watch feed", err)
		return
	}
	views, err := watch.Views(r.Context(), wr.s.arch, &found, ms)
	if err != nil {
		wr.s.answerError(w, r, "watch feed", err)
		return
	}
	body, err := watch.Feed(&found, views, watch.FeedURL(feedBase(r), found.FeedToken))
	if err != nil {
		wr.s.answerError(w, r, "watch feed", err)
		return
	}
	// Feed readers send If-Modified-Since; ranges and If-Match mean nothing
	// for a feed, and ServeContent would refuse them in plain text.
	r = r.Clone(r.Context())
	for _, h := range []string{"Range", "If-Range", "If-Match", "If-Unmodified-Since"} {
		r.Header.Del(h)
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=60")
	http.ServeContent(w, r, "", latest(views, found.CreatedAt), bytes.NewReader(body))
}

// latest is when the feed last changed, for conditional GETs.
func latest(views []watch.View, created time.Time) time.Time {
	if len(views) > 0 && views[0].MatchedAt.After(created) {
		return views[0].MatchedAt
	}
	return created
}
