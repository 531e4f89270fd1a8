// Package groupcommit is the article writer both archive stores share (the
// SQLite archive and archive/pgarchive): one goroutine per store that
// takes the Puts waiting, writes their WARC records, fsyncs the WARC file
// once, hands the group to the store to write in one transaction and only
// then answers each caller. Under concurrent crawling this turns two
// fsyncs per article into two per group; a lone Put costs what it did
// alone. What differs between the stores (the SQL, how one failing
// article is kept from failing the rest, background work between groups)
// is the store's Config.
package groupcommit

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
)

// Request is one Put waiting for the writer: what the caller prepared
// (Item, the store's own; Recs), then what the writer and the store fill
// in (Caps, Result).
type Request[T any] struct {
	Ctx  context.Context
	Item T
	Recs []*warc.Encoded // the responses, encoded in the caller's goroutine
	// Caps are Recs' places in the WARC file, durable when the store's
	// Commit runs.
	Caps []article.Capture
	// Result is what the caller learns; Commit sets it.
	Result Result
	done   chan struct{} // closed once Result is final; nil: nobody waits
}

// Result is what Put returns to its caller.
type Result struct {
	Stored  *article.Article
	Created bool
	Err     error
}

// Config is what a store gives its writer.
type Config[T any] struct {
	// Name prefixes the writer's own errors ("archive", "pgarchive").
	Name string
	// Closed is what Submit returns once Close was called.
	Closed error
	// MaxGroup bounds how many Puts share one transaction.
	MaxGroup int
	// Gather is how long the writer waits for more Puts after the first of
	// a group when that one was already waiting (Puts then come faster
	// than commits); 0: a group is what is queued.
	Gather time.Duration
	// WARC receives the records; nil for a store that archives none (its
	// Submit then refuses responses).
	WARC *warc.Writer
	// Commit writes the requests of a group in one transaction and sets
	// each one's Result. An error it returns fails every request whose
	// Result holds none. Every request it is given has its WARC records
	// durable and a live context when the group began.
	Commit func(group []*Request[T]) error
	// StorageErr marks an error from a disk that refused a write with
	// article.ErrStorage (the store knows its errors).
	StorageErr func(error) error
	// Idle is work the writer does between groups, if any.
	Idle Idle
}

// Idle is background work of the writer's (the SQLite archive's pending
// LSH bands): done after a group when Due says so, and after a quiet
// spell of After when Pending says there is some. A run that fails (it
// returns false) doubles the quiet spell before the next, up to a minute.
type Idle struct {
	After   time.Duration
	Pending func() bool
	Due     func() bool
	Run     func() bool
}

// Writer is a store's one writer of articles.
type Writer[T any] struct {
	cfg       Config[T]
	queue     chan *Request[T] // unbuffered: a Put is either taken or refused
	closing   chan struct{}    // closed by Close: the loop stops
	stopped   chan struct{}    // closed when the loop has stopped
	closeOnce sync.Once
}

// Start starts the writer's goroutine.
func Start[T any](cfg Config[T]) *Writer[T] {
	w := &Writer[T]{cfg: cfg, queue: make(chan *Request[T]), closing: make(chan struct{}), stopped: make(chan struct{})}
	go w.loop()
	return w
}

// Submit hands a prepared article to the writer and returns at once; wait
// blocks until its commit and returns what Put does. Requests submitted one after the other are
// committed in that order. Once Submit succeeded, wait must be called.
func (w *Writer[T]) Submit(ctx context.Context, item T, recs []*warc.Encoded) (wait func() (stored *article.Article, created bool, err error), err error) {
	r := &Request[T]{Ctx: ctx, Item: item, Recs: recs, done: make(chan struct{})}
	select {
	case w.queue <- r:
	case <-ctx.Done():
		return nil, fmt.Errorf("%s: %w", w.cfg.Name, ctx.Err())
	case <-w.closing:
		return nil, w.cfg.Closed
	}
	// Once handed over, wait even if ctx ends: the commit is a few
	// milliseconds away and the caller must learn whether it happened.
	return func() (*article.Article, bool, error) {
		<-r.done
		return r.Result.Stored, r.Result.Created, r.Result.Err
	}, nil
}

// Close stops taking Puts and returns once the group in hand is committed.
func (w *Writer[T]) Close() {
	w.closeOnce.Do(func() { close(w.closing) })
	<-w.stopped
}

