package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/index"
)

// hitPage is the search page size export asks for: the API's maximum.
const hitPage = index.MaxSize

// exportQuery streams the articles matching o.query, oldest first: the ids
// come from the index page by page (from the daemon's API when a daemon owns
// the data directory), the articles from the archive.
func exportQuery(ctx context.Context, cfg *config.Config, o exportOptions, w exportWriter,
	emit func(*article.Article, []article.Capture) error) error {
	req := index.Request{Query: o.query, Sources: o.filter.Sources, From: o.filter.From, To: o.filter.To,
		Sort: index.SortOldest, Size: hitPage}
	a, err := openApp(ctx, cfg, io.Discard, false)
	if errors.Is(err, errOwned) {
		r, err := openReader(ctx, cfg)
		if err != nil {
			return err
		}
		defer r.Close()
		w.setSource(r)
		return daemonHits(ctx, newClient(cfg), req, func(id string) error { return emitID(ctx, r, id, emit) })
	}
	if err != nil {
		return err
	}
	defer a.close()
	w.setSource(a.arch)
	for {
		res, err := a.ix.Search(ctx, req)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if err := emitID(ctx, a.arch, h.ID, emit); err != nil {
				return err
			}
		}
		if res.Next == "" {
			return nil
		}
		req.After = res.Next
	}
}

// emitID reads one article from the archive and emits it.
func emitID(ctx context.Context, g reader, id string, emit func(*article.Article, []article.Capture) error) error {
	art, caps, err := g.Get(ctx, id)
	if err != nil {
		return err
	}
	return emit(art, caps)
}

// daemonHits pages through the daemon's search with the next cursor.
func daemonHits(ctx context.Context, d *client, req index.Request, fn func(id string) error) error {
	q := url.Values{"q": {req.Query}, "sort": {req.Sort}, "size": {strconv.Itoa(req.Size)}}
	q["source"] = req.Sources
	for name, t := range map[string]time.Time{"from": req.From, "to": req.To} {
		if !t.IsZero() {
			q.Set(name, t.Format(time.RFC3339Nano))
		}
	}
	for {
		var res api.SearchResponse
		if err := d.call(ctx, http.MethodGet, "/api/v1/search", q, nil, &res); err != nil {
			return err
		}
		for _, h := range res.Hits {
			if err := fn(h.ID); err != nil {
				return err
			}
		}
		if res.Next == "" {
			return nil
		}
		q.Set("after", res.Next)
	}
}
