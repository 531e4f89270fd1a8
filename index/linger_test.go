package index

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestLinger(t *testing.T) {
	tests := map[string]struct {
		enough bool
		act    func(cancel func(), notify, flush chan struct{}, stop <-chan struct{})
		want   lingerEnd
	}{
		"a batch waits": {
			enough: true,
			act:    func(_ func(), notify, _ chan struct{}, _ <-chan struct{}) { notify <- struct{}{} },
			want:   endFull,
		},
		"quiet": {
			act:  func(func(), chan struct{}, chan struct{}, <-chan struct{}) {},
			want: endQuiet,
		},
		"notify closed": {
			act:  func(_ func(), notify, _ chan struct{}, _ <-chan struct{}) { close(notify) },
			want: endQuiet,
		},
		"flushed while articles keep coming": {
			act: func(_ func(), notify, flush chan struct{}, stop <-chan struct{}) {
				go func() {
					tick := time.NewTicker(time.Millisecond)
					defer tick.Stop()
					for {
						select {
						case <-stop:
							return
						case <-tick.C:
							select {
							case notify <- struct{}{}:
							default:
							}
						}
					}
				}()
				time.Sleep(3 * lingerPoll)
				flush <- struct{}{}
			},
			want: endFlushed,
		},
		"canceled": {
			act:  func(cancel func(), _, _ chan struct{}, _ <-chan struct{}) { cancel() },
			want: endCanceled,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			notify, flush, stop := make(chan struct{}, 1), make(chan struct{}, 1), make(chan struct{})
			defer close(stop)
			asked := 0
			enough := func() bool { asked++; return tc.enough }
			go tc.act(cancel, notify, flush, stop)
			if got := linger(ctx, notify, flush, enough); got != tc.want {
				t.Errorf("linger = %d, want %d (enough asked %d times)", got, tc.want, asked)
			}
		})
	}
}

// TestFollowFlush: Flush alone, without a notification, makes Follow
// index what waits (its safety-net tick is an hour away here).
func TestFollowFlush(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	arts := fixtureArticles(t)
	f := &sliceFeeder{arts: arts[:2], calls: make(chan int64, 100)}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- ix.Follow(ctx, f, make(chan struct{}), time.Hour) }()
	if after := <-f.calls; after != 0 { // the catch-up at start
		t.Fatalf("first Changes after %d, want 0", after)
	}
	f.add(arts[2:]...)
	ix.Flush()
	deadline := time.After(10 * time.Second)
	for caught := false; !caught; {
		select {
		case after := <-f.calls:
			caught = after == 2
		case <-deadline:
			t.Fatal("Follow did not catch up after Flush")
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if wm, _ := ix.Watermark(); wm != int64(len(arts)) {
		t.Errorf("watermark %d, want %d", wm, len(arts))
	}
}
