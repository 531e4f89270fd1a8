package main

import (
	"fmt"
	"io"
	"os"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/crawler/extract"
	"github.com/haberci/haberci/crawler/fetch"
)

// extracted is what "haberci extract" prints.
type extracted struct {
	Title       string   `json:"title"`
	Lead        string   `json:"lead"`
	Body        string   `json:"body"`
	Authors     []string `json:"authors"`
	PublishedAt api.Time `json:"published_at"`
	UpdatedAt   api.Time `json:"updated_at"`
	Language    string   `json:"language"`
	Agency      string   `json:"agency"`
	Image       string   `json:"image,omitempty"`
	Canonical   string   `json:"canonical_url,omitempty"`
}

func runExtract(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("extract", "[--url URL] [--source ID] FILE|-",
		"Extract the article from one saved page (FILE, or - for standard input) and print it as JSON.\n"+
			"--source applies that configured source's selectors; --url is the page's address, for relative links.", stdout)
	pageURL := fs.String("url", "http://localhost/", "the page's `URL`")
	sourceID := fs.String("source", "", "use the extraction selectors of source `ID`")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"want exactly one FILE or -"}
	}
	var sel *extract.Selectors
	if *sourceID != "" {
		cfg, err := loadConfig(*cfgPath)
		if err != nil {
			return err
		}
		src, ok := cfg.Source(*sourceID)
		if !ok {
			return usageError{fmt.Sprintf("unknown source %q", *sourceID)}
		}
		if e := src.Extract; e != nil {
			sel = &extract.Selectors{Title: e.Title, Content: e.Content, Lead: e.Lead, Author: e.Author, Date: e.Date, Remove: e.Remove}
		}
	}
	raw, err := readInput(pos[0])
	if err != nil {
		return err
	}
	page, _, err := fetch.ToUTF8(raw, "text/html")
	if err != nil {
		return err
	}
	ex, err := extract.Page(page, *pageURL, sel)
	if err != nil {
		return err
	}
	out := extracted{Title: ex.Title, Lead: ex.Lead, Body: ex.Body, Authors: ex.Authors, PublishedAt: api.Time(ex.PublishedAt),
		UpdatedAt: api.Time(ex.UpdatedAt), Language: ex.Language, Agency: ex.Agency, Image: ex.Image, Canonical: ex.Canonical}
	if out.Authors == nil {
		out.Authors = []string{}
	}
	return printJSON(stdout, out)
}

// readInput reads a file, or standard input for "-", up to 32 MiB.
func readInput(name string) ([]byte, error) {
	var r io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, 32<<20+1))
	if len(b) > 32<<20 {
		return nil, fmt.Errorf("%s: larger than 32 MiB", name)
	}
	return b, err
}
