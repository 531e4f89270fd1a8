package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"
)

// setAllDue makes every source due now.
func setAllDue(t *testing.T, s *Store, n int) {
	t.Helper()
	for i := range n {
		if err := s.SetDue(context.Background(), fmt.Sprintf("src-%d", i), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
}

// Nodes claiming together take disjoint sources, and together all of them.
func TestClaimDueDisjoint(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	const sources, nodes = 60, 5
	addSources(t, s, sources)
	setAllDue(t, s, sources)

	var mu sync.Mutex
	holder := map[string]string{}
	var wg sync.WaitGroup
	errs := make(chan error, nodes)
	for n := range nodes {
		node := fmt.Sprintf("node-%d", n)
		wg.Go(func() {
			for {
				leases, err := s.ClaimDue(ctx, node, time.Hour, 4)
				if err != nil {
					errs <- err
					return
				}
				if len(leases) == 0 {
					return
				}
				mu.Lock()
				for _, l := range leases {
					if h, ok := holder[l.SourceID]; ok {
						errs <- fmt.Errorf("%s leased to both %s and %s", l.SourceID, h, node)
					}
					holder[l.SourceID] = node
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(holder) != sources {
		t.Errorf("%d sources leased, want %d", len(holder), sources)
	}
}

// A live lease keeps others out; an expired one goes to the next node,
// and the node that lost it can neither renew nor finish it.
func TestLeaseExpiry(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	addSources(t, s, 2)
	setAllDue(t, s, 1) // src-1 has no due time: never claimed

	got, err := s.ClaimDue(ctx, "a", time.Hour, 10)
	if err != nil || len(got) != 1 || got[0].SourceID != "src-0" {
		t.Fatalf("a claimed %v, %v; want src-0", got, err)
	}
	if got, err := s.ClaimDue(ctx, "b", time.Hour, 10); err != nil || len(got) != 0 {
		t.Fatalf("b claimed %v, %v while a's lease lives", got, err)
	}
	if _, err := s.Renew(ctx, "b", "src-0", time.Hour); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("b renewed a's lease: %v", err)
	}

	// a "dies": its lease, renewed to a millisecond, runs out.
	if _, err := s.Renew(ctx, "a", "src-0", time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	got, err = s.ClaimDue(ctx, "b", time.Hour, 10)
	if err != nil || len(got) != 1 || got[0].SourceID != "src-0" {
		t.Fatalf("after expiry b claimed %v, %v; want src-0", got, err)
	}
	if _, err := s.Renew(ctx, "a", "src-0", time.Hour); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("a renewed a lost lease: %v", err)
	}
	if err := s.Finish(ctx, "a", "src-0", time.Now().Add(time.Hour)); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("a finished a lost lease: %v", err)
	}
	if err := s.Finish(ctx, "b", "src-0", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Finished and next due in an hour: nobody claims it now.
	if got, err := s.ClaimDue(ctx, "c", time.Hour, 10); err != nil || len(got) != 0 {
		t.Errorf("claimed %v, %v after the crawl finished", got, err)
	}
}

func TestClaimDueSkipsPaused(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	addSources(t, s, 2)
	setAllDue(t, s, 2)
	if _, err := s.pool.Exec(ctx, `UPDATE source SET paused = true WHERE id = 'src-1'`); err != nil {
		t.Fatal(err)
	}
	got, err := s.ClaimDue(ctx, "a", time.Hour, 10)
	if err != nil || len(got) != 1 || got[0].SourceID != "src-0" {
		t.Errorf("claimed %v, %v; want only src-0", got, err)
	}
}

func TestCoordinationInvalid(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	checks := map[string]func() error{
		"claim no node": func() error { _, err := s.ClaimDue(ctx, "", time.Second, 1); return err },
		"claim no ttl":  func() error { _, err := s.ClaimDue(ctx, "a", 0, 1); return err },
		"url no ttl":    func() error { _, err := s.ClaimURL(ctx, "a", "http://x/", 0); return err },
		"url empty":     func() error { _, err := s.ClaimURL(ctx, "a", "", time.Second); return err },
		"host empty":    func() error { _, _, err := s.ReserveHost(ctx, "", time.Second); return err },
		"host negative": func() error { _, _, err := s.ReserveHost(ctx, "h:80", -time.Second); return err },
	}
	for name, f := range checks {
		t.Run(name, func(t *testing.T) {
			if err := f(); !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

// Nodes reserving requests to one host together get slots at least the
// interval apart; a Retry-After delay moves every later slot.
func TestReserveHostSpacing(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	const nodes, each, interval = 4, 6, 30 * time.Millisecond
	var mu sync.Mutex
	var slots []time.Time
	var wg sync.WaitGroup
	errs := make(chan error, nodes)
	for range nodes {
		wg.Go(func() {
			for range each {
				slot, _, err := s.ReserveHost(ctx, "127.0.0.1:8080", interval)
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				slots = append(slots, slot)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	slices.SortFunc(slots, time.Time.Compare)
	for i := 1; i < len(slots); i++ {
		if gap := slots[i].Sub(slots[i-1]); gap < interval {
			t.Errorf("slots %d and %d are %v apart, want ≥ %v", i-1, i, gap, interval)
		}
	}
	// Another host is not held up by this one.
	if _, wait, err := s.ReserveHost(ctx, "127.0.0.1:8081", interval); err != nil || wait != 0 {
		t.Errorf("other host waits %v, %v; want 0", wait, err)
	}
	until := slots[len(slots)-1].Add(time.Hour)
	if err := s.DelayHost(ctx, "127.0.0.1:8080", until); err != nil {
		t.Fatal(err)
	}
	if slot, wait, err := s.ReserveHost(ctx, "127.0.0.1:8080", interval); err != nil || slot.Before(until) || wait < 50*time.Minute {
		t.Errorf("after a delay to %v: slot %v, wait %v, %v", until, slot, wait, err)
	}
}

// Several goroutine nodes crawl sources whose article lists overlap,
// against a real HTTP server, for two rounds: each source is crawled by one
// node at a time, every URL is fetched once in the cluster, and a node
// that dies holding leases and URL claims loses them to the others after
// its TTL. A URL the dead node had claimed is skipped by crawls while its
// claim lives and fetched by the first crawl listing it after that (here
// the second round, due after the dead TTL).
func TestNodesCrawlOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	const sources, perSource, urls, nodes = 12, 8, 40, 3
	addSources(t, s, sources)
	setAllDue(t, s, sources)

	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		w.Write([]byte("haber"))
	}))
	defer srv.Close()
	// Source i lists articles i*3 … i*3+perSource-1 (mod urls): neighbours
	// share most of their lists, as outlets carrying one agency do.
	list := func(source string) []string {
		var i int
		fmt.Sscanf(source, "src-%d", &i)
		var out []string
		for k := range perSource {
			out = append(out, fmt.Sprintf("%s/a/%d", srv.URL, (i*3+k)%urls))
		}
		return out
	}

	// The dead node takes two sources and claims their first URLs, then
	// stops without fetching, renewing or finishing.
	const deadTTL = 300 * time.Millisecond
	dead, err := s.ClaimDue(ctx, "dead", deadTTL, 2)
	if err != nil || len(dead) != 2 {
		t.Fatalf("dead node claimed %v, %v", dead, err)
	}
	for _, l := range dead {
		for _, u := range list(l.SourceID)[:3] {
			if _, err := s.ClaimURL(ctx, "dead", u, deadTTL); err != nil {
				t.Fatal(err)
			}
		}
	}

	const rounds = 2
	finished := map[string][]string{} // source → nodes that finished it, in order
	crawl := func(node string, l Lease) error {
		for _, u := range list(l.SourceID) {
			ok, err := s.ClaimURL(ctx, node, u, time.Minute)
			if err != nil {
				return err
			}
			if !ok {
				continue // fetched or being fetched by another node
			}
			pu, _ := url.Parse(u)
			_, wait, err := s.ReserveHost(ctx, pu.Host, time.Millisecond)
			if err != nil {
				return err
			}
			time.Sleep(wait)
			resp, err := http.Get(u)
			if err != nil {
				return err
			}
			resp.Body.Close()
			if err := s.Fetched(ctx, node, u); err != nil {
				return err
			}
		}
		mu.Lock()
		defer mu.Unlock()
		next := time.Now().Add(time.Hour)
		if len(finished[l.SourceID]) == 0 {
			next = time.Now().Add(2 * deadTTL) // the second round
		}
		if err := s.Finish(ctx, node, l.SourceID, next); err != nil {
			return err
		}
		finished[l.SourceID] = append(finished[l.SourceID], node)
		if len(finished[l.SourceID]) > rounds {
			return fmt.Errorf("%s crawled %d times, want %d", l.SourceID, len(finished[l.SourceID]), rounds)
		}
		return nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, nodes)
	deadline := time.Now().Add(30 * time.Second)
	for n := range nodes {
		node := fmt.Sprintf("node-%d", n)
		wg.Go(func() {
			for time.Now().Before(deadline) {
				leases, err := s.ClaimDue(ctx, node, time.Minute, 2)
				if err != nil {
					errs <- err
					return
				}
				for _, l := range leases {
					if err := crawl(node, l); err != nil {
						errs <- err
						return
					}
				}
				mu.Lock()
				all := true
				for i := range sources {
					all = all && len(finished[fmt.Sprintf("src-%d", i)]) == rounds
				}
				mu.Unlock()
				if all {
					return
				}
				if len(leases) == 0 {
					time.Sleep(20 * time.Millisecond)
				}
			}
			errs <- fmt.Errorf("%s: sources not all crawled within 30s", node)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, l := range dead {
		if slices.Contains(finished[l.SourceID], "dead") || len(finished[l.SourceID]) != rounds {
			t.Errorf("dead node's %s finished by %q", l.SourceID, finished[l.SourceID])
		}
	}
	want := map[string]bool{}
	for i := range sources {
		for _, u := range list(fmt.Sprintf("src-%d", i)) {
			pu, _ := url.Parse(u)
			want[pu.Path] = true
		}
	}
	for p := range want {
		if hits[p] != 1 {
			t.Errorf("%s fetched %d times, want once", p, hits[p])
		}
	}
	if len(hits) != len(want) {
		t.Errorf("%d paths fetched, want %d", len(hits), len(want))
	}
}
