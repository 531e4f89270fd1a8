// Command hostilecrawl measures the peak resident memory of one `haberci
// crawl` over a healthy local site of N real Turkish article pages (the
// first N texts of TTC-3600) crawled beside seven hostile sources: a
// slowloris feed, an endless body, a gzip bomb, a redirect loop, a 500, a
// 429 with Retry-After and a truncated feed. Every site is an httptest
// server on 127.0.0.1. Each run is a new data directory and a new process;
// its peak RSS is the kernel's ru_maxrss for that process.
//
// From the repository root (the corpus is ../shared/data/ttc-3600):
//
//	go build -o /tmp/haberci ./cmd/haberci && go run ./bench/hostilecrawl -haberci /tmp/haberci -n 308 -runs 3
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	data := flag.String("data", "../shared/data", "shared data directory holding ttc-3600/")
	bin := flag.String("haberci", "", "the haberci binary to measure (required)")
	n := flag.Int("n", 308, "article pages on the healthy site")
	runs := flag.Int("runs", 3, "runs; the median is printed last")
	flag.Parse()
	if err := run(*data, *bin, *n, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "hostilecrawl:", err)
		os.Exit(1)
	}
}

func run(data, bin string, n, runs int) error {
	if bin == "" {
		return fmt.Errorf("-haberci is required")
	}
	texts, err := filepath.Glob(filepath.Join(data, "ttc-3600/TTC-3600_Orj/*/*.txt"))
	if err != nil || len(texts) < n {
		return fmt.Errorf("need %d TTC-3600 texts under %s (found %d): see ../shared/data/README.md", n, data, len(texts))
	}
	healthy, err := healthySite(texts[:n])
	if err != nil {
		return err
	}
	defer healthy.Close()
	hostile := hostileSites()
	defer func() {
		for _, s := range hostile {
			s.Close()
		}
	}()
	fmt.Printf("hostilecrawl: haberci crawl, %d real pages on one site + %d hostile sources, %s\n", n, len(hostile), time.Now().UTC().Format(time.RFC3339))
	fmt.Printf("%5s %10s %10s %10s\n", "run", "wall s", "peak RSS", "exit")
	var rss []int64
	for i := 1; i <= runs; i++ {
		dir, err := os.MkdirTemp("", "hostilecrawl-")
		if err != nil {
			return err
		}
		cfg := filepath.Join(dir, "haberci.yaml")
		var b strings.Builder
		fmt.Fprintf(&b, "data_dir: %s/data\ncrawl: {per_host_interval: 5ms, timeout: 5s, max_items: %d}\nsources:\n", dir, n+100)
		fmt.Fprintf(&b, "  - {id: saglam, type: feed, url: %q, schedule: \"@every 1h\"}\n", healthy.URL+"/rss.xml")
		for name, s := range hostile {
			fmt.Fprintf(&b, "  - {id: %s, type: feed, url: %q, schedule: \"@every 1h\"}\n", name, s.URL+"/feed")
		}
		if err := os.WriteFile(cfg, []byte(b.String()), 0o644); err != nil {
			return err
		}
		cmd := exec.Command(bin, "crawl", "--config", cfg)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		err = cmd.Run()
		wall := time.Since(start)
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode() // the hostile sources fail: exit 1 is expected
		} else if err != nil {
			return err
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		rss = append(rss, ru.Maxrss) // KiB on Linux
		fmt.Printf("%5d %10.1f %7d MB %10d\n", i, wall.Seconds(), ru.Maxrss>>10, code)
		if i == 1 {
			fmt.Print(indent(lastLines(out.String(), 12)))
		}
		os.RemoveAll(dir)
	}
	slices.Sort(rss)
	fmt.Printf("median peak RSS: %d MB\n", rss[len(rss)/2]>>10)
	return nil
}

// healthySite serves one RSS feed of the texts as article pages.
func healthySite(texts []string) (*httptest.Server, error) {
	pages := map[string][]byte{}
	var feed strings.Builder
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	feed.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Yerel</title>`)
	for i, f := range texts {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		text := strings.TrimPrefix(string(raw), "\uFEFF")
		words := strings.Fields(text)
		title := strings.Join(words[:min(8, len(words))], " ")
		var page strings.Builder
		fmt.Fprintf(&page, `<!doctype html><html lang="tr"><head><meta charset="utf-8"><title>%s</title></head><body><nav><a href="/">Anasayfa</a></nav><article><h1>%[1]s</h1>`, html.EscapeString(title))
		for _, p := range strings.Split(text, ". ") {
			if p = strings.TrimSpace(p); p != "" {
				fmt.Fprintf(&page, "<p>%s.</p>\n", html.EscapeString(p))
			}
		}
		page.WriteString(`</article><footer>© Yerel</footer></body></html>`)
		path := fmt.Sprintf("/haber/%d", i+1)
		pages[path] = []byte(page.String())
		fmt.Fprintf(&feed, "<item><title>%s</title><link>%s%s</link><pubDate>%s</pubDate></item>\n", html.EscapeString(title), srv.URL, path,
			time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(i)*time.Hour).Format(time.RFC1123Z))
	}
	feed.WriteString(`</channel></rss>`)
	rss := []byte(feed.String())
	mux.HandleFunc("/rss.xml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(rss)
	})
	mux.HandleFunc("/haber/", func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(p)
	})
	return srv, nil
}

// hostileSites are the seven faults, each on its own host:port at /feed.
func hostileSites() map[string]*httptest.Server {
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zero := make([]byte, 1<<20)
	for range 200 { // 200 MB of zeros, about 200 KB gzipped
		zw.Write(zero)
	}
	zw.Close()
	handlers := map[string]http.HandlerFunc{
		"slowloris": func(w http.ResponseWriter, r *http.Request) {
			for i := 0; r.Context().Err() == nil && i < 600; i++ {
				w.Write([]byte("<"))
				w.(http.Flusher).Flush()
				time.Sleep(100 * time.Millisecond)
			}
		},
		"endless": func(w http.ResponseWriter, r *http.Request) {
			chunk := bytes.Repeat([]byte("<item>sonsuz</item>"), 4096)
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		},
		"gzipbomb": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(bomb.Bytes())
		},
		"redirectloop": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/feed", http.StatusFound) },
		"status500":    func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "hata", http.StatusInternalServerError) },
		"status429": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "120")
			http.Error(w, "yavaş", http.StatusTooManyRequests)
		},
		"truncated": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Kesik</title><item><title>Yarım`))
		},
	}
	out := map[string]*httptest.Server{}
	for name, h := range handlers {
		out[name] = httptest.NewServer(h)
	}
	return out
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n") + "\n"
}

func indent(s string) string {
	return "      " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n      ") + "\n"
}
