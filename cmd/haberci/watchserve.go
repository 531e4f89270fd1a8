package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/watch"
)

// Watch intervals of the daemon: the matcher runs when an article is
// stored and at least every matchEvery (query watches need the index to
// have caught up); the deliverer runs after each matching pass and every
// deliverEvery, which also retries failed deliveries when due.
const (
	matchEvery   = 30 * time.Second
	deliverEvery = 2 * time.Second
)

// startWatches runs the watch matcher and deliverer until ctx ends (wg
// tracks them). It returns the function that tells the matcher an article
// was stored.
func startWatches(ctx context.Context, wg *sync.WaitGroup, cfg *config.Config, a *app, log *slog.Logger) func() {
	matchNotify, deliverNotify := make(chan struct{}, 1), make(chan struct{}, 1)
	m := watch.NewMatcher(a.arch, a.ix, log)
	d := watch.NewDeliverer(a.arch, cfg, log)
	wg.Add(2)
	go func() {
		defer wg.Done()
		m.Follow(ctx, matchNotify, matchEvery, func() { poke(deliverNotify) })
	}()
	go func() {
		defer wg.Done()
		d.Run(ctx, deliverNotify, deliverEvery)
	}()
	return func() { poke(matchNotify) }
}

// poke signals c without blocking: one pending signal is enough.
func poke(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}
