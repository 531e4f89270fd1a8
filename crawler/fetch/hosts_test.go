package fetch

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// getAll runs one Get per URL concurrently and fails the test on any error.
func getAll(t *testing.T, c *Client, urls ...string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(urls))
	for _, u := range urls {
		wg.Go(func() {
			if _, err := c.Get(context.Background(), Request{URL: u}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestPerHostSpacing(t *testing.T) {
	const interval = 150 * time.Millisecond
	log := &hitLog{}
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { log.add(r) }))
	o := testOptions()
	o.PerHostInterval = interval
	getAll(t, New(o), srv.URL+"/1", srv.URL+"/2", srv.URL+"/3", srv.URL+"/4")

	times := slices.Clone(log.times)
	slices.SortFunc(times, time.Time.Compare)
	// The client spaces the starts it sends; the server sees arrivals, which
	// scheduling can shift by a little either way.
	const slack = 10 * time.Millisecond
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < interval-slack {
			t.Errorf("requests %d and %d arrived %v apart, want at least %v", i-1, i, gap, interval)
		}
	}
	if len(times) != 4 {
		t.Errorf("server saw %d requests, want 4", len(times))
	}
}

// TestSpacingFromResponseEnd: with slow responses, the server sees each
// request arrive at least the interval after it finished the previous
// response, not after the previous request arrived.
func TestSpacingFromResponseEnd(t *testing.T) {
	const interval, slow = 50 * time.Millisecond, 40 * time.Millisecond
	var mu sync.Mutex
	type span struct{ arrived, ended time.Time }
	var spans []span
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived := time.Now()
		time.Sleep(slow)
		w.Write([]byte("tamam"))
		w.(http.Flusher).Flush()
		mu.Lock()
		spans = append(spans, span{arrived, time.Now()})
		mu.Unlock()
	}))
	o := testOptions()
	o.PerHostInterval = interval
	getAll(t, New(o), srv.URL+"/1", srv.URL+"/2", srv.URL+"/3", srv.URL+"/4")

	slices.SortFunc(spans, func(a, b span) int { return a.arrived.Compare(b.arrived) })
	// The server's end comes before the client's, and the client's next
	// start before the server's arrival: no slack is needed.
	for i := 1; i < len(spans); i++ {
		if gap := spans[i].arrived.Sub(spans[i-1].ended); gap < interval {
			t.Errorf("request %d arrived %v after response %d ended, want at least %v", i, gap, i-1, interval)
		}
	}
	if len(spans) != 4 {
		t.Errorf("server saw %d requests, want 4", len(spans))
	}
}

func TestOneRequestInFlightPerHost(t *testing.T) {
	var inFlight, most atomic.Int32
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(20 * time.Millisecond) // room for a second request to overlap, were it let in
		w.Write([]byte("tamam"))
	}))
	o := testOptions()
	o.PerHostInterval = -1
	var urls []string
	for range 6 {
		urls = append(urls, srv.URL)
	}
	getAll(t, New(o), urls...)
	if m := most.Load(); m != 1 {
		t.Errorf("%d requests were in flight at once, want 1", m)
	}
}

func TestHostsDoNotWaitForEachOther(t *testing.T) {
	entered, unblock := make(chan struct{}), make(chan struct{})
	slow := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-unblock
	}))
	fast := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hızlı")) }))
	o := testOptions()
	o.PerHostInterval = time.Hour // a second request to the same host would wait an hour
	c := New(o)

	slowDone := make(chan error, 1)
	go func() {
		_, err := c.Get(context.Background(), Request{URL: slow.URL})
		slowDone <- err
	}()
	<-entered
	// The slow host holds its slot; the other one must still answer.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := c.Get(ctx, Request{URL: fast.URL})
	close(unblock)
	if err != nil || string(res.Body) != "hızlı" {
		t.Fatalf("other host: %v", err)
	}
	if err := <-slowDone; err != nil {
		t.Fatal(err)
	}
}

func TestRetryAfterPushesOnlyThatHostPort(t *testing.T) {
	limited := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "yavaş", http.StatusTooManyRequests)
	}))
	other := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("tamam")) }))
	c := New(testOptions())
	ctx := context.Background()

	_, err := c.Get(ctx, Request{URL: limited.URL + "/feed"})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusTooManyRequests || se.RetryAfter != time.Hour {
		t.Fatalf("got %v, want a 429 StatusError with RetryAfter 1h", err)
	}
	if next := c.nextAllowed(limited.URL); time.Until(next) < 59*time.Minute {
		t.Errorf("NextAllowed = %v, want about an hour from now", next)
	}
	// The same host waits, and gives up when the caller's context ends.
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if _, err := c.Get(short, Request{URL: limited.URL + "/feed"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("same host: got %v, want DeadlineExceeded", err)
	}
	// Another port on 127.0.0.1 is another host.
	bounded, cancel2 := context.WithTimeout(ctx, 10*time.Second)
	defer cancel2()
	if _, err := c.Get(bounded, Request{URL: other.URL}); err != nil {
		t.Errorf("other port: %v", err)
	}
}

func TestRetryAfterValue(t *testing.T) {
	now := time.Date(2020, 6, 1, 12, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		value string
		want  time.Duration
	}{
		"absent":       {"", 0},
		"seconds":      {"120", 2 * time.Minute},
		"zero":         {"0", 0},
		"negative":     {"-5", 0},
		"huge":         {"99999999999", maxRetryAfter},
		"garbage":      {"soon", 0},
		"date":         {now.Add(30 * time.Minute).Format(http.TimeFormat), 30 * time.Minute},
		"date in past": {now.Add(-time.Hour).Format(http.TimeFormat), 0},
		"date too far": {now.Add(48 * time.Hour).Format(http.TimeFormat), maxRetryAfter},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := retryAfter(tc.value, now); got != tc.want {
				t.Errorf("retryAfter(%q) = %v, want %v", tc.value, got, tc.want)
			}
		})
	}
}
