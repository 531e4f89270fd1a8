package archive

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/cluster"
)

// bandRows counts id's rows in lsh_band.
func bandRows(t *testing.T, db *sql.DB, id string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM lsh_band WHERE article_id = ?`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCopyFoundWhereverBandsAre stores the seed, then a republished copy:
// the copy joins the seed's cluster whether the seed's bands are still
// pending, were written by Close, or were lost with the process and
// re-derived by Open from the seed's signature.
func TestCopyFoundWhereverBandsAre(t *testing.T) {
	ctx := context.Background()
	seed := seedBody(t)
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		then     func(t *testing.T, a *Archive, dir string) *Archive
		wantRows int // the seed's rows in lsh_band when the copy comes
	}{
		"pending": {
			then:     func(t *testing.T, a *Archive, dir string) *Archive { return a },
			wantRows: 0,
		},
		"written by Close": {
			then: func(t *testing.T, a *Archive, dir string) *Archive {
				a.Close()
				return openAt(t, dir)
			},
			wantRows: cluster.NumKeys,
		},
		"re-derived after a crash": {
			then: func(t *testing.T, a *Archive, dir string) *Archive {
				// A snapshot of the open archive is what kill -9 leaves.
				crashed := filepath.Join(t.TempDir(), "crashed")
				if _, err := Backup(ctx, dir, "", crashed); err != nil {
					t.Fatal(err)
				}
				db, err := openDB(ctx, filepath.Join(crashed, "haberci.db"), false)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if n := bandRows(t, db, idOf("https://iha.example/1")); n != 0 {
					t.Fatalf("the snapshot holds %d band rows of the seed, want them pending (0)", n)
				}
				return openAt(t, crashed)
			},
			wantRows: cluster.NumKeys,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a, dir := openTemp(t)
			one := newArticle(t, "iha", "https://iha.example/1", seed)
			one.FirstSeenAt = day
			s1, _, err := a.Put(ctx, one, nil)
			if err != nil {
				t.Fatal(err)
			}
			a = tc.then(t, a, dir)
			if n := bandRows(t, a.read, one.ID); n != tc.wantRows {
				t.Fatalf("%d band rows of the seed in lsh_band, want %d", n, tc.wantRows)
			}
			two := newArticle(t, "kartal-bel", "https://kartal.example/2", republished(seed))
			two.FirstSeenAt = day.Add(time.Hour)
			s2, _, err := a.Put(ctx, two, nil)
			if err != nil {
				t.Fatal(err)
			}
			if s2.ClusterID != s1.ClusterID {
				t.Errorf("copy in cluster %s, want the seed's %s", s2.ClusterID, s1.ClusterID)
			}
		})
	}
}

// TestGroupFindsItsOwnCopies commits the seed and its copy in one group:
// the copy finds the seed's bands, which are neither in lsh_band nor
// pending yet.
func TestGroupFindsItsOwnCopies(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	seed := seedBody(t)
	var group []*putReq
	for i, body := range []string{seed, republished(seed)} {
		art := newArticle(t, "kaynak", fmt.Sprintf("https://kaynak.example/%d", i), body)
		n := normalised(art)
		group = append(group, &putReq{Ctx: ctx, Item: putItem{art: n, sk: cluster.NewSketch(n.Body)}})
	}
	a.writer.Commit(group)
	first, second := group[0].Result, group[1].Result
	if first.Err != nil || second.Err != nil {
		t.Fatal(first.Err, second.Err)
	}
	if second.Stored.ClusterID != first.Stored.ClusterID {
		t.Errorf("copy in cluster %s, want the seed's %s", second.Stored.ClusterID, first.Stored.ClusterID)
	}
	if n := a.pending.Articles(); n != 2 {
		t.Errorf("%d articles' bands pending after the group, want 2", n)
	}
}

// distinctText is a text of its own, long enough to sketch.
func distinctText(r *rand.Rand) string {
	words := strings.Fields(otherStory)
	out := make([]string, 120)
	for i := range out {
		out[i] = words[r.IntN(len(words))]
	}
	return strings.Join(out, " ")
}

// TestFlushes: the committer writes pending bands once flushArticles
// articles wait, and after flushIdle without a Put.
func TestFlushes(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	const workers = 8
	total := flushArticles + 40
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for i := w; i < total; i += workers {
				art := newArticle(t, "kaynak", fmt.Sprintf("https://kaynak.example/%d", i), distinctText(r))
				if _, _, err := a.Put(ctx, art, nil); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	start := time.Now()
	var rows int
	if err := a.read.QueryRow(`SELECT count(*) FROM lsh_band`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows < flushArticles*cluster.NumKeys {
		t.Fatalf("%d band rows after %d articles, want at least %d: no flush at flushArticles", rows, total, flushArticles*cluster.NumKeys)
	}
	if pending := a.pending.Articles(); pending == 0 || pending >= flushArticles {
		t.Fatalf("%d articles pending, want the few after the flush", pending)
	}
	for a.pending.Articles() > 0 {
		if time.Since(start) > 5*flushIdle {
			t.Fatalf("%d articles still pending %v after the last Put", a.pending.Articles(), time.Since(start))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := a.read.QueryRow(`SELECT count(*) FROM lsh_band`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != total*cluster.NumKeys {
		t.Errorf("%d band rows after the idle flush, want %d", rows, total*cluster.NumKeys)
	}
}

// TestFlushOnFullDatabase: an idle flush that finds the database full
// (SQLite answers SQLITE_FULL as on a full disk) keeps the bands pending
// and tries again later; once there is room they are written.
func TestFlushOnFullDatabase(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	r := rand.New(rand.NewPCG(3, 7))
	const n = 40
	for i := range n {
		art := newArticle(t, "kaynak", fmt.Sprintf("https://kaynak.example/%d", i), distinctText(r))
		if _, _, err := a.Put(ctx, art, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := a.write.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := a.write.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	// The first idle flush comes flushIdle after the last Put, and fails.
	time.Sleep(flushIdle + flushIdle/2)
	if got := a.pending.Articles(); got != n {
		t.Fatalf("%d articles pending on a full database, want all %d kept", got, n)
	}
	if _, err := a.write.ExecContext(ctx, `PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(4 * flushIdle)
	for a.pending.Articles() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d articles still pending with room again", a.pending.Articles())
		}
		time.Sleep(50 * time.Millisecond)
	}
	var rows int
	if err := a.read.QueryRow(`SELECT count(*) FROM lsh_band`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != n*cluster.NumKeys {
		t.Errorf("%d band rows, want %d", rows, n*cluster.NumKeys)
	}
}
