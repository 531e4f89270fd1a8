package web

import (
	"cmp"
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
	Watches []api.WatchResponse // this page's: at most watchRows
	Total   int                 // every watch
	From    int
	PrevURL string
	NextURL string
	MayAct  bool
	Error   string
	Form    watchForm // the query form, kept after an error
}

// watchForm is what a create form sent. Kind says which: "query" (the
// search form), "release" (the release form: a URL or pasted text) or ""
// (the article page's "watch this release").
type watchForm struct {
	Kind                                   string
	Name, Query, Source, Agency, ArticleID string
	URL, Title, Text                       string
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
	from, ok := fromOf(r, len(list.Watches))
	if !ok {
		s.fail(w, r, http.StatusBadRequest, translate(language(r), "error.from", len(list.Watches)-1))
		return
	}
	p := watchesPage{Watches: list.Watches[from:min(from+watchRows, len(list.Watches))], Total: len(list.Watches), From: from,
		MayAct: s.mayAct(r), Error: failed, Form: form}
	p.PrevURL, p.NextURL = rowPages("/watches", from, watchRows, len(list.Watches))
	w.Header().Set("Cache-Control", "no-store") // feed URLs are credentials
	s.render(w, r, status, "watches", translate(language(r), "watches.title"), "watches", p)
}

// watchRows is how many watches the list shows a page: at ~350 bytes a
// row, hundreds of watches would pass 100 KB.
var watchRows = 100

// Paged tells whether the watches take more than one page.
func (p watchesPage) Paged() bool { return p.PrevURL != "" || p.NextURL != "" }

// Last is the place (1-based) of this page's last row.
func (p watchesPage) Last() int { return p.From + len(p.Watches) }

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

// createWatch takes the forms "watch this search" (query, source, agency),
// "watch this release" (article_id) and the release form (a URL or a
// pasted text with its title); the name defaults to the query, the
// article's or the pasted release's title, or the URL.
func (s *Server) createWatch(w http.ResponseWriter, r *http.Request) {
	lang := language(r)
	if !s.mayAct(r) {
		s.fail(w, r, http.StatusUnauthorized, translate(lang, "error.signin"))
		return
	}
	f := formOf(r)
	if f.Kind == "release" && (f.URL == "") == (f.Text == "") { // the API's message would name every kind
		s.showWatches(w, r, http.StatusBadRequest, f, translate(lang, "watches.release.one"))
		return
	}
	spec := map[string]string{"name": f.Name, "query": f.Query, "source": f.Source, "agency": f.Agency, "article_id": f.ArticleID,
		"url": f.URL, "text": f.Text, "title": f.Title}
	if f.Name == "" {
		spec["name"] = cmp.Or(f.Query, f.Title, f.URL, firstLine(f.Text))
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

// formOf reads a create form. The release form's title goes with its
// text only: the article page's title field names the watch.
func formOf(r *http.Request) watchForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := watchForm{Kind: v("form"), Name: v("name"), Query: v("query"), Source: v("source"), Agency: v("agency"),
		ArticleID: v("article_id"), URL: v("url"), Text: v("text")}
	if f.Kind != "release" && f.ArticleID == "" {
		f.Kind = "query" // the form here, or "watch this search": its errors show in the form here
	}
	if f.Kind == "release" {
		f.Title = v("title")
	}
	return f
}

// firstLine is a pasted text's first line, cut to a name's length.
func firstLine(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	line = strings.TrimSpace(line)
	if r := []rune(line); len(r) > 80 {
		return strings.TrimSpace(string(r[:80])) + "…"
	}
	return line
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
