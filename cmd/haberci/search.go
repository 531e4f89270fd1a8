package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/index"
)

func runSearch(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("search", "[--json] [--limit N] QUERY", "Search the archive (through the running daemon when there is one).", stdout)
	asJSON := fs.Bool("json", false, "print the API's JSON answer")
	limit := fs.Int("limit", 20, "at most `N` hits (1-100)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *limit < 1 || *limit > 100 {
		return usageError{"--limit: must be from 1 to 100"}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	q := strings.Join(pos, " ")
	ctx := context.Background()
	var res api.SearchResponse
	a, err := openApp(ctx, cfg, stdoutIfTerminal(stderr), false)
	switch {
	case errors.Is(err, errOwned):
		err = newDaemon(cfg).do(ctx, "GET", "/api/v1/search", url.Values{"q": {q}, "size": {strconv.Itoa(*limit)}}, &res)
	case err == nil:
		defer a.close()
		var r *index.Result
		if r, err = a.ix.Search(ctx, index.Request{Query: q, Size: *limit}); err == nil {
			res = api.NewSearchResponse(r)
		}
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printHits(stdout, res)
	return nil
}

func printHits(w io.Writer, res api.SearchResponse) {
	fmt.Fprintf(w, "%d results (%d ms)\n", res.Total, res.TookMS)
	mark := strings.NewReplacer("<mark>", "", "</mark>", "")
	if isTerminal(w) {
		mark = strings.NewReplacer("<mark>", "\x1b[1m", "</mark>", "\x1b[0m")
	}
	for _, h := range res.Hits {
		date := ""
		if b, _ := json.Marshal(h.PublishedAt); string(b) != "null" {
			date = strings.Trim(string(b), `"`)[:10]
		}
		fmt.Fprintf(w, "\n%s  [%s %s %s]\n  %s\n  %s\n", h.Title, h.Source, h.Agency, date, h.URL, mark.Replace(h.Snippet))
	}
}

// stdoutIfTerminal gives progress output a terminal, or nothing: the
// command's own output must stay clean for scripts.
func stdoutIfTerminal(w io.Writer) io.Writer {
	if isTerminal(w) {
		return w
	}
	return io.Discard
}
