package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/params"
)

func runSearch(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("search", "[--json] [--limit N] QUERY", "Search the archive (through the running daemon when there is one).", stdout)
	asJSON := fs.Bool("json", false, "print the API's JSON answer")
	limit := fs.Int("limit", 20, "at most `N` hits (1-100)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	v := url.Values{"q": {strings.Join(pos, " ")}, "size": {strconv.Itoa(*limit)}}
	req, err := params.Search(v) // the API's parser: refused here as there
	if err != nil {
		return usageError{err.Error()}
	}
	ctx := context.Background()
	var res api.SearchResponse
	a, err := openApp(ctx, cfg, stdoutIfTerminal(stderr), false)
	switch {
	case errors.Is(err, errOwned):
		err = newClient(cfg).call(ctx, http.MethodGet, "/api/v1/search", v, nil, &res)
	case err == nil:
		defer a.close()
		var r *index.Result
		if r, err = a.ix.Search(ctx, req); err == nil {
			res = api.NewSearchResponse(r)
		}
	}
	if badInput(err) {
		return usageError{err.Error()}
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(stdout, res)
	}
	printHits(stdout, res)
	return nil
}

func printHits(w io.Writer, res api.SearchResponse) {
	fmt.Fprintf(w, "%s (%d ms)\n", count(int(res.Total), "result", "results"), res.TookMS)
	if res.Widened {
		fmt.Fprintln(w, "No article has the words themselves; these have words derived from them.")
	}
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
