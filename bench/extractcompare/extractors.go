package main

import (
	"bytes"
	"fmt"
	"net/url"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/haberci/haberci/bench/extracteval"
	"github.com/haberci/haberci/crawler/extract"
	"github.com/markusmobius/go-trafilatura"
)

// extractor is one contestant.
type extractor struct {
	name string
	run  extracteval.Extractor
}

// extractors are the contestants, Haberci first. The others run with the
// settings their authors recommend for article text; their HTML output is
// turned into text by extracteval.NodeText, the same for all.
var extractors = []extractor{
	{"Haberci", haberci},
	{"go-trafilatura", trafilaturaText(true)},
	{"go-trafilatura (no fallback)", trafilaturaText(false)},
	{"go-readability", readabilityText},
}

// haberci is our extractor with generic extraction (no source selectors).
func haberci(s extracteval.Sample) (string, error) {
	r, err := extract.Page(s.HTML, s.URL, nil)
	if err != nil {
		return "", err
	}
	return r.Body, nil
}

// trafilaturaText runs go-trafilatura without comments, balanced focus;
// fallback to readability and dom-distiller is its CLI's default.
func trafilaturaText(fallback bool) extracteval.Extractor {
	return func(s extracteval.Sample) (string, error) {
		u, err := url.Parse(s.URL)
		if err != nil {
			return "", err
		}
		r, err := trafilatura.Extract(bytes.NewReader(s.HTML), trafilatura.Options{
			OriginalURL:     u,
			EnableFallback:  fallback,
			ExcludeComments: true,
		})
		if err != nil {
			return "", err
		}
		if r.ContentNode == nil {
			return "", fmt.Errorf("go-trafilatura: no content")
		}
		return extracteval.NodeText(r.ContentNode), nil
	}
}

// readabilityText runs go-readability's default parser; its article node
// is what Article.RenderText would print.
func readabilityText(s extracteval.Sample) (string, error) {
	u, err := url.Parse(s.URL)
	if err != nil {
		return "", err
	}
	a, err := readability.FromReader(bytes.NewReader(s.HTML), u)
	if err != nil {
		return "", err
	}
	if a.Node == nil {
		return "", fmt.Errorf("go-readability: no content")
	}
	return extracteval.NodeText(a.Node), nil
}
