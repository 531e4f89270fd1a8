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
// crawl itself. While notifications keep coming, whether a batch is waiting
// is asked at most every lingerPoll: notifications coalesce, so their number
// says nothing of how many articles arrived.
const (
	lingerQuiet = 250 * time.Millisecond
	lingerMost  = 5 * time.Second
	lingerPoll  = 20 * time.Millisecond
)

// lingerEnd says why linger returned.
type lingerEnd int

const (
	endFull     lingerEnd = iota // a batch's worth of articles waits
	endQuiet                     // no notification for lingerQuiet, or notify closed
	endFlushed                   // Flush: no crawl is running
	endMost                      // lingerMost passed
	endCanceled                  // ctx ended
)

// linger waits while notifications keep coming, so that a burst of stored
// articles becomes one batch. It returns endFull as soon as enough reports
// that a batch is waiting (asked after a notification, at most every
// lingerPoll); otherwise it returns when flush fires, after lingerQuiet
// without a notification, after lingerMost, or when ctx ends. A nil notify
// just waits lingerQuiet.
func linger(ctx context.Context, notify, flush <-chan struct{}, enough func() bool) lingerEnd {
	most := time.NewTimer(lingerMost)
	defer most.Stop()
	quiet := time.NewTimer(lingerQuiet)
	defer quiet.Stop()
	var asked time.Time
	for {
		select {
		case <-ctx.Done():
			return endCanceled
		case <-most.C:
			return endMost
		case <-quiet.C:
			return endQuiet
		case <-flush:
			return endFlushed
		case _, open := <-notify:
			if !open {
				return endQuiet
			}
			quiet.Reset(lingerQuiet)
			if time.Since(asked) >= lingerPoll {
				asked = time.Now()
				if enough() {
					return endFull
				}
			}
		}
	}
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
