package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/haberci/haberci/article"
)

// warcExport copies each capture's gzip member byte for byte from the
// archive's WARC files into one X.warc.gz and writes the CDX index X.cdx
// beside it, so replay tools (pywb, OpenWayback) can serve the export.
type warcExport struct {
	src    warcSource
	out    *output
	cdx    *cdxSorter
	name   string   // base name of the WARC file, the CDX "g" field
	open   *os.File // the source file read last: captures come in runs per file
	opened string
}

func newWARCExport(path string) (*warcExport, error) {
	out, err := openOutput(path, nil)
	if err != nil {
		return nil, err
	}
	cdx, err := newCDXSorter(filepath.Dir(path))
	if err != nil {
		out.abort()
		return nil, err
	}
	return &warcExport{out: out, cdx: cdx, name: filepath.Base(path)}, nil
}

func (e *warcExport) setSource(s warcSource) { e.src = s }

func (e *warcExport) write(_ *article.Article, caps []article.Capture) error {
	for _, c := range caps {
		off := e.out.n
		if err := e.copyMember(c); err != nil {
			return err
		}
		if err := e.cdx.add(cdxLine(c, off, e.name)); err != nil {
			return err
		}
	}
	return nil
}

// copyMember appends the capture's record exactly as archived.
func (e *warcExport) copyMember(c article.Capture) error {
	path := e.src.WARCPath(c.WARCFile)
	if e.opened != path {
		if e.open != nil {
			e.open.Close()
		}
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		e.open, e.opened = f, path
	}
	n, err := io.Copy(e.out, io.NewSectionReader(e.open, c.Offset, c.Length))
	if err != nil {
		return fmt.Errorf("export: copy %s:%d: %w", c.WARCFile, c.Offset, err)
	}
	if n != c.Length {
		return fmt.Errorf("export: %s ends inside the record at %d (run haberci check)", c.WARCFile, c.Offset)
	}
	return nil
}

// close completes the WARC file, then writes the sorted CDX beside it.
func (e *warcExport) close() error {
	e.closeSource()
	defer e.cdx.cleanup()
	cdxPath := strings.TrimSuffix(e.out.path, ".warc.gz") + ".cdx"
	cdxOut, err := openOutput(cdxPath, nil)
	if err != nil {
		e.out.abort()
		return err
	}
	if err := e.cdx.writeSorted(cdxOut); err != nil {
		cdxOut.abort()
		e.out.abort()
		return err
	}
	if err := e.out.commit(); err != nil {
		cdxOut.abort()
		return err
	}
	return cdxOut.commit()
}

func (e *warcExport) abort() {
	e.closeSource()
	e.cdx.cleanup()
	e.out.abort()
}

func (e *warcExport) closeSource() {
	if e.open != nil {
		e.open.Close()
		e.open, e.opened = nil, ""
	}
}

// cdxLine is one CDX record in the 11-field format " CDX N b a m s k r M S V g":
// SURT key, 14-digit date, URL, MIME type, status, payload digest, redirect,
// meta tags, compressed record length, offset and file name.
func cdxLine(c article.Capture, off int64, file string) string {
	mime, _, _ := strings.Cut(c.ContentType, ";")
	mime = strings.ToLower(strings.TrimSpace(mime))
	if mime == "" {
		mime = "-"
	}
	return strings.Join([]string{surt(c.URL), c.FetchedAt.UTC().Format("20060102150405"), cdxField(c.URL), cdxField(mime),
		strconv.Itoa(c.Status), strings.TrimPrefix(c.Digest, "sha1:"), "-", "-",
		strconv.FormatInt(c.Length, 10), strconv.FormatInt(off, 10), cdxField(file)}, " ")
}

// cdxField keeps a field free of the separators of the CDX format.
func cdxField(s string) string {
	return strings.NewReplacer(" ", "%20", "\n", "%0A", "\r", "%0D").Replace(s)
}
