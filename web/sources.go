package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/haberci/haberci/api"
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

// sourcesPage is the sources page's data.
type sourcesPage struct {
	Sources []api.SourceResponse
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
	p := sourcesPage{Sources: list.Sources, MayAct: s.mayAct(r), Done: done, Error: failed}
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
