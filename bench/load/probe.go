package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/haberci/haberci/internal/procmem"
)

// rssSampler follows the daemon's memory in /proc/PID/status: VmHWM is the
// kernel's own high-water mark, read until the process exits.
type rssSampler struct {
	pid  int
	mu   sync.Mutex
	peak uint64 // bytes; the largest VmHWM read
	stop chan struct{}
	done chan struct{}
}

func sampleRSS(pid int, every time.Duration) *rssSampler {
	s := &rssSampler{pid: pid, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			s.read()
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *rssSampler) read() {
	if v := procmem.Status(s.pid, "VmHWM:"); v > 0 {
		s.mu.Lock()
		s.peak = max(s.peak, v)
		s.mu.Unlock()
	}
}

// finish takes a last sample and stops; it returns the peak in bytes.
func (s *rssSampler) finish() uint64 {
	s.read()
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// metrics sums the samples of the named Prometheus series on /metrics
// (every label set), each name absent from the page staying 0.
func metrics(ctx context.Context, base string, names ...string) (map[string]float64, error) {
	body, err := get(ctx, base+"/metrics", 4<<20)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, n := range names {
			rest, ok := strings.CutPrefix(line, n)
			if !ok || (rest != "" && rest[0] != '{' && rest[0] != ' ') {
				continue
			}
			if v, err := strconv.ParseFloat(rest[strings.LastIndexByte(rest, ' ')+1:], 64); err == nil {
				out[n] += v
			}
		}
	}
	return out, nil
}

// indexed is the document count /healthz reports.
func indexed(ctx context.Context, base string) (int64, error) {
	body, err := get(ctx, base+"/healthz", 1<<16)
	if err != nil {
		return 0, err
	}
	var h struct{ Indexed int64 }
	if err := json.Unmarshal(body, &h); err != nil {
		return 0, fmt.Errorf("load: healthz: %w", err)
	}
	return h.Indexed, nil
}

// get fetches url and returns at most limit bytes of a 200 body.
func get(ctx context.Context, url string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d", resp.StatusCode)
	}
	if err != nil {
		return nil, fmt.Errorf("load: GET %s: %w", url, err)
	}
	return body, nil
}
