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
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/coverage"
	"github.com/haberci/haberci/params"
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
	format := "json"
	if *asCSV {
		format = "csv"
	}
	ctx := context.Background()
	var rep coverageReport
	a, err := openApp(ctx, cfg, stdoutIfTerminal(stderr), false)
	switch {
	case errors.Is(err, errOwned):
		rep, err = daemonCoverage(ctx, newClient(cfg), arg, format)
	case err == nil:
		defer a.close()
		rep, err = localCoverage(ctx, a, arg)
	}
	if badInput(err) {
		return usageError{err.Error()}
	}
	if err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	return rep.print(stdout, format, *asJSON)
}

// coverageReport is one report: an article's (article set) or a query's
// stories; raw is the daemon's answer as it came, printed as is for --csv
// and --json.
type coverageReport struct {
	article *coverage.Article
	stories *coverage.Stories
	raw     []byte
	wire    any // the daemon's decoded answer
}

// daemonCoverage asks the daemon's API for the report.
func daemonCoverage(ctx context.Context, c *client, arg, format string) (coverageReport, error) {
	path, q := "/api/v1/coverage", url.Values{"q": {arg}}
	if isArticleID(arg) {
		path, q = "/api/v1/articles/"+arg+"/coverage", url.Values{}
	}
	q.Set("format", format)
	body, err := c.send(ctx, http.MethodGet, path, q, nil)
	if err != nil {
		return coverageReport{}, err
	}
	rep := coverageReport{raw: body}
	if format == "csv" {
		return rep, nil
	}
	if isArticleID(arg) {
		var w api.CoverageResponse
		err, rep.wire = json.Unmarshal(body, &w), w
	} else {
		var w api.StoriesResponse
		err, rep.wire = json.Unmarshal(body, &w), w
	}
	return rep, err
}

// localCoverage builds the report from the stores, as the daemon would.
func localCoverage(ctx context.Context, a *app, arg string) (coverageReport, error) {
	if isArticleID(arg) {
		art, _, err := a.arch.Get(ctx, arg)
		if err != nil {
			return coverageReport{}, err
		}
		c, err := coverage.OfArticle(ctx, a.arch, art)
		return coverageReport{article: c}, err
	}
	q, err := params.Coverage(url.Values{"q": {arg}})
	if err != nil {
		return coverageReport{}, err
	}
	s, err := coverage.Find(ctx, a.ix, a.arch, q)
	return coverageReport{stories: s}, err
}

// print writes the report as CSV, the API's JSON or text.
func (r coverageReport) print(w io.Writer, format string, asJSON bool) error {
	switch {
	case r.raw != nil && (format == "csv" || asJSON):
		_, err := w.Write(r.raw)
		return err
	case format == "csv" && r.article != nil:
		return coverage.WriteArticleCSV(w, r.article)
	case format == "csv":
		return coverage.WriteStoriesCSV(w, r.stories)
	}
	wire := r.wire
	if r.article != nil {
		wire = api.NewCoverageResponse(r.article)
	} else if r.stories != nil {
		wire = api.NewStoriesResponse(r.stories)
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(wire)
	}
	switch c := wire.(type) {
	case api.CoverageResponse:
		printArticleCoverage(w, c)
	case api.StoriesResponse:
		printStories(w, c)
	}
	return nil
}

// isArticleID reports an article id: 32 lower-case hex digits (canon.ID).
func isArticleID(s string) bool {
	if len(s) != 32 {
		return false
	}
	return strings.Trim(s, "0123456789abcdef") == ""
}

func printArticleCoverage(w io.Writer, c api.CoverageResponse) {
	fmt.Fprintf(w, "story %s  agency %s  %s\n", c.ClusterID, orDash(c.Agency), count(len(c.Copies), "copy", "copies"))
	for _, cp := range c.Copies {
		fmt.Fprintf(w, "%s  %-16s %5.3f  %s\n    %s\n", day(cp.FirstSeenAt), cp.Source, cp.Similarity, cp.Title, cp.URL)
	}
}

func printStories(w io.Writer, s api.StoriesResponse) {
	fmt.Fprintln(w, count(len(s.Stories), "story", "stories"))
	for _, st := range s.Stories {
		fmt.Fprintf(w, "\n%s  [%s]  %s, %s\n  first: %s %s  %s\n", st.Title, orDash(st.Agency),
			count(int(st.Outlets), "outlet", "outlets"), count(int(st.Copies), "copy", "copies"), st.First.Source, day(st.First.FirstSeenAt), st.First.URL)
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

// count is "1 story" or "n stories".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
