package main

import (
	"time"

	"github.com/haberci/haberci/index"
)

// settleQuiet is how long the segment count must stay the same before the
// index counts as merged; settleMost bounds the wait.
const (
	settleQuiet = 10 * time.Second
	settleMost  = 10 * time.Minute
)

// settle waits until Bleve has stopped merging ix: a freshly built index
// holds dozens of segments that the merger folds together over the next
// minutes, and every search reads all of them. Timing queries then would
// measure the build's aftermath, not the index. It returns how long it
// waited.
func settle(ix *index.Index) time.Duration {
	start := time.Now()
	last, since := ix.Segments(), time.Now()
	for time.Since(since) < settleQuiet && time.Since(start) < settleMost {
		time.Sleep(time.Second)
		if n := ix.Segments(); n != last {
			last, since = n, time.Now()
		}
	}
	return time.Since(start)
}
