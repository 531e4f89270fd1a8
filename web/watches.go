package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/haberci/haberci/api"
)

// Watches are kept by the API (/api/v1/watches…): the pages list, create
// and delete them through its handlers, so that a watch has one
// implementation and the page shows the same feed URL as the API.

// watchesPage is the watches list's data.
type watchesPage struct {
	Watches []api.WatchResponse
	MayAct  bool
	Error   string
	Form    watchForm // the query form, kept after an error
}

// watchForm is what a create form sent.
type watchForm struct {
	Name, Query, Source, Agency, ArticleID string
}

// watchPage is one watch with its matches.
type watchPage struct {
	W       api.WatchResponse
	Matches api.MatchesResponse
	MayAct  bool
}

func (s *Server) watches(w http.ResponseWriter, r *http.Request) {
	s.showWatches(w, r, http.StatusOK, watchForm{}, "")
}

func (s *Server) showWatches(w http.ResponseWriter, r *http.Request, status int, form watchForm, failed string) {
	var list api.WatchesResponse
	if st, msg := s.callAPI(r, http.MethodGet, "/api/v1/watches", nil, &list); st != http.StatusOK {
		s.fail(w, r, st, translate(language(r), "error.action", msg))
		return
	}
	w.Header().Set("Cache-Control", "no-store") // feed URLs are credentials
	s.render(w, r, status, "watches", translate(language(r), "watches.title"), "watches",
		watchesPage{Watches: list.Watches, MayAct: s.mayAct(r), Error: failed, Form: form})
}

func (s *Server) watch(w http.ResponseWriter, r *http.Request) {
	id := url.PathEscape(r.PathValue("id"))
	p := watchPage{MayAct: s.mayAct(r)}
	st, msg := s.callAPI(r, http.MethodGet, "/api/v1/watches/"+id, nil, &p.W)
	if st == http.StatusOK {
		st, msg = s.callAPI(r, http.MethodGet, "/api/v1/watches/"+id+"/matches", nil, &p.Matches)
	}
	switch {
	case st == http.StatusNotFound:
		s.fail(w, r, st, translate(language(r), "error.nowatch"))
		return
	case st != http.StatusOK:
		s.fail(w, r, st, translate(language(r), "error.action", msg))
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "watch", p.W.Name, "watches", p)
}

// createWatch takes the forms "watch this search" (query, source, agency)
// and "watch this release" (article_id); the name defaults to the query or
// the article's title.
func (s *Server) createWatch(w http.ResponseWriter, r *http.Request) {
	lang := language(r)
	if !s.mayAct(r) {
		s.fail(w, r, http.StatusUnauthorized, translate(lang, "error.signin"))
		return
	}
	f := watchForm{Name: strings.TrimSpace(r.PostFormValue("name")), Query: strings.TrimSpace(r.PostFormValue("query")),
		Source: strings.TrimSpace(r.PostFormValue("source")), Agency: strings.TrimSpace(r.PostFormValue("agency")),
		ArticleID: strings.TrimSpace(r.PostFormValue("article_id"))}
	spec := map[string]string{"name": f.Name, "query": f.Query, "source": f.Source, "agency": f.Agency, "article_id": f.ArticleID}
	if f.Name == "" {
		spec["name"] = f.Query
		if f.ArticleID != "" {
			spec["name"] = r.PostFormValue("title")
		}
	}
	for k, v := range spec {
		if v == "" {
			delete(spec, k)
		}
	}
	body, _ := json.Marshal(spec) // strings only: cannot fail
	var created api.WatchResponse
	st, msg := s.callAPI(r, http.MethodPost, "/api/v1/watches", body, &created)
	if st != http.StatusCreated {
		s.showWatches(w, r, st, f, translate(lang, "error.action", msg))
		return
	}
	http.Redirect(w, r, "/watches/"+url.PathEscape(created.ID), http.StatusSeeOther)
}

func (s *Server) deleteWatch(w http.ResponseWriter, r *http.Request) {
	lang := language(r)
	if !s.mayAct(r) {
		s.fail(w, r, http.StatusUnauthorized, translate(lang, "error.signin"))
		return
	}
	st, msg := s.callAPI(r, http.MethodDelete, "/api/v1/watches/"+url.PathEscape(r.PathValue("id")), nil, nil)
	if st >= 400 {
		s.fail(w, r, st, translate(lang, "error.action", msg))
		return
	}
	http.Redirect(w, r, "/watches", http.StatusSeeOther)
}
