package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
)

func runCoverage(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("coverage", "[--csv] [--json] ARTICLE_ID|QUERY", "Report every outlet that carried a story (through the running daemon when there is one).", stdout)
	asCSV := fs.Bool("csv", false, "print the API's CSV answer")
	asJSON := fs.Bool("json", false, "print the API's JSON answer")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	arg := strings.Join(pos, " ")
	path, q := "/api/v1/coverage", url.Values{"q": {arg}}
	if isArticleID(arg) {
		path, q = "/api/v1/articles/"+arg+"/coverage", url.Values{}
	}
	if *asCSV {
		q.Set("format", "csv")
	}
	ctx := context.Background()
	var body []byte
	a, err := openApp(ctx, cfg, stdoutIfTerminal(stderr), false)
	switch {
	case errors.Is(err, errOwned):
		body, err = getFromDaemon(ctx, cfg, path, q)
	case err == nil:
		defer a.close()
		// The same handler the daemon runs, without a listener: one report.
		body, err = getFrom(api.New(cfg, a.ix, a.arch, nil, nil).Handler(), cfg.APIToken, path, q)
	}
	if err != nil {
		return err
	}
	if *asCSV || *asJSON {
		_, err := stdout.Write(body)
		return err
	}
	if strings.HasPrefix(path, "/api/v1/articles/") {
		var c api.CoverageResponse
		if err := json.Unmarshal(body, &c); err != nil {
			return fmt.Errorf("coverage: %w", err)
		}
		printArticleCoverage(stdout, c)
		return nil
	}
	var s api.StoriesResponse
	if err := json.Unmarshal(body, &s); err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	printStories(stdout, s)
	return nil
}

// isArticleID reports an article id: 32 lower-case hex digits (canon.ID).
func isArticleID(s string) bool {
	if len(s) != 32 {
		return false
	}
	return strings.Trim(s, "0123456789abcdef") == ""
}

// getFrom runs a GET through h in process and returns the body of a 2xx.
// The configured token goes along: with private_reads the handler asks for it.
func getFrom(h http.Handler, token, path string, q url.Values) ([]byte, error) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, path+"?"+q.Encode(), nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	h.ServeHTTP(rec, req)
	return checkAnswer(rec.Code, rec.Body.Bytes())
}

// getFromDaemon runs a GET on the daemon's API and returns the raw body.
func getFromDaemon(ctx context.Context, cfg *config.Config, path string, q url.Values) ([]byte, error) {
	d := newDaemon(cfg)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.base+path+"?"+q.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	if d.token != "" {
		req.Header.Set("Authorization", "Bearer "+d.token)
	}
	resp, err := d.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("a daemon owns the data directory but its API at %s does not answer: %w", d.base, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	return checkAnswer(resp.StatusCode, body)
}

// checkAnswer turns an API error answer into an error with its message.
func checkAnswer(status int, body []byte) ([]byte, error) {
	if status < 300 {
		return body, nil
	}
	var e struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
		return nil, fmt.Errorf("coverage: %s", e.Error.Message)
	}
	return nil, fmt.Errorf("coverage: HTTP status %d", status)
}

func printArticleCoverage(w io.Writer, c api.CoverageResponse) {
	fmt.Fprintf(w, "story %s  agency %s  %d copies\n", c.ClusterID, orDash(c.Agency), len(c.Copies))
	for _, cp := range c.Copies {
		fmt.Fprintf(w, "%s  %-16s %5.3f  %s\n    %s\n", day(cp.FirstSeenAt), cp.Source, cp.Similarity, cp.Title, cp.URL)
	}
}

func printStories(w io.Writer, s api.StoriesResponse) {
	fmt.Fprintf(w, "%d stories\n", len(s.Stories))
	for _, st := range s.Stories {
		fmt.Fprintf(w, "\n%s  [%s]  %d outlets, %d copies\n  first: %s %s  %s\n", st.Title, orDash(st.Agency),
			st.Outlets, st.Copies, st.First.Source, day(st.First.FirstSeenAt), st.First.URL)
	}
	if len(s.PerDay) > 0 {
		fmt.Fprintln(w, "\ncopies per day:")
		for _, d := range s.PerDay {
			fmt.Fprintf(w, "  %s  %d\n", d.Date, d.Count)
		}
	}
}

func day(t api.Time) string {
	if time.Time(t).IsZero() {
		return "----------"
	}
	return time.Time(t).UTC().Format("2006-01-02 15:04")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