// loop takes the first waiting Put and every other already queued or,
// when the first was already waiting, arriving within Gather (up to
// MaxGroup), and commits them; between groups it does the idle work.
func (w *Writer[T]) loop() {
	defer close(w.stopped)
	idle := w.cfg.Idle
	timer := time.NewTimer(idle.After)
	timer.Stop()
	quiet := idle.After // doubles while idle runs fail (a full disk), up to a minute
	for {
		var first *Request[T]
		gather := time.Duration(0)
		select {
		case first = <-w.queue:
			gather = w.cfg.Gather
		default:
			var idleC <-chan time.Time
			if idle.Pending != nil && idle.Pending() {
				timer.Reset(quiet)
				idleC = timer.C
			}
			select {
			case first = <-w.queue:
			case <-idleC:
				if idle.Run() {
					quiet = idle.After
				} else {
					quiet = min(2*quiet, time.Minute)
				}
				continue
			case <-w.closing:
				return
			}
		}
		w.Commit(w.group(first, gather))
		if idle.Due != nil && idle.Due() {
			idle.Run()
		}
	}
}

// group collects first and the Puts that follow it: those already queued,
// and for up to gather those arriving, at most MaxGroup in all.
func (w *Writer[T]) group(first *Request[T], gather time.Duration) []*Request[T] {
	group := []*Request[T]{first}
	if gather == 0 {
		for len(group) < w.cfg.MaxGroup {
			select {
			case r := <-w.queue:
				group = append(group, r)
			default:
				return group
			}
		}
		return group
	}
	deadline := time.NewTimer(gather)
	defer deadline.Stop()
	for len(group) < w.cfg.MaxGroup {
		select {
		case r := <-w.queue:
			group = append(group, r)
		case <-deadline.C:
			return group
		}
	}
	return group
}

// Commit stores a group and answers every request in it: the writer's
// loop calls it; a test may, with requests made by hand (Result then holds
// the answer). A request whose context ended before the group began fails
// alone, without being written.
func (w *Writer[T]) Commit(group []*Request[T]) {
	var live []*Request[T]
	for _, r := range group {
		r.Result = Result{}
		if err := r.Ctx.Err(); err != nil {
			r.Result.Err = fmt.Errorf("%s: %w", w.cfg.Name, err)
			continue
		}
		if r.Caps, r.Result.Err = w.appendWARC(r.Ctx, r.Recs); r.Result.Err == nil {
			live = append(live, r)
		}
	}
	// Records must be durable before any row points at them.
	if len(live) > 0 && w.cfg.WARC != nil {
		if err := w.syncWARC(); err != nil {
			failAll(live, err)
			live = nil
		}
	}
	if len(live) > 0 {
		if err := w.cfg.Commit(live); err != nil {
			failAll(live, err)
		}
	}
	for _, r := range group {
		r.Result.Err = w.cfg.StorageErr(r.Result.Err)
		if r.done != nil {
			close(r.done)
		}
	}
}

// failAll replaces every successful result by err.
func failAll[T any](group []*Request[T], err error) {
	for _, r := range group {
		if r.Result.Err == nil {
			r.Result = Result{Err: err}
		}
	}
}

// Durable writes responses as WARC records and fsyncs them, outside any
// group: captures that belong to no new article (a feed document, a
// revisit) must be on disk before their rows, as an article's are.
func (w *Writer[T]) Durable(ctx context.Context, resps []article.Response) ([]article.Capture, error) {
	recs, err := w.Encode(resps)
	if err != nil {
		return nil, err
	}
	caps, err := w.appendWARC(ctx, recs)
	if err != nil || len(caps) == 0 {
		return caps, err
	}
	return caps, w.syncWARC()
}

// Encode renders and compresses responses as WARC records. It runs in the
// caller's goroutine: the writer only appends.
func (w *Writer[T]) Encode(resps []article.Response) ([]*warc.Encoded, error) {
	recs := make([]*warc.Encoded, 0, len(resps))
	for _, r := range resps {
		rec, err := warc.Encode(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", w.cfg.Name, err)
		}
		recs = append(recs, rec)
	}
	return recs, nil
}

// appendWARC appends encoded records, not yet durable.
func (w *Writer[T]) appendWARC(ctx context.Context, recs []*warc.Encoded) ([]article.Capture, error) {
	caps := make([]article.Capture, 0, len(recs))
	for _, rec := range recs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", w.cfg.Name, err)
		}
		c, err := w.cfg.WARC.Append(rec)
		if err != nil {
			return nil, w.cfg.StorageErr(fmt.Errorf("%s: %w", w.cfg.Name, err))
		}
		caps = append(caps, c)
	}
	return caps, nil
}

// syncWARC makes every record written so far durable.
func (w *Writer[T]) syncWARC() error {
	if err := w.cfg.WARC.Sync(); err != nil {
		return w.cfg.StorageErr(fmt.Errorf("%s: %w", w.cfg.Name, err))
	}
	return nil
}
