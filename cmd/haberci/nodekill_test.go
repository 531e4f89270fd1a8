package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/internal/pgtest"
)

// Two haberci serve processes on one PostgreSQL database crawl six feeds;
// one is SIGKILLed while it holds source leases. The other crawls those
// sources once the leases expire (lease_ttl 3 s), every article ends in
// the archive and its index, pages are fetched twice only where the dead
// node's fetch was in flight, check is clean, and the killed node,
// restarted, catches its index up from the database.
func TestNodeKilledSourcesTakenOver(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs two daemons on PostgreSQL")
	}
	const (
		items = 150
		ttl   = 3 * time.Second
	)
	bin := filepath.Join(t.TempDir(), "haberci")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var mu sync.Mutex
	hits := map[string]int{}
	first := map[string]time.Time{} // first request to a path after the kill
	var killedAt time.Time
	site := newCrashSite(t, items, func(path string) {
		mu.Lock()
		defer mu.Unlock()
		hits[path]++
		if _, ok := first[path]; !ok && !killedAt.IsZero() {
			first[path] = time.Now()
		}
	})
	db, warcDir := pgtest.URL(t), filepath.Join(t.TempDir(), "warc")
	nodes := map[string]string{} // node id → config path
	for _, node := range []string{"dugum-a", "dugum-b"} {
		nodes[node] = configWith(t, writeCrashConfig(t, site.URL, items),
			fmt.Sprintf("database: %s\nwarc_dir: %s\nnode: %s\nlease_ttl: %s\n", db, warcDir, node, ttl))
	}
	a := startNode(t, bin, nodes["dugum-a"])
	b := startNode(t, bin, nodes["dugum-b"])
	defer b.stop(t)

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	held := func() []string {
		rows, _ := conn.Query(ctx, `SELECT source_id FROM source_lease WHERE node = 'dugum-a' ORDER BY source_id`)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	// Kill node A mid-crawl: while it holds a lease and pages are coming.
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		pages := 0
		for p, n := range hits {
			if strings.HasPrefix(p, "/haber/") {
				pages += n
			}
		}
		mu.Unlock()
		if pages >= 50 && len(held()) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("node A held no lease while the site was crawled (%d pages fetched)\n%s", pages, a.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	killedAt = time.Now()
	mu.Unlock()
	a.kill(t)
	orphaned := held() // A's leases at its death: nothing clears them but expiry
	if len(orphaned) == 0 {
		t.Fatal("node A held no lease when it was killed")
	}

	// Node B crawls the dead node's sources once their leases expire.
	want := uint64(crashFeeds * items)
	b.waitArticles(t, want, 3*time.Minute)
	mu.Lock()
	for _, id := range orphaned {
		feed := "/feed/" + strings.TrimPrefix(id, "akis-") + ".xml"
		at, ok := first[feed]
		switch {
		case !ok:
			t.Errorf("%s, leased by the killed node, was not crawled again", id)
		case at.Sub(killedAt) > 2*ttl:
			// the lease expires at most ttl after the kill, a poll is ttl/6
			t.Errorf("%s taken over %v after the kill, want within about %v", id, at.Sub(killedAt).Round(time.Millisecond), ttl)
		default:
			t.Logf("%s taken over %v after the kill", id, at.Sub(killedAt).Round(time.Millisecond))
		}
	}
	twice := 0
	for f := range crashFeeds {
		for i := range items {
			switch n := hits[fmt.Sprintf("/haber/%d-%d", f, i)]; {
			case n == 0:
				t.Errorf("/haber/%d-%d never fetched", f, i)
			case n == 2:
				twice++
			case n > 2:
				t.Errorf("/haber/%d-%d fetched %d times", f, i, n)
			}
		}
	}
	mu.Unlock()
	// A page fetched twice is one the dead node had claimed and not yet
	// archived: at most its crawls' pages in flight, six per crawl
	// (crawler's itemsInFlight).
	if twice > 6*len(orphaned) {
		t.Errorf("%d pages fetched twice, want only those in flight at the kill", twice)
	}
	t.Logf("%d sources taken over, %d of %d pages fetched twice", len(orphaned), twice, want)

	// The killed node, restarted, catches its index up from the database.
	a = startNode(t, bin, nodes["dugum-a"])
	a.waitArticles(t, want, 2*time.Minute)
	a.stop(t)
	b.stop(t)
	for node, path := range nodes {
		out, err := exec.Command(bin, "check", "--config", path).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "0 problem(s)") {
			t.Errorf("check on %s: %v\n%s", node, err, out)
		}
	}
}

// daemon is a haberci serve process.
type daemon struct {
	cmd     *exec.Cmd
	base    string
	logPath string
	done    bool
}

// startNode runs bin serve with the config at path until it answers.
func startNode(t *testing.T, bin, path string) *daemon {
	t.Helper()
	d := &daemon{base: "http://" + crashListen(t, path), logPath: filepath.Join(t.TempDir(), "serve.log")}
	logf, err := os.Create(d.logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logf.Close() })
	d.cmd = exec.Command(bin, "serve", "--config", path)
	d.cmd.Stdout, d.cmd.Stderr = logf, logf
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.kill(t) })
	if err := waitHealthy(&http.Client{Timeout: 5 * time.Second}, d.base, 60*time.Second); err != nil {
		d.kill(t)
		t.Fatalf("%v\n%s", err, d.log())
	}
	return d
}

// kill sends SIGKILL and reaps the process.
func (d *daemon) kill(t *testing.T) {
	if d.done {
		return
	}
	d.done = true
	if err := d.cmd.Process.Kill(); err != nil {
		t.Error(err)
	}
	d.cmd.Wait()
}

// stop asks the daemon to shut down (SIGINT) and waits for it.
func (d *daemon) stop(t *testing.T) {
	if d.done {
		return
	}
	d.done = true
	if err := d.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Error(err)
	}
	if err := d.cmd.Wait(); err != nil {
		t.Errorf("serve: %v\n%s", err, d.log())
	}
}

// waitArticles waits until the daemon's search finds want articles.
func (d *daemon) waitArticles(t *testing.T, want uint64, limit time.Duration) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	deadline := time.Now().Add(limit)
	for {
		var res api.SearchResponse
		if err := getQuiet(client, d.base+"/api/v1/search?size=1", &res); err == nil && res.Total == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: search finds fewer than %d articles after %v\n%s", d.base, want, limit, d.log())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// log is what the daemon has written so far.
func (d *daemon) log() string {
	b, _ := os.ReadFile(d.logPath)
	return string(b)
}
