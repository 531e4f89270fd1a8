package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/watch"
)

// watchStore is where the watch commands act: the daemon's API when a
// daemon owns the data directory, else the watch package on the archive
// (and, to create, the index) opened here. Either way the watch package
// decides and shapes the answer.
type watchStore struct {
	arch  store          // nil: a daemon runs
	svc   *watch.Service // nil unless opened to create
	base  string         // the daemon's listener, where feeds are served
	d     *client
	close func()
}

// withWatchStore runs fn on the watch store of the config at cfgPath (see
// openWatchStore), closing it afterwards.
func withWatchStore(cfgPath string, stderr io.Writer, create bool, fn func(context.Context, *watchStore) error) error {
	ctx := context.Background()
	st, err := openWatchStore(ctx, cfgPath, stderr, create)
	if err != nil {
		return err
	}
	defer st.close()
	return fn(ctx, st)
}

// openWatchStore takes the data directory or finds its daemon; create
// opens the index too, for a new watch's first matches.
func openWatchStore(ctx context.Context, cfgPath string, stderr io.Writer, create bool) (*watchStore, error) {
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return nil, err
	}
	ws := &watchStore{base: "http://" + cfg.Listen, close: func() {}}
	if create {
		err = ws.openWithIndex(ctx, cfg, stderr)
	} else {
		var lock *dirLock
		if ws.arch, lock, err = openArchive(ctx, cfg); err == nil {
			ws.close = func() { ws.arch.Close(); lock.release() }
		}
	}
	if errors.Is(err, errOwned) {
		return &watchStore{d: newClient(cfg), close: func() {}}, nil
	}
	return ws, err
}

func (s *watchStore) openWithIndex(ctx context.Context, cfg *config.Config, stderr io.Writer) error {
	a, err := openApp(ctx, cfg, stdoutIfTerminal(stderr), false)
	if err != nil {
		return err
	}
	s.arch, s.close = a.arch, a.close
	s.svc = watch.ForConfig(cfg, a.arch, a.ix, nil)
	return nil
}

const watchesPath = "/api/v1/watches"

func (s *watchStore) create(ctx context.Context, sp watch.Spec) (watch.Response, error) {
	var out watch.Response
	if s.arch == nil {
		return out, refusal(s.d.call(ctx, http.MethodPost, watchesPath, nil, sp, &out))
	}
	w, err := s.svc.Create(ctx, sp)
	var inv *watch.InvalidError
	if errors.As(err, &inv) {
		return out, usageError{inv.Field + ": " + inv.Reason}
	}
	if err != nil {
		return out, err
	}
	return watch.Describe(&w, s.base), nil
}

func (s *watchStore) list(ctx context.Context) (watch.ListResponse, error) {
	var out watch.ListResponse
	if s.arch == nil {
		return out, refusal(s.d.call(ctx, http.MethodGet, watchesPath, nil, nil, &out))
	}
	ws, err := s.arch.Watches(ctx, "")
	if err != nil {
		return out, err
	}
	return watch.DescribeList(ws, s.base), nil
}

// find reads one watch, with "no watch ID" for an unknown one as the API
// says it.
func (s *watchStore) find(ctx context.Context, id string) (archive.Watch, error) {
	w, err := s.arch.Watch(ctx, id)
	if errors.Is(err, archive.ErrNotFound) {
		return w, errors.New("no watch " + id)
	}
	return w, err
}

func (s *watchStore) show(ctx context.Context, id string) (watch.Response, error) {
	var out watch.Response
	if s.arch == nil {
		return out, refusal(s.d.call(ctx, http.MethodGet, watchesPath+"/"+url.PathEscape(id), nil, nil, &out))
	}
	w, err := s.find(ctx, id)
	if err != nil {
		return out, err
	}
	out = watch.Describe(&w, s.base)
	out.Deliveries, err = s.arch.Deliveries(ctx, w.ID, watch.DeliveryLog)
	return out, err
}

func (s *watchStore) remove(ctx context.Context, id string) error {
	if s.arch == nil {
		return s.d.call(ctx, http.MethodDelete, watchesPath+"/"+url.PathEscape(id), nil, nil, nil)
	}
	err := s.arch.DeleteWatch(ctx, id)
	if errors.Is(err, archive.ErrNotFound) {
		return errors.New("no watch " + id)
	}
	return err
}

// matches writes the first page of a watch's matches as the API answers
// it: JSON, or CSV.
func (s *watchStore) matches(ctx context.Context, id string, asCSV bool, out io.Writer) error {
	if s.arch == nil {
		var q url.Values
		if asCSV {
			q = url.Values{"format": {"csv"}}
		}
		body, err := s.d.send(ctx, http.MethodGet, watchesPath+"/"+url.PathEscape(id)+"/matches", q, nil)
		if err != nil {
			return err
		}
		_, err = out.Write(body)
		return err
	}
	w, err := s.find(ctx, id)
	if err != nil {
		return err
	}
	page, err := watch.MatchPage(ctx, s.arch, &w, 0, archive.MaxPage)
	if err != nil {
		return err
	}
	if asCSV {
		return watch.WriteCSV(out, page.Matches)
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false) // as the API writes it
	return enc.Encode(page)
}

// refusal makes the daemon's refusal of the input (400) a usage error.
func refusal(err error) error {
	var ae *apiError
	if errors.As(err, &ae) && ae.status == http.StatusBadRequest {
		return usageError{ae.msg}
	}
	return err
}
