package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/csvsafe"
)

// exportWriter writes articles in one export format.
type exportWriter interface {
	setSource(warcSource) // where capture files are read from (WARC only)
	write(*article.Article, []article.Capture) error
	close() error // completes the output
	abort()       // drops a partial file output
}

// warcSource locates a capture's WARC file.
type warcSource interface{ WARCPath(file string) string }

func newExportWriter(o exportOptions, stdout io.Writer) (exportWriter, error) {
	if o.format == "warc" {
		return newWARCExport(o.out)
	}
	out, err := openOutput(o.out, stdout)
	if err != nil {
		return nil, err
	}
	if o.format == "csv" {
		w := &csvExport{out: out, cw: csvsafe.NewWriter(out)}
		return w, w.cw.Write(csvHeader)
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	return &jsonlExport{out: out, enc: enc}, nil
}

// exportRecord is one JSON line: the article with the fields the API leaves
// out (seq, simhash) and its captures, so that a line holds everything the
// archive knows about the article.
type exportRecord struct {
	*article.Article
	Seq      int64             `json:"seq"`
	SimHash  string            `json:"simhash"` // 16 hex digits: JSON numbers lose bits above 2^53
	Captures []article.Capture `json:"captures"`
}

type jsonlExport struct {
	out *output
	enc *json.Encoder
}

func (e *jsonlExport) setSource(warcSource) {}
func (e *jsonlExport) abort()               { e.out.abort() }
func (e *jsonlExport) close() error         { return e.out.commit() }

func (e *jsonlExport) write(a *article.Article, caps []article.Capture) error {
	if caps == nil {
		caps = []article.Capture{}
	}
	rec := exportRecord{Article: a, Seq: a.Seq, SimHash: fmt.Sprintf("%016x", a.SimHash), Captures: caps}
	if err := e.enc.Encode(rec); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// csvHeader names the CSV columns: the article, one row each; authors are
// joined with "; ", times are RFC 3339 UTC, empty when unknown.
var csvHeader = []string{"id", "seq", "source", "url", "canonical_url", "guid", "title", "lead", "body", "authors",
	"published_at", "first_seen_at", "updated_at", "removed_at", "language", "agency", "image", "content_sha256", "simhash",
	"cluster_id", "captures"}

type csvExport struct {
	out *output
	cw  *csvsafe.Writer
}

func (e *csvExport) setSource(warcSource) {}
func (e *csvExport) abort()               { e.out.abort() }

func (e *csvExport) write(a *article.Article, caps []article.Capture) error {
	err := e.cw.Write([]string{a.ID, strconv.FormatInt(a.Seq, 10), a.SourceID, a.URL, a.CanonicalURL, a.GUID,
		a.Title, a.Lead, a.Body, strings.Join(a.Authors, "; "), csvTime(a.PublishedAt), csvTime(a.FirstSeenAt),
		csvTime(a.UpdatedAt), csvTime(a.RemovedAt), a.Language, a.Agency, a.Image, a.ContentSHA256, fmt.Sprintf("%016x", a.SimHash),
		a.ClusterID, strconv.Itoa(len(caps))})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

func (e *csvExport) close() error {
	e.cw.Flush()
	if err := e.cw.Error(); err != nil {
		e.out.abort()
		return fmt.Errorf("export: %w", err)
	}
	return e.out.commit()
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
