// Package sources owns the merged view of Haberci's sources: those of the
// config file and those added at run time (over the API or with "haberci
// sources add|import"). It validates new and changed sources with the
// config file's rules and limits, makes their ids, refuses clashes,
// persists run-time sources in the archive and tells the scheduler. The
// config file's entry always wins over a stored one with the same id.
package sources

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
)

// Store is where sources live beside the config file: the run-time
// sources, pauses, fetch state and article counts. Both stores of record
// (archive, archive/pgarchive) satisfy it.
type Store interface {
	StoredSources(ctx context.Context) ([]archive.StoredSource, error)
	StoredSource(ctx context.Context, id string) (archive.StoredSource, error)
	AddSource(ctx context.Context, s archive.SourceInfo, urlKey string) error
	UpdateSource(ctx context.Context, s archive.SourceInfo, urlKey string) error
	RemoveSource(ctx context.Context, id string) error
	SourceIDs(ctx context.Context) ([]string, error)
	PausedSources(ctx context.Context) ([]string, error)
	SetPaused(ctx context.Context, id string, paused bool) error
	FetchState(ctx context.Context, sourceID string) (article.FetchState, error)
	CountsBySource(ctx context.Context) (map[string]int64, error)
}

// Registry reads and changes the sources of one data directory. Its
// methods are safe for concurrent use; changes are serialised, so a made-up
// id or the max_sources count is checked and taken in one step.
type Registry struct {
	cfg   atomic.Pointer[config.Config] // swapped by SetConfig after a reload
	arch  Store
	sched *crawler.Scheduler // nil: nothing to tell (no daemon in this process)
	log   *slog.Logger
	mu    sync.Mutex
}

// New returns the registry of cfg's sources and those stored in ar. sched
// may be nil; log nil means slog's default.
func New(cfg *config.Config, ar Store, sched *crawler.Scheduler, log *slog.Logger) *Registry {
	if log == nil {
		log = slog.Default()
	}
	r := &Registry{arch: ar, sched: sched, log: log}
	r.cfg.Store(cfg)
	return r
}

// SetConfig makes cfg's sources the configured ones, after the daemon
// reloaded its config file (the scheduler is told apart, by Replace).
func (r *Registry) SetConfig(cfg *config.Config) { r.cfg.Store(cfg) }

func (r *Registry) conf() *config.Config { return r.cfg.Load() }

// Info is one source with its fetch state, as listings show it.
type Info struct {
	ID, Name, Type, URL, Schedule string
	Origin                        string // config.OriginConfig or config.OriginAPI
	ArticleCount                  int64
	Paused                        bool
	LastFetchAt                   time.Time
	LastStatus                    int
	LastError                     string
	ConsecutiveFailures           int
	NextAllowedAt                 time.Time
	Backlog                       int  // new items the last run left for later runs (crawl.max_items)
	BacklogPages                  bool // deeper list pages or older sitemaps still to read
}

func infoOf(s config.Source) Info {
	origin := s.Origin
	if origin == "" {
		origin = config.OriginConfig
	}
	return Info{ID: s.ID, Name: s.Name, Type: s.Type, URL: s.URL, Schedule: s.Schedule, Origin: origin}
}

// Runnable returns what the crawler runs: the config's sources, then the
// run-time ones, and the ids of the paused ones.
func (r *Registry) Runnable(ctx context.Context) ([]config.Source, []string, error) {
	stored, err := r.stored(ctx)
	if err != nil {
		return nil, nil, err
	}
	paused, err := r.arch.PausedSources(ctx)
	if err != nil {
		return nil, nil, err
	}
	return append(slices.Clone(r.conf().Sources), stored...), paused, nil
}

// List returns every source with its state: the config's, then the
// run-time ones, oldest first.
func (r *Registry) List(ctx context.Context) ([]Info, error) {
	cfg := r.conf()
	stored, err := r.runtimeRows(ctx, cfg)
	if err != nil {
		return nil, err
	}
	out := make([]Info, 0, len(cfg.Sources)+len(stored))
	for _, s := range cfg.Sources {
		out = append(out, infoOf(s))
	}
	for _, st := range stored {
		out = append(out, storedInfo(st))
	}
	return out, r.describe(ctx, out)
}

// Get returns one source with its state; ErrNotFound when there is none.
func (r *Registry) Get(ctx context.Context, id string) (Info, error) {
	info, err := r.find(ctx, id)
	if err != nil {
		return info, err
	}
	one := []Info{info}
	err = r.describe(ctx, one)
	return one[0], err
}

// Exists returns nil for a known source id, else an ErrNotFound *Error.
func (r *Registry) Exists(ctx context.Context, id string) error {
	_, err := r.find(ctx, id)
	return err
}

// find returns a source without its state.
func (r *Registry) find(ctx context.Context, id string) (Info, error) {
	if src, ok := r.conf().Source(id); ok {
		return infoOf(src), nil
	}
	st, err := r.arch.StoredSource(ctx, id)
	if err != nil {
		return Info{}, notFound(id, err)
	}
	return storedInfo(st), nil
}

func storedInfo(st archive.StoredSource) Info {
	return Info{ID: st.ID, Name: st.Name, Type: st.Type, URL: st.URL, Schedule: st.Schedule, Origin: config.OriginAPI}
}

// notFound turns the archive's ErrNotFound into the registry's.
func notFound(id string, err error) error {
	if errors.Is(err, archive.ErrNotFound) {
		return refuse(ErrNotFound, "", "no source with id %s", config.Cut(id))
	}
	return err
}

// describe fills in each source's article count, pause and fetch state.
func (r *Registry) describe(ctx context.Context, srcs []Info) error {
	counts, err := r.arch.CountsBySource(ctx)
	if err != nil {
		return err
	}
	pausedIDs, err := r.arch.PausedSources(ctx)
	if err != nil {
		return err
	}
	paused := make(map[string]bool, len(pausedIDs))
	for _, id := range pausedIDs {
		paused[id] = true
	}
	for i := range srcs {
		s := &srcs[i]
		st, err := r.arch.FetchState(ctx, s.ID)
		if err != nil {
			return err
		}
		s.ArticleCount, s.Paused = counts[s.ID], paused[s.ID]
		s.LastFetchAt, s.LastStatus, s.LastError = st.LastFetchAt, st.LastStatus, st.LastError
		s.ConsecutiveFailures, s.NextAllowedAt = st.ConsecutiveFailures, st.NextAllowedAt
		s.Backlog, s.BacklogPages = st.Backlog, st.BacklogPending()
	}
	return nil
}

// SetPaused pauses or resumes a source, configured or run-time, in the
// archive (what the next start reads) and in the scheduler.
func (r *Registry) SetPaused(ctx context.Context, id string, paused bool) error {
	if err := r.Exists(ctx, id); err != nil {
		return err
	}
	if err := r.arch.SetPaused(ctx, id, paused); err != nil {
		return err
	}
	if r.sched != nil {
		change := r.sched.Resume
		if paused {
			change = r.sched.Pause
		}
		if err := change(id); err != nil {
			r.log.Warn("scheduler did not take the pause", slog.String("source", id), slog.Any("error", err))
		}
	}
	return nil
}
