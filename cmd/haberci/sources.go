package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/haberci/haberci/api"
)

// sourcesCommands are the subcommands of "haberci sources".
var sourcesCommands = map[string]func(args []string, stdout, stderr io.Writer) error{
	"import": runSourcesImport,
	"add":    runSourcesAdd,
	"edit":   runSourcesEdit,
	"rm":     runSourcesRemove,
	"pause":  runSourcesPause,
	"resume": runSourcesResume,
}

func runSources(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		if sub, ok := sourcesCommands[args[0]]; ok {
			return sub(args[1:], stdout, stderr)
		}
	}
	fs, cfgPath := newFlags("sources", "[--json] | import FILE.opml | add --url URL … | edit ID … | rm ID | pause ID | resume ID",
		"List the sources (configured and added at run time) with their fetch state, or change them:\n"+
			"'haberci sources COMMAND --help' for import, add, edit, rm, pause and resume.", stdout)
	asJSON := fs.Bool("json", false, "print the API's JSON answer")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{fmt.Sprintf("unknown sources command %q (want import, add, edit, rm, pause or resume)", pos[0])}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	ctx := context.Background()
	store, err := openSourceStore(ctx, cfg)
	if err != nil {
		return err
	}
	res, err := store.list(ctx)
	store.close()
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTYPE\tORIGIN\tPAUSED\tARTICLES\tBACKLOG\tLAST FETCH\tSTATUS\tFAILURES\tNEXT ALLOWED\tURL\tLAST ERROR")
	for _, s := range res.Sources {
		paused := "-"
		if s.Paused {
			paused = "paused"
		}
		backlog := fmt.Sprint(s.Backlog)
		if s.BacklogPages {
			backlog += "+" // and deeper pages not read yet
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", s.ID, s.Type, s.Origin, paused, s.ArticleCount,
			backlog, showTime(s.LastFetchAt), s.LastStatus, s.ConsecutiveFailures, showTime(s.NextAllowedAt), s.URL, s.LastError)
	}
	return tw.Flush()
}

func showTime(t api.Time) string {
	tt := time.Time(t)
	if tt.IsZero() {
		return "-"
	}
	return tt.UTC().Format("2006-01-02 15:04")
}
