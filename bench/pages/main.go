// Command pages renders the web pages in one process from a prepared
// data_dir (bench/load's, with no daemon running), through the same
// handler `haberci serve` uses, with no HTTP and no other clients: a
// profile of what one page costs, and how large each page is.
//
// From the repository root, after a run of bench/load with -dir:
//
//	go run ./bench/pages -dir /tmp/haberci-load-web/data-50000 -kind story -n 100
//	go run ./bench/pages -dir /tmp/haberci-load-web/data-50000 -kind sizes '/search?q=t%C3%BCrkiye' /sources
//
// -kind word, story (collapse=story) or browse (no query) renders n
// search pages over 12 common words and prints p50, p90 and max;
// -cpuprofile writes a CPU profile of them. -kind sizes prints each path
// given as an argument with its status, its bytes and the bytes sent
// gzipped to a client that takes gzip.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/web"
)

// words are common in the 42bin corpus's titles: every page has hits.
var words = []string{"türkiye", "istanbul", "başbakan", "ekonomi", "maç", "seçim", "dolar", "ankara", "gol", "kriz", "erdoğan", "polis"}

func main() {
	dir := flag.String("dir", "", "a prepared data_dir (required)")
	kind := flag.String("kind", "story", "word, story, browse or sizes")
	n := flag.Int("n", 100, "pages to render")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the timed pages here")
	flag.Parse()
	if err := run(*dir, *kind, *n, *profile, flag.Args(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(dir, kind string, n int, profile string, paths []string, out io.Writer) error {
	if dir == "" || n <= 0 {
		return fmt.Errorf("pages: -dir is required and -n must be positive")
	}
	ctx := context.Background()
	ar, err := archive.Open(ctx, dir)
	if err != nil {
		return err
	}
	defer ar.Close()
	ix, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		return err
	}
	defer ix.Close()
	cfg := config.Default()
	cfg.DataDir = dir
	h := web.New(cfg, ix, ar, api.New(cfg, ix, ar, nil, nil).Handler(), nil).Handler()
	if kind == "sizes" {
		return sizes(h, paths, out)
	}
	path, err := pathOf(kind)
	if err != nil {
		return err
	}
	for i := range words { // warm the caches: the steady state is timed
		if _, err := get(h, path(i)); err != nil {
			return err
		}
	}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	took := make([]time.Duration, 0, n)
	for i := range n {
		start := time.Now()
		if _, err := get(h, path(i)); err != nil {
			return err
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	fmt.Fprintf(out, "%s: %d pages, p50 %.1f ms, p90 %.1f ms, max %.1f ms\n", kind, n, ms(took[n/2]), ms(took[n*9/10]), ms(took[n-1]))
	return nil
}

// pathOf gives the i-th page of a kind.
func pathOf(kind string) (func(int) string, error) {
	switch kind {
	case "word", "story":
		return func(i int) string {
			q := url.Values{"q": {words[i%len(words)]}}
			if kind == "story" {
				q.Set("collapse", "story")
			}
			return "/search?" + q.Encode()
		}, nil
	case "browse":
		return func(int) string { return "/search" }, nil
	}
	return nil, fmt.Errorf("pages: unknown -kind %q", kind)
}

// get renders one page; anything but 200 is an error.
func get(h http.Handler, path string) (*httptest.ResponseRecorder, error) {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	if w.Code != http.StatusOK {
		return w, fmt.Errorf("pages: %s: %d", path, w.Code)
	}
	return w, nil
}

// sizes prints each path's status, its bytes as the handler writes them
// for a client that does not take gzip, and the bytes sent to one that
// does (Accept-Encoding: gzip, as every browser sends).
func sizes(h http.Handler, paths []string, out io.Writer) error {
	fmt.Fprintln(out, "| page | status | bytes | gzip, sent |\n|---|---:|---:|---:|")
	for _, p := range paths {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, p, nil))
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		gz := httptest.NewRecorder()
		h.ServeHTTP(gz, req)
		if enc := gz.Header().Get("Content-Encoding"); enc != "gzip" && w.Body.Len() >= 1024 {
			return fmt.Errorf("pages: %s: %d bytes sent with Content-Encoding %q", p, w.Body.Len(), enc)
		}
		fmt.Fprintf(out, "| `%s` | %d | %d | %d |\n", p, w.Code, w.Body.Len(), gz.Body.Len())
	}
	return nil
}
