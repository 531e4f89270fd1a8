package archive

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/cluster"
)

func TestConcurrentPutsCommitTogether(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	body := seedBody(t)
	const workers, each = 8, 12
	seqs := make(chan int64, workers*each)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				url := fmt.Sprintf("https://www.kartal.bel.tr/haber/%d-%d", w, i)
				art := newArticle(t, fmt.Sprintf("kaynak-%d", w), url, fmt.Sprintf("%s\n\n%d-%d", body, w, i))
				stored, created, err := a.Put(ctx, art, []article.Response{pageResponse(t, url)})
				if err != nil || !created {
					t.Errorf("Put %s: created=%v err=%v", url, created, err)
					return
				}
				seqs <- stored.Seq
			}
		})
	}
	wg.Wait()
	close(seqs)
	var got []int64
	for s := range seqs {
		got = append(got, s)
	}
	slices.Sort(got)
	for i, s := range got {
		if s != int64(i+1) {
			t.Fatalf("seqs %v: want 1..%d, each once", got, workers*each)
		}
	}
	if n, _ := a.Count(ctx); n != workers*each {
		t.Errorf("Count = %d, want %d", n, workers*each)
	}
	arts, err := a.Changes(ctx, 0, MaxPage)
	if err != nil {
		t.Fatal(err)
	}
	for _, art := range arts {
		if _, caps, err := a.Get(ctx, art.ID); err != nil || len(caps) != 1 {
			t.Errorf("%s: %d captures (%v), want 1", art.ID, len(caps), err)
		}
	}
}

// TestGroupIsolatesFailures commits one group by hand: a refused article
// and a cancelled request fail alone, the others commit with dense seqs.
func TestGroupIsolatesFailures(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	// A real SQLite refusal for one article, inside the group's transaction.
	if _, err := a.write.ExecContext(ctx, `CREATE TRIGGER refuse BEFORE INSERT ON article
		WHEN NEW.title = 'reddet' BEGIN SELECT RAISE(ABORT, 'refused'); END`); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := map[string]struct {
		ctx     context.Context
		title   string
		wantErr bool
		wantSeq int64
	}{
		"first":     {ctx: ctx, title: "bir", wantSeq: 1},
		"refused":   {ctx: ctx, title: "reddet", wantErr: true},
		"cancelled": {ctx: cancelled, title: "iptal", wantErr: true},
		"last":      {ctx: ctx, title: "son", wantSeq: 2},
	}
	order := []string{"first", "refused", "cancelled", "last"}
	group := make([]*putReq, len(order))
	for i, name := range order {
		url := "https://www.kartal.bel.tr/haber/" + name
		art := newArticle(t, "kartal-bel", url, seedBody(t)+name)
		art.Title = tests[name].title
		recs, err := a.writer.Encode([]article.Response{pageResponse(t, url)})
		if err != nil {
			t.Fatal(err)
		}
		n := normalised(art)
		group[i] = &putReq{Ctx: tests[name].ctx, Item: putItem{art: n, sk: cluster.NewSketch(n.Body)}, Recs: recs}
	}
	a.writer.Commit(group)
	for i, name := range order {
		t.Run(name, func(t *testing.T) {
			tc, res := tests[name], group[i].Result
			if (res.Err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", res.Err, tc.wantErr)
			}
			_, caps, err := a.Get(ctx, group[i].Item.art.ID)
			if tc.wantErr {
				if !errors.Is(err, ErrNotFound) {
					t.Errorf("Get after failed put: %v, want ErrNotFound", err)
				}
				return
			}
			if err != nil || !res.Created || res.Stored.Seq != tc.wantSeq || len(caps) != 1 {
				t.Errorf("stored seq %d created %v, %d captures (%v); want seq %d, 1 capture",
					res.Stored.Seq, res.Created, len(caps), err, tc.wantSeq)
			}
		})
	}
	var orphans int
	if err := a.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM capture WHERE article_id IS NULL`).Scan(&orphans); err != nil || orphans != 0 {
		t.Errorf("%d capture rows without article (%v), want 0", orphans, err)
	}
}

func TestPutAfterClose(t *testing.T) {
	a, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	art := newArticle(t, "kartal-bel", "https://www.kartal.bel.tr/haber/sonra", "metin")
	if _, _, err := a.Put(context.Background(), art, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Put after Close: %v, want ErrClosed", err)
	}
}

// TestSubmitKeepsOrder: articles submitted one after the other without
// waiting are stored in that order, and a second submission of the same
// URL, still uncommitted when it is handed over, finds the first.
func TestSubmitKeepsOrder(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	body := seedBody(t)
	type pending struct {
		url  string
		dup  bool
		wait func() (*article.Article, bool, error)
	}
	var all []pending
	for i := range 20 {
		url := fmt.Sprintf("https://www.kartal.bel.tr/haber/%d", i)
		times := []bool{false}
		if i%5 == 4 {
			times = append(times, true)
		}
		for _, dup := range times {
			art := newArticle(t, "kartal", url, fmt.Sprintf("%s\n\n%d", body, i))
			wait, err := a.Submit(ctx, art, []article.Response{pageResponse(t, url)})
			if err != nil {
				t.Fatalf("Submit %s: %v", url, err)
			}
			all = append(all, pending{url, dup, wait})
		}
	}
	var want int64
	for _, p := range all {
		stored, created, err := p.wait()
		if err != nil {
			t.Fatalf("%s: %v", p.url, err)
		}
		if created == p.dup {
			t.Errorf("%s (repeat %v): created=%v", p.url, p.dup, created)
		}
		if !p.dup {
			want++
		}
		if stored.Seq != want {
			t.Errorf("%s (repeat %v) stored with seq %d, want %d", p.url, p.dup, stored.Seq, want)
		}
	}
	if n, _ := a.Count(ctx); n != 20 {
		t.Errorf("Count = %d, want 20", n)
	}
}

func TestSubmitRefusesIncomplete(t *testing.T) {
	a, _ := openTemp(t)
	if _, err := a.Submit(context.Background(), &article.Article{ID: "x"}, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("Submit without source and URL: %v, want ErrInvalid", err)
	}
}
