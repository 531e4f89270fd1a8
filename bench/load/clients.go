package main

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Client limits: one request may take requestTimeout, and a client keeps
// at most maxSamples latencies (60 s at 1 ms each is 60k).
const (
	requestTimeout = 10 * time.Second
	maxSamples     = 1 << 20
	maxBody        = 8 << 20
)

// sample is one finished request.
type sample struct {
	kind int
	took time.Duration
	ok   bool
}

// firstErr remembers the first failure of a run, to show what went wrong.
type firstErr struct {
	once sync.Once
	msg  string
}

func (f *firstErr) set(msg string) { f.once.Do(func() { f.msg = msg }) }

// runClients runs c clients against base for d, each sending requests one
// after another from the mix, and returns every sample. A request under
// way at the end is finished, not cancelled.
func runClients(ctx context.Context, base string, v *vocab, c int, d time.Duration, fe *firstErr) []sample {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	hc := &http.Client{Timeout: requestTimeout, Transport: &http.Transport{MaxIdleConnsPerHost: c}}
	out := make([][]sample, c)
	var wg sync.WaitGroup
	for i := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i)+1, 42))
			for ctx.Err() == nil && len(out[i]) < maxSamples {
				k := draw(r)
				s := do(hc, base+kinds[k].path(v, r), fe)
				s.kind = k
				out[i] = append(out[i], s)
			}
		}()
	}
	wg.Wait()
	return slices.Concat(out...)
}

// do sends one GET and reads the whole body; any transport error or
// non-200 status is a failed request.
func do(hc *http.Client, url string, fe *firstErr) sample {
	start := time.Now()
	resp, err := hc.Get(url)
	if err != nil {
		fe.set(err.Error())
		return sample{took: time.Since(start)}
	}
	_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	s := sample{took: time.Since(start), ok: err == nil && resp.StatusCode == http.StatusOK}
	if !s.ok {
		fe.set(url + ": " + resp.Status)
	}
	return s
}
