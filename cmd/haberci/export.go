package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/params"
)

// exportOptions are export's parsed flags.
type exportOptions struct {
	format, out, query string
	filter             archive.Filter
}

func runExport(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("export", "--format jsonl|csv|warc [--out PATH] [--from DATE] [--to DATE] [--source ID]... [--query Q]",
		"Stream archived articles in Seq order, in constant memory: JSON lines or CSV (to stdout unless --out),\n"+
			"or their captures as WARC (--out X.warc.gz; X.cdx is written beside it for replay tools).\n"+
			"Reads the archive read-only, so it runs beside a daemon; --query then goes through the daemon's API.", stdout)
	var o exportOptions
	var sources stringList
	fs.StringVar(&o.format, "format", "", "jsonl, csv or warc (required)")
	fs.StringVar(&o.out, "out", "", "write to `PATH` instead of stdout (required for warc: X.warc.gz)")
	from := fs.String("from", "", "only articles published on or after `DATE` (2020-06-01 or RFC 3339)")
	to := fs.String("to", "", "only articles published on or before `DATE` (a bare date means the whole day)")
	fs.Var(&sources, "source", "only this source `ID` (repeatable)")
	fs.StringVar(&o.query, "query", "", "only articles matching the search `Q` (the search query language)")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"export takes no arguments"}
	}
	if err := o.validate(*from, *to, sources); err != nil {
		return usageError{err.Error()}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	w, err := newExportWriter(o, stdout)
	if err != nil {
		return err
	}
	n, err := export(ctx, cfg, o, w)
	if err != nil {
		w.abort()
		return err
	}
	if err := w.close(); err != nil {
		return err
	}
	if o.out != "" {
		fmt.Fprintf(stderr, "exported %d articles to %s\n", n, o.out)
	}
	return nil
}

// validate checks the flags that need no config.
func (o *exportOptions) validate(from, to string, sources []string) error {
	switch o.format {
	case "jsonl", "csv":
	case "warc":
		if !strings.HasSuffix(o.out, ".warc.gz") {
			return errors.New("--format warc needs --out X.warc.gz")
		}
	case "":
		return errors.New("--format is required: jsonl, csv or warc")
	default:
		return fmt.Errorf("--format %q: want jsonl, csv or warc", o.format)
	}
	var err error
	if o.filter.From, err = flagTime("from", from, false); err != nil {
		return err
	}
	if o.filter.To, err = flagTime("to", to, true); err != nil {
		return err
	}
	if !o.filter.From.IsZero() && !o.filter.To.IsZero() && o.filter.To.Before(o.filter.From) {
		return errors.New("--to is before --from")
	}
	o.filter.Sources = sources
	return nil
}

// flagTime reads a date flag with the API's date parser.
func flagTime(name, s string, endOfDay bool) (time.Time, error) {
	t, err := params.Time(name, s, endOfDay)
	if err != nil {
		return t, fmt.Errorf("--%w", err)
	}
	return t, nil
}

// export streams the selected articles into w and returns how many.
func export(ctx context.Context, cfg *config.Config, o exportOptions, w exportWriter) (int, error) {
	n := 0
	emit := func(a *article.Article, caps []article.Capture) error {
		n++
		return w.write(a, caps)
	}
	if o.query == "" {
		r, err := openReader(ctx, cfg)
		if err != nil {
			return 0, err
		}
		defer r.Close()
		w.setSource(r)
		return n, r.Iterate(ctx, o.filter, emit)
	}
	return n, exportQuery(ctx, cfg, o, w, emit)
}
