package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
)

// errorClass is the class a source's last error starts with ("timeout",
// "http", …; see crawler), else "".
func errorClass(lastError string) string {
	class, _, ok := strings.Cut(lastError, ":")
	if !ok || strings.ContainsAny(class, " /") {
		return ""
	}
	return class
}

// nextRun is when cron next runs a source on schedule: for "@every D",
// D after its last run (the cron's own clock started with the daemon, so
// this is the earliest it can be); for a cron spec, its next tick. Zero
// for a paused source or a schedule that does not parse.
func nextRun(src api.SourceResponse, now time.Time) time.Time {
	sch, err := config.CronParser.Parse(src.Schedule)
	if err != nil || src.Paused {
		return time.Time{}
	}
	if every, ok := sch.(cron.ConstantDelaySchedule); ok && !time.Time(src.LastFetchAt).IsZero() {
		return time.Time(src.LastFetchAt).Add(every.Delay).UTC()
	}
	return sch.Next(now).UTC()
}

// sourceRow is one source with its next scheduled run.
type sourceRow struct {
	api.SourceResponse
	NextRun time.Time
}

// sourcesPage is the sources page's data.
type sourcesPage struct {
	Sources []sourceRow
	MayAct  bool
	Done    string // what the last action did
	Error   string
}

// sources lists every source with its health, as the API lists them.
func (s *Server) sources(w http.ResponseWriter, r *http.Request) {
	done := ""
	switch a := r.URL.Query().Get("done"); a {
	case "pause", "resume", "crawl":
		lang := language(r)
		done = translate(lang, "sources.done", r.URL.Query().Get("id"), translate(lang, "action."+a))
	}
	s.showSources(w, r, http.StatusOK, done, "")
}

func (s *Server) showSources(w http.ResponseWriter, r *http.Request, status int, done, failed string) {
	list, err := api.ListSources(r.Context(), s.cfg, s.arch)
	if err != nil {
		s.internal(w, r, "sources", err)
		return
	}
	p := sourcesPage{MayAct: s.mayAct(r), Done: done, Error: failed}
	now := s.now()
	for _, src := range list.Sources {
		p.Sources = append(p.Sources, sourceRow{SourceResponse: src, NextRun: nextRun(src, now)})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "sources", translate(language(r), "sources.title"), "sources", p)
}

// sourceAction is a form's pause, resume or crawl of one source, carried
// out by the API's handler for it. After success the browser is sent back
// to the list (303), so reloading does not repeat the action.
func (s *Server) sourceAction(w http.ResponseWriter, r *http.Request) {
	lang := language(r)
	id, action := r.PathValue("id"), r.PathValue("action")
	switch action {
	case "pause", "resume", "crawl":
	default:
		s.fail(w, r, http.StatusNotFound, translate(lang, "error.notfound"))
		return
	}
	if !s.mayAct(r) {
		s.fail(w, r, http.StatusUnauthorized, translate(lang, "error.signin"))
		return
	}
	status, msg := s.callAPI(r, http.MethodPost, "/api/v1/sources/"+url.PathEscape(id)+"/"+action, nil, nil)
	if status >= 400 {
		s.showSources(w, r, status, "", translate(lang, "error.action", msg))
		return
	}
	http.Redirect(w, r, "/sources?done="+url.QueryEscape(action)+"&id="+url.QueryEscape(id)+"#src-"+url.QueryEscape(id), http.StatusSeeOther)
}
