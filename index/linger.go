package index

import (
	"context"
	"time"
)

// How long Follow lingers after a notification: until the archive has been
// quiet for lingerQuiet, a batch's worth of articles is waiting, or at most
// lingerMost. A lone article is therefore searchable within about a quarter
// of a second. A crawl, even a polite one storing a few articles a second
// from each host, keeps the writer lingering, so its articles are indexed in
// batches of dozens to followBatch, at most a few seconds behind. A
// shorter quiet time made batches of one or two articles whenever the
// machine was busy, and merging those segments then took more CPU than the
// crawl itself.
const (
	lingerQuiet = 250 * time.Millisecond
	lingerMost  = 5 * time.Second
)

// linger waits while notifications keep coming, so that a burst of stored
// articles becomes one batch. It returns full=true once `enough` of them
// arrived (each is at least one stored article), full=false after
// lingerQuiet without one or after lingerMost; ok is false when ctx ended
// first. A nil notify just waits lingerQuiet.
func linger(ctx context.Context, notify <-chan struct{}, enough int) (full, ok bool) {
	most := time.NewTimer(lingerMost)
	defer most.Stop()
	quiet := time.NewTimer(lingerQuiet)
	defer quiet.Stop()
	for n := 0; n < enough; n++ {
		select {
		case <-ctx.Done():
			return false, false
		case <-most.C:
			return false, true
		case <-quiet.C:
			return false, true
		case _, open := <-notify:
			if !open {
				return false, true
			}
			quiet.Reset(lingerQuiet)
		}
	}
	return true, true
}

// drain empties notify without blocking: one catch-up serves them all.
func drain(notify <-chan struct{}) {
	for {
		select {
		case _, ok := <-notify:
			if !ok {
				return
			}
		default:
			return
		}
	}
}
