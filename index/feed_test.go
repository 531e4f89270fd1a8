package index

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/haberci/haberci/article"
)

// sliceFeeder serves articles from a slice, as the archive's Changes would,
// and reports each call's after on calls (when not nil) once it has
// chosen its answer, so that an add after the report never changes it.
type sliceFeeder struct {
	mu    sync.Mutex
	arts  []*article.Article
	calls chan int64
}

func (f *sliceFeeder) Changes(ctx context.Context, after int64, limit int) ([]*article.Article, error) {
	f.mu.Lock()
	var out []*article.Article
	for _, a := range f.arts {
		if a.ChangeSeq > after && len(out) < limit {
			out = append(out, a)
		}
	}
	f.mu.Unlock()
	if f.calls != nil {
		f.calls <- after
	}
	return out, ctx.Err()
}

func (f *sliceFeeder) add(arts ...*article.Article) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.arts = append(f.arts, arts...)
}

func TestCatchUp(t *testing.T) {
	arts := fixtureArticles(t)
	tests := map[string]struct {
		start     int64 // watermark before catching up
		batch     int
		wantN     int
		wantSteps []int
	}{
		"from empty in batches of 3": {0, 3, 10, []int{3, 6, 9, 10}},
		"from watermark 7":           {7, 500, 3, []int{3}},
		"nothing new":                {10, 4, 0, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ix, err := Open(filepath.Join(t.TempDir(), "index"))
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if err := ix.Apply(nil, tc.start); err != nil {
				t.Fatal(err)
			}
			var steps []int
			n, err := ix.CatchUp(context.Background(), &sliceFeeder{arts: arts}, tc.batch, func(n int) { steps = append(steps, n) })
			if err != nil || n != tc.wantN {
				t.Fatalf("CatchUp = %d, %v; want %d", n, err, tc.wantN)
			}
			if len(steps) != len(tc.wantSteps) || (len(steps) > 0 && steps[len(steps)-1] != tc.wantSteps[len(tc.wantSteps)-1]) {
				t.Errorf("progress %v, want %v", steps, tc.wantSteps)
			}
			if wm, _ := ix.Watermark(); wm != 10 {
				t.Errorf("watermark %d, want 10", wm)
			}
			if c, _ := ix.Count(); c != uint64(tc.wantN) {
				t.Errorf("count %d, want %d", c, tc.wantN)
			}
		})
	}
}

func TestCatchUpStuckFeeder(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// ChangeSeq 0 never moves the watermark: CatchUp must stop, not spin.
	arts := []*article.Article{{ID: "x", ChangeSeq: 0}}
	stuck := feederFunc(func(context.Context, int64, int) ([]*article.Article, error) { return arts, nil })
	if _, err := ix.CatchUp(context.Background(), stuck, 10, nil); err == nil {
		t.Fatal("CatchUp with a feeder that does not advance succeeded")
	}
}

// feederFunc adapts a function to Feeder.
type feederFunc func(context.Context, int64, int) ([]*article.Article, error)

func (f feederFunc) Changes(ctx context.Context, after int64, limit int) ([]*article.Article, error) {
	return f(ctx, after, limit)
}

func (f feederFunc) LastChange(context.Context) (int64, error) { return 0, nil }

func TestFollow(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	arts := fixtureArticles(t)
	f := &sliceFeeder{arts: arts[:4], calls: make(chan int64, 100)}
	notify := make(chan struct{}, 8)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ix.Follow(ctx, f, notify, 0) }()

	// waitSince waits for a Changes call after seq: everything up to seq is in.
	waitSince := func(seq int64) {
		for after := range f.calls {
			if after == seq {
				return
			}
		}
	}
	notify <- struct{}{} // Follow catches up at start; this asks again
	waitSince(4)
	f.add(arts[4:]...)
	for range 5 { // a burst of notifications: one catch-up serves them
		notify <- struct{}{}
	}
	waitSince(4) // the catch-up that reads 5..10
	notify <- struct{}{}
	waitSince(10)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Follow returned %v after cancel, want nil", err)
	}
	if c, _ := ix.Count(); c != 10 {
		t.Errorf("count %d, want 10", c)
	}
	if wm, _ := ix.Watermark(); wm != 10 {
		t.Errorf("watermark %d, want 10", wm)
	}
}

// LastChange is the highest ChangeSeq served.
func (f *sliceFeeder) LastChange(context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var top int64
	for _, a := range f.arts {
		top = max(top, a.ChangeSeq)
	}
	return top, nil
}
