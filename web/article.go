package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/index"
)

// similarSize is how many articles the similar page lists.
const similarSize = 20

// articlePage is an article page's data.
type articlePage struct {
	A          *article.Article
	SourceName string
	Paragraphs []string
	Captures   []captureView
	Copies     int64 // articles in its story
	MayAct     bool  // the reader may watch this release
}

// captureView is one archived response in the list.
type captureView struct {
	N int // 1-based, in fetch order
	article.Capture
}

func (s *Server) article(w http.ResponseWriter, r *http.Request) {
	a, caps, ok := s.load(w, r)
	if !ok {
		return
	}
	p := articlePage{A: a, SourceName: s.sourceName(a.SourceID), Paragraphs: article.Paragraphs(a.Body), Copies: 1, MayAct: s.mayAct(r)}
	for i, c := range caps {
		p.Captures = append(p.Captures, captureView{N: i + 1, Capture: c})
	}
	if a.ClusterID != "" {
		switch c, err := s.arch.Cluster(r.Context(), a.ClusterID); {
		case err == nil:
			p.Copies = c.Size
		case !errors.Is(err, archive.ErrNotFound):
			s.internal(w, r, "article", err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "article", a.Title, "", p)
}

// similarPage is the similar articles of one article.
type similarPage struct {
	A    *article.Article
	Hits []hitView
}

// similar lists the articles most like one ("more like this" over its
// distinctive words), on a page of its own: the query costs more than
// the whole article page, so the article only links to it.
func (s *Server) similar(w http.ResponseWriter, r *http.Request) {
	a, _, ok := s.load(w, r)
	if !ok {
		return
	}
	p := similarPage{A: a}
	// An article the index has not caught up with yet has none.
	switch res, err := s.index.Similar(r.Context(), a.ID, similarSize); {
	case err == nil:
		for _, h := range res.Hits {
			p.Hits = append(p.Hits, hitOf(h))
		}
	case !errors.Is(err, index.ErrNoDocument):
		s.internal(w, r, "similar", err)
		return
	}
	s.render(w, r, http.StatusOK, "similar", translate(language(r), "article.similar")+": "+a.Title, "", p)
}

// load reads the article named in the path, answering 404 or 500 itself.
func (s *Server) load(w http.ResponseWriter, r *http.Request) (*article.Article, []article.Capture, bool) {
	a, caps, err := s.arch.Get(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, archive.ErrNotFound):
		s.fail(w, r, http.StatusNotFound, translate(language(r), "error.noarticle"))
		return nil, nil, false
	case err != nil:
		s.internal(w, r, "article", err)
		return nil, nil, false
	}
	return a, caps, true
}

// sourceName is the configured name of a source, else its id.
func (s *Server) sourceName(id string) string {
	if src, ok := s.cfg.Source(id); ok && src.Name != "" {
		return src.Name
	}
	return id
}

// framePage shows one capture inside a sandboxed frame.
type framePage struct {
	ArticleID string
	Capture   captureView
	Src       string
}

// captureFrame is the page around a capture: the archived page in an
// iframe with an empty sandbox (no scripts, no forms, a unique origin).
func (s *Server) captureFrame(w http.ResponseWriter, r *http.Request) {
	a, c, ok := s.capturedOf(w, r)
	if !ok {
		return
	}
	src := "/captures/" + a.ID + "/" + strconv.Itoa(c.N)
	s.render(w, r, http.StatusOK, "frame", translate(language(r), "capture.frame", c.URL), "",
		framePage{ArticleID: a.ID, Capture: c, Src: src})
}

// capturePolicy is the archived page's Content-Security-Policy: a sandbox
// without scripts, nothing loaded from anywhere, only its own inline style.
const capturePolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"

// capture answers with the archived response's payload: as text/plain by
// default (?as=text), or with its own content type (?as=page) behind a CSP
// sandbox, so that it never runs in this origin even when opened directly.
func (s *Server) capture(w http.ResponseWriter, r *http.Request) {
	_, c, ok := s.capturedOf(w, r)
	if !ok {
		return
	}
	rec, err := warc.ReadRecord(s.arch.WARCPath(c.WARCFile), c.Offset, c.Length)
	if err != nil {
		s.internal(w, r, "capture", err)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", capturePolicy)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Cache-Control", "private, max-age=86400") // a capture never changes
	ct := "text/plain; charset=" + charsetOf(c.ContentType)
	if r.URL.Query().Get("as") == "page" && c.ContentType != "" {
		ct = c.ContentType
	}
	h.Set("Content-Type", ct)
	_, _ = w.Write(rec.Payload)
}

// capturedOf reads the article and its capture number n from the path.
func (s *Server) capturedOf(w http.ResponseWriter, r *http.Request) (*article.Article, captureView, bool) {
	a, caps, ok := s.load(w, r)
	if !ok {
		return nil, captureView{}, false
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(caps) {
		s.fail(w, r, http.StatusNotFound, translate(language(r), "error.nocapture"))
		return nil, captureView{}, false
	}
	return a, captureView{N: n, Capture: caps[n-1]}, true
}

// charsetOf is the charset a content type names, else utf-8.
func charsetOf(contentType string) string {
	for _, part := range strings.Split(contentType, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(k, "charset") {
			if v = strings.Trim(v, `"' `); v != "" && !strings.ContainsAny(v, "\r\n;,") {
				return v
			}
		}
	}
	return "utf-8"
}
