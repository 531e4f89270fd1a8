package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/watch"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the templates under templates/, each rendered inside
// layout.html.
var pageNames = []string{"search", "article", "frame", "story", "sources", "watches", "watch", "similar", "signin", "error"}

// pageSet is every page's template in one language.
type pageSet map[string]*template.Template

// assetVersion changes whenever an embedded asset does, so that assets can
// be cached for a year under /static/…?v=assetVersion.
var assetVersion = func() string {
	h := sha256.New()
	_ = fs.WalkDir(staticFS, "static", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := staticFS.ReadFile(path)
			h.Write([]byte(path))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}()

// parsePages parses every page in every language. A template error is a
// programming error caught by any test, hence the panic.
func parsePages() map[string]pageSet {
	out := map[string]pageSet{}
	for lang := range catalogue {
		set := pageSet{}
		for _, name := range pageNames {
			set[name] = template.Must(template.New("layout.html").Funcs(funcs(lang)).
				ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
		}
		out[lang] = set
	}
	return out
}

func funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":          func(key string, args ...any) string { return translate(lang, key, args...) },
		"time":       func(t any) string { return format(t, "2006-01-02 15:04 UTC") },
		"date":       func(t any) string { return format(t, time.DateOnly) },
		"iso":        func(t any) string { return format(t, time.RFC3339) },
		"zero":       func(t any) bool { return asTime(t).IsZero() },
		"after":      func(a, b any) bool { return asTime(a).After(asTime(b)) },
		"errorClass": errorClass,
		"num":        func(n any) string { return number(lang, n) },
		"percent": func(f float64) string {
			return strconv.FormatFloat(f*100, 'f', 0, 64) + " %"
		},
		"asset": func(name string) string { return "/static/" + name + "?v=" + assetVersion },
		"add":   func(a, b int) int { return a + b },
	}
}

// asTime takes a time.Time, the API's Time or a watch's Stamp.
func asTime(t any) time.Time {
	switch v := t.(type) {
	case time.Time:
		return v
	case api.Time:
		return time.Time(v)
	case watch.Stamp:
		return time.Time(v)
	}
	return time.Time{}
}

// format writes t in UTC with layout, "—" when unknown.
func format(t any, layout string) string {
	tt := asTime(t)
	if tt.IsZero() {
		return "—"
	}
	return tt.UTC().Format(layout)
}

// number writes n with thousands separators: 12.345 in Turkish, 12,345 in
// English.
func number(lang string, n any) string {
	var s string
	switch v := n.(type) {
	case int:
		s = strconv.Itoa(v)
	case int64:
		s = strconv.FormatInt(v, 10)
	case uint64:
		s = strconv.FormatUint(v, 10)
	default:
		return fmt.Sprint(v)
	}
	sep := byte('.')
	if lang == "en" {
		sep = ','
	}
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, sep)
		}
		b = append(b, s[i])
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}

// view is what the layout reads; Page is the page's own data.
type view struct {
	Lang      string
	Title     string
	Nav       string // which navigation link is current
	Path      string // this page's path and query, for the language links
	OtherLang string
	SwitchURL string // this page in the other language
	SignedIn  bool
	CanSignIn bool // api_token is set
	CSRF      string
	Page      any
}

// render writes page name with status. It renders into a buffer first, so
// that a template error becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title, nav string, page any) {
	lang := language(r)
	v := view{Lang: lang, Title: title, Nav: nav, Path: r.URL.RequestURI(), SignedIn: s.signedIn(r),
		CanSignIn: s.cfg.APIToken != "", CSRF: s.csrfToken(w, r), Page: page}
	v.OtherLang = "en"
	if lang == "en" {
		v.OtherLang = "tr"
	}
	q := r.URL.Query()
	q.Set("lang", v.OtherLang)
	v.SwitchURL = (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
	var buf bytes.Buffer
	if err := s.pages[lang][name].Execute(&buf, v); err != nil {
		s.log.Error("web: render", slog.String("page", name), slog.Any("error", err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", lang)
	h.Set("Vary", "Cookie")
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorPage is the page for a request the server cannot answer: status and
// a message meant for the reader (never an internal error's text).
type errorPage struct {
	Status  int
	Message string
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	lang := language(r)
	s.render(w, r, status, "error", translate(lang, "error.title"), "", errorPage{Status: status, Message: msg})
}

// internal logs err and answers 500 without its text.
func (s *Server) internal(w http.ResponseWriter, r *http.Request, op string, err error) {
	s.log.Error("web", slog.String("op", op), slog.Any("error", err))
	s.fail(w, r, http.StatusInternalServerError, translate(language(r), "error.internal"))
}
