package main

import (
	"bufio"
	"container/heap"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// cdxHeader is the first line of an 11-field CDX file.
const cdxHeader = " CDX N b a m s k r M S V g"

// cdxChunk is how many CDX lines are sorted in memory before they go to a
// temporary run on disk: the export's memory stays bounded however many
// captures it holds.
var cdxChunk = 100_000

// cdxSorter sorts CDX lines byte-wise (what "LC_ALL=C sort" does, and what
// replay tools binary-search) with an external merge sort.
type cdxSorter struct {
	dir   string // temporary directory for the runs
	lines []string
	runs  []string
}

func newCDXSorter(near string) (*cdxSorter, error) {
	dir, err := os.MkdirTemp(near, ".cdx-runs-*")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return &cdxSorter{dir: dir}, nil
}

func (s *cdxSorter) add(line string) error {
	s.lines = append(s.lines, line)
	if len(s.lines) >= cdxChunk {
		return s.spill()
	}
	return nil
}

// spill writes the sorted lines in memory as one run.
func (s *cdxSorter) spill() error {
	slices.Sort(s.lines)
	path := filepath.Join(s.dir, fmt.Sprintf("run-%d", len(s.runs)))
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	w := bufio.NewWriter(f)
	for _, l := range s.lines {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export: cdx run: %w", err)
	}
	s.runs, s.lines = append(s.runs, path), s.lines[:0]
	return nil
}

// writeSorted writes the header and every line in order to w.
func (s *cdxSorter) writeSorted(w io.Writer) error {
	if _, err := io.WriteString(w, cdxHeader+"\n"); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if len(s.lines) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	h := &runHeap{}
	for _, path := range s.runs {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer f.Close()
		r := &cdxRun{sc: bufio.NewScanner(f)}
		r.sc.Buffer(make([]byte, 64<<10), 1<<20)
		if r.next() {
			heap.Push(h, r)
		} else if err := r.sc.Err(); err != nil {
			return fmt.Errorf("export: cdx run: %w", err)
		}
	}
	for h.Len() > 0 {
		r := (*h)[0]
		if _, err := io.WriteString(w, r.line+"\n"); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if r.next() {
			heap.Fix(h, 0)
			continue
		}
		if err := r.sc.Err(); err != nil {
			return fmt.Errorf("export: cdx run: %w", err)
		}
		heap.Pop(h)
	}
	return nil
}

func (s *cdxSorter) cleanup() { os.RemoveAll(s.dir) }

// cdxRun is one sorted run being merged, with its current line.
type cdxRun struct {
	sc   *bufio.Scanner
	line string
}

func (r *cdxRun) next() bool {
	if !r.sc.Scan() {
		return false
	}
	r.line = r.sc.Text()
	return true
}

// runHeap orders runs by their current line.
type runHeap []*cdxRun

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return h[i].line < h[j].line }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*cdxRun)) }
func (h *runHeap) Pop() any {
	old := *h
	r := old[len(old)-1]
	*h = old[:len(old)-1]
	return r
}

// surt returns the SURT form of a URL as CDX keys use it (the default
// canonicalisation of pywb's surt library for plain URLs): scheme dropped,
// host lower-cased without "www." and reversed by label, default port
// dropped, path and query lower-cased, query arguments sorted, fragment
// dropped. "https://www.Example.org/Haber?b=2&a=1" → "org,example)/haber?a=1&b=2".
func surt(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return cdxField(strings.ToLower(raw))
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if rest, ok := strings.CutPrefix(host, "www."); ok && strings.Contains(rest, ".") {
		host = rest
	}
	labels := strings.Split(host, ".")
	slices.Reverse(labels)
	key := strings.Join(labels, ",")
	if p := u.Port(); p != "" && !(u.Scheme == "http" && p == "80") && !(u.Scheme == "https" && p == "443") {
		key += ":" + p
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	key += ")" + strings.ToLower(path)
	if u.RawQuery != "" {
		args := strings.Split(u.RawQuery, "&")
		slices.Sort(args)
		key += "?" + strings.ToLower(strings.Join(args, "&"))
	}
	return cdxField(key)
}
