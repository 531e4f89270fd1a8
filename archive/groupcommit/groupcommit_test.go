package groupcommit

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
)

// The stores' suites (archive/archivetest on SQLite and PostgreSQL) test
// the writer with real transactions; these test what no store decides:
// which waiters learn of an error, and what Close waits for.

var errClosed = errors.New("test: closed")

// start starts a writer on a real WARC file whose Commit is commit.
func start(t *testing.T, dir string, commit func([]*Request[string]) error) *Writer[string] {
	t.Helper()
	ww, err := warc.OpenWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	w := Start(Config[string]{Name: "test", Closed: errClosed, MaxGroup: 8, WARC: ww, Commit: commit,
		StorageErr: func(err error) error { return err }})
	t.Cleanup(func() {
		w.Close()
		ww.Close()
	})
	return w
}

// submit submits item with one page and returns its wait.
func submit(t *testing.T, w *Writer[string], ctx context.Context, item string) func() (*article.Article, bool, error) {
	t.Helper()
	recs, err := w.Encode([]article.Response{{URL: "https://example.org/" + item, FetchedAt: time.Now(), Status: 200, Body: []byte(item)}})
	if err != nil {
		t.Fatal(err)
	}
	wait, err := w.Submit(ctx, item, recs)
	if err != nil {
		t.Fatal(err)
	}
	return wait
}

func TestErrorsReachEveryWaiter(t *testing.T) {
	boom := errors.New("boom")
	tests := map[string]struct {
		commit  func([]*Request[string]) error
		wantErr map[string]bool
	}{
		"transaction fails": {
			commit:  func([]*Request[string]) error { return boom },
			wantErr: map[string]bool{"a": true, "b": true, "c": true},
		},
		"one article fails": {
			commit: func(group []*Request[string]) error {
				for _, r := range group {
					r.Result = Result{Stored: &article.Article{ID: r.Item}, Created: true}
					if r.Item == "b" {
						r.Result = Result{Err: boom}
					}
				}
				return nil
			},
			wantErr: map[string]bool{"b": true},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			gate := make(chan struct{})
			dir := t.TempDir()
			w := start(t, dir, func(group []*Request[string]) error {
				<-gate
				for _, r := range group {
					// The records are durable and placed before the rows.
					if len(r.Caps) != 1 {
						t.Errorf("%s: %d captures, want 1", r.Item, len(r.Caps))
						continue
					}
					rec, err := warc.ReadRecord(filepath.Join(dir, filepath.Base(r.Caps[0].WARCFile)), r.Caps[0].Offset, r.Caps[0].Length)
					if err != nil || string(rec.Payload) != r.Item {
						t.Errorf("%s: record %v, %v", r.Item, rec, err)
					}
				}
				return tc.commit(group)
			})
			// The first group holds at the gate while the others queue.
			type answer struct {
				item    string
				stored  *article.Article
				created bool
				err     error
			}
			items := []string{"a", "b", "c"}
			answers := make(chan answer, len(items))
			for _, item := range items {
				go func() {
					stored, created, err := submit(t, w, context.Background(), item)()
					answers <- answer{item, stored, created, err}
				}()
			}
			close(gate)
			for range items {
				a := <-answers
				if (a.err != nil) != tc.wantErr[a.item] {
					t.Errorf("%s: err %v, want error %v", a.item, a.err, tc.wantErr[a.item])
				}
				if a.err == nil && (a.stored == nil || a.stored.ID != a.item || !a.created) {
					t.Errorf("%s: stored %v created %v", a.item, a.stored, a.created)
				}
			}
		})
	}
}

// TestCancelledFailsAlone: a request whose context ended before its group
// began is neither written nor given to the store.
func TestCancelledFailsAlone(t *testing.T) {
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	var committed []string
	w := start(t, t.TempDir(), func(group []*Request[string]) error {
		for _, r := range group {
			committed = append(committed, r.Item)
			r.Result = Result{Stored: &article.Article{ID: r.Item}}
		}
		return nil
	})
	group := []*Request[string]{{Ctx: ctx, Item: "live"}, {Ctx: cancelled, Item: "cancelled"}}
	cancel()
	w.Commit(group)
	if !errors.Is(group[1].Result.Err, context.Canceled) || group[0].Result.Err != nil {
		t.Errorf("results %+v, %+v; want the cancelled one to fail alone", group[0].Result, group[1].Result)
	}
	if len(committed) != 1 || committed[0] != "live" {
		t.Errorf("store given %v, want [live]", committed)
	}
}

// TestCloseWaitsForGroup: Close returns only once the group in hand is
// committed, and Submit after it is refused.
func TestCloseWaitsForGroup(t *testing.T) {
	inCommit, release := make(chan struct{}), make(chan struct{})
	w := start(t, t.TempDir(), func(group []*Request[string]) error {
		close(inCommit)
		<-release
		for _, r := range group {
			r.Result = Result{Stored: &article.Article{ID: r.Item}, Created: true}
		}
		return nil
	})
	wait := submit(t, w, context.Background(), "a")
	<-inCommit
	closed := make(chan struct{})
	go func() {
		w.Close()
		close(closed)
	}()
	select {
	case <-closed:
		t.Fatal("Close returned while a group was being committed")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	<-closed
	if _, created, err := wait(); err != nil || !created {
		t.Errorf("the group in hand: created %v, %v", created, err)
	}
	if _, err := w.Submit(context.Background(), "b", nil); !errors.Is(err, errClosed) {
		t.Errorf("Submit after Close: %v, want Closed", err)
	}
}
