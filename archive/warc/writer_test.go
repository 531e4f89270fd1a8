package warc

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

// fixture returns the bytes of a file in testdata.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// openTemp opens a Writer on a fresh directory and closes it at the end.
func openTemp(t *testing.T, maxBytes int64) (*Writer, string) {
	t.Helper()
	dir := t.TempDir()
	w, err := OpenWriter(dir, maxBytes)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w, dir
}

var recordID = regexp.MustCompile(`^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$`)

func TestWriteResponseRoundTrip(t *testing.T) {
	fetched := time.Date(2020, 6, 14, 9, 30, 15, 123456789, time.FixedZone("TRT", 3*3600))
	tests := map[string]struct {
		resp        article.Response
		contentType string
	}{
		"html page": {
			resp: article.Response{URL: "https://www.kartal.bel.tr/haber/calistay", Status: 200, Proto: "HTTP/1.1",
				Header: [][2]string{{"Content-Type", "text/html; charset=utf-8"}, {"Content-Length", "25490"}},
				Body:   fixture(t, "mozilla-2.html")},
			contentType: "text/html; charset=utf-8",
		},
		"gzip payload with CRLFs and NULs": {
			resp: article.Response{URL: "https://www.lhpat-tm.com/blog/decision-info/index-2726.html", Status: 200, Proto: "HTTP/2.0",
				Header: [][2]string{{"content-type", "application/gzip"}, {"Content-Encoding", "gzip"}},
				Body:   fixture(t, "page-85439e26.html.gz")},
			contentType: "application/gzip",
		},
		"turkish plain text": {
			resp: article.Response{URL: "https://example.org/haber?id=1", Status: 200,
				Header: [][2]string{{"Content-Type", "text/plain; charset=utf-8"}},
				Body:   fixture(t, "kartal-belediyesi-2020-06-iha.txt")},
			contentType: "text/plain; charset=utf-8",
		},
		"not modified, no body": {
			resp:        article.Response{URL: "https://example.org/rss", Status: 304, Proto: "HTTP/1.1", Header: [][2]string{{"ETag", `"abc"`}}},
			contentType: "",
		},
		"header value with a line break": {
			resp: article.Response{URL: "https://example.org/x", Status: 404,
				Header: [][2]string{{"Content-Type", "text/html"}, {"X-Evil", "a\r\nWARC-Type: metadata"}},
				Body:   []byte("yok")},
			contentType: "text/html",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			w, dir := openTemp(t, 0)
			tc.resp.FetchedAt = fetched
			c, err := w.WriteResponse(tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Sync(); err != nil {
				t.Fatal(err)
			}
			if !w.names.MatchString(c.WARCFile) || !strings.HasSuffix(c.WARCFile, "-00001.warc.gz") {
				t.Errorf("WARCFile = %q", c.WARCFile)
			}
			want := article.Capture{URL: tc.resp.URL, FetchedAt: fetched.UTC(), Status: tc.resp.Status,
				ContentType: tc.contentType, WARCFile: c.WARCFile, Offset: c.Offset, Length: c.Length,
				Digest: Digest(tc.resp.Body)}
			if c != want {
				t.Errorf("capture = %+v, want %+v", c, want)
			}
			if c.Offset <= 0 || c.Length <= 0 {
				t.Errorf("offset %d length %d: want a warcinfo record before the capture", c.Offset, c.Length)
			}
			rec, err := ReadRecord(filepath.Join(dir, c.WARCFile), c.Offset, c.Length)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(rec.Payload, tc.resp.Body) {
				t.Errorf("payload differs: got %d bytes, want %d", len(rec.Payload), len(tc.resp.Body))
			}
			if rec.HTTPStatus != tc.resp.Status {
				t.Errorf("HTTPStatus = %d, want %d", rec.HTTPStatus, tc.resp.Status)
			}
			fields := map[string]string{
				"WARC-Type":           "response",
				"WARC-Date":           "2020-06-14T06:30:15.123456789Z",
				"WARC-Target-URI":     tc.resp.URL,
				"Content-Type":        "application/http;msgtype=response",
				"WARC-Payload-Digest": c.Digest,
				"WARC-Block-Digest":   Digest(rec.Block),
			}
			for k, v := range fields {
				if got := rec.Header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if id := rec.Header.Get("WARC-Record-ID"); !recordID.MatchString(id) {
				t.Errorf("WARC-Record-ID = %q", id)
			}
			if len(rec.Header) != 8 {
				t.Errorf("got %d named fields, want 8: %v", len(rec.Header), rec.Header)
			}
		})
	}
}

func TestFileStartsWithWarcinfoAndIsPlainGzip(t *testing.T) {
	w, dir := openTemp(t, 0)
	body := fixture(t, "kartal-belediyesi-2020-06-iha.txt")
	var caps []article.Capture
	for i := range 3 {
		c, err := w.WriteResponse(article.Response{URL: "https://example.org/" + string(rune('a'+i)), Status: 200, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		caps = append(caps, c)
	}
	w.Sync()
	path := filepath.Join(dir, caps[0].WARCFile)
	info, err := ReadRecord(path, 0, caps[0].Offset)
	if err != nil {
		t.Fatal(err)
	}
	if info.Header.Get("WARC-Type") != "warcinfo" || info.Header.Get("WARC-Filename") != caps[0].WARCFile {
		t.Errorf("first record: %v", info.Header)
	}
	if !bytes.Contains(info.Block, []byte("format: WARC File Format 1.1")) {
		t.Errorf("warcinfo block = %q", info.Block)
	}
	for i := 1; i < len(caps); i++ {
		if caps[i].Offset != caps[i-1].Offset+caps[i-1].Length {
			t.Errorf("record %d at %d, want right after the previous one (%d)", i, caps[i].Offset, caps[i-1].Offset+caps[i-1].Length)
		}
	}
	// Any gzip tool reads the file as one stream of concatenated records.
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(all, []byte("WARC/1.1\r\n")); n != 4 {
		t.Errorf("%d version lines in the file, want 4", n)
	}
}

func TestRotation(t *testing.T) {
	w, dir := openTemp(t, 12<<10) // each compressed mozilla-2 record is about 8 KB
	body := fixture(t, "mozilla-2.html")
	var caps []article.Capture
	for range 5 {
		c, err := w.WriteResponse(article.Response{URL: "https://example.org/p", Status: 200, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		caps = append(caps, c)
	}
	w.Sync()
	files := map[string]bool{}
	for i, c := range caps {
		files[c.WARCFile] = true
		if c.Offset == 0 {
			t.Errorf("record %d at offset 0: every file must start with warcinfo", i)
		}
		rec, err := ReadRecord(filepath.Join(dir, c.WARCFile), c.Offset, c.Length)
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		if !bytes.Equal(rec.Payload, body) {
			t.Errorf("record %d: payload differs", i)
		}
	}
	if len(files) != 5 {
		t.Errorf("%d files, want one per record (%v)", len(files), files)
	}
	if !strings.HasSuffix(caps[4].WARCFile, "-00005.warc.gz") {
		t.Errorf("last file %q, want serial 00005", caps[4].WARCFile)
	}
}

func TestConcurrentWrites(t *testing.T) {
	w, dir := openTemp(t, 64<<10)
	body := fixture(t, "kartal-belediyesi-2020-06-iha.txt")
	const workers, each = 8, 10
	caps := make(chan article.Capture, workers*each)
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			for i := range each {
				c, err := w.WriteResponse(article.Response{URL: "https://example.org/" + string(rune('a'+g)), Status: 200 + i, Body: body})
				if err != nil {
					t.Error(err)
					return
				}
				caps <- c
			}
		})
	}
	wg.Wait()
	close(caps)
	w.Sync()
	seen := map[article.Capture]bool{}
	for c := range caps {
		key := article.Capture{WARCFile: c.WARCFile, Offset: c.Offset}
		if seen[key] {
			t.Fatalf("two records at %s:%d", c.WARCFile, c.Offset)
		}
		seen[key] = true
		rec, err := ReadRecord(filepath.Join(dir, c.WARCFile), c.Offset, c.Length)
		if err != nil {
			t.Fatal(err)
		}
		if rec.HTTPStatus != c.Status || rec.Header.Get("WARC-Target-URI") != c.URL || !bytes.Equal(rec.Payload, body) {
			t.Errorf("record at %s:%d does not match its capture", c.WARCFile, c.Offset)
		}
	}
	if len(seen) != workers*each {
		t.Errorf("%d records, want %d", len(seen), workers*each)
	}
}
