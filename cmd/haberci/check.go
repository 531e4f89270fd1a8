package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"syscall"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/index"
)

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("check", "[--repair]", "Verify the archive: SQLite integrity, every capture's WARC record (offset, length,\n"+
		"digests) and that the index holds exactly the archived articles. Needs the daemon stopped.\n"+
		"Exits 0 when clean, 1 when problems remain.", stdout)
	repair := fs.Bool("repair", false, "rebuild the index from the archive when it disagrees, give articles archived\n"+
		"before near-duplicate sketches existed theirs, and re-derive missing LSH band rows\n"+
		"(archived articles are never deleted)")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"check takes no arguments"}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	rep := &checkReport{out: stdout}
	a, err := openApp(ctx, cfg, stdoutIfTerminal(stderr), false)
	if err != nil && *repair && !errors.Is(err, errOwned) && !errors.Is(err, archive.ErrNewerSchema) {
		// An index that does not even open is rebuilt like one that disagrees.
		rep.fix("index did not open (%v): rebuilt from the archive", err)
		a, err = openApp(ctx, cfg, stdoutIfTerminal(stderr), true)
	}
	if errors.Is(err, errOwned) {
		return fmt.Errorf("check needs the data directory to itself; stop the daemon first (%w)", err)
	}
	if err != nil {
		return err
	}
	defer a.close()
	if err := rep.run(ctx, a, *repair); err != nil {
		return err
	}
	if n := rep.problems; n > 0 {
		return fmt.Errorf("%d problem(s) remain", n)
	}
	return nil
}

// maxListed bounds how many problems of one kind are printed one by one.
const maxListed = 20

// checkReport prints findings as they come and counts them.
type checkReport struct {
	out      io.Writer
	problems int
	fixes    int
}

func (r *checkReport) problem(format string, args ...any) {
	r.problems++
	fmt.Fprintf(r.out, "PROBLEM  "+format+"\n", args...)
}

func (r *checkReport) fix(format string, args ...any) {
	r.fixes++
	fmt.Fprintf(r.out, "FIXED    "+format+"\n", args...)
}

func (r *checkReport) ok(format string, args ...any) {
	fmt.Fprintf(r.out, "ok       "+format+"\n", args...)
}

// run checks the archive, its captures and the index, and repairs the
// index when asked to.
func (r *checkReport) run(ctx context.Context, a *app, repair bool) error {
	if err := r.versions(ctx, a); err != nil {
		return err
	}
	if err := r.database(ctx, a); err != nil {
		return err
	}
	if err := r.captures(ctx, a); err != nil {
		return err
	}
	if err := r.sketches(ctx, a, repair); err != nil {
		return err
	}
	if err := r.bands(ctx, a, repair); err != nil {
		return err
	}
	ip, err := indexProblems(ctx, a)
	if err != nil {
		return err
	}
	if len(ip) > 0 && repair {
		n, err := a.rebuildIndex(ctx)
		if err != nil {
			return fmt.Errorf("rebuild index: %w", err)
		}
		r.fix("index disagreed with the archive (%s): rebuilt, %d articles indexed", ip[0], n)
		if ip, err = indexProblems(ctx, a); err != nil {
			return err
		}
	}
	for _, p := range ip {
		r.problem("index: %s", p)
	}
	if len(ip) == 0 {
		n, _ := a.ix.Count()
		r.ok("index: %d articles, the same ids as the archive", n)
	}
	fmt.Fprintf(r.out, "%d problem(s), %d fix(es)\n", r.problems, r.fixes)
	return nil
}

// versions says which schema step the archive is at and which mapping
// version the index was built with: what an upgrade changes.
func (r *checkReport) versions(ctx context.Context, a *app) error {
	step, err := a.arch.SchemaStep(ctx)
	if err != nil {
		return err
	}
	if a.cfg.Database != "" { // PostgreSQL numbers its own steps
		r.ok("archive: PostgreSQL schema step %d, index: mapping version %d", step, index.MappingVersion)
		return nil
	}
	r.ok("archive: schema step %d (%s), index: mapping version %d", step, archive.SchemaName(step), index.MappingVersion)
	return nil
}

// database runs the store's own checks: SQLite's, or on PostgreSQL the
// store's cluster checks (the server checks its own pages and keys).
func (r *checkReport) database(ctx context.Context, a *app) error {
	lines, err := a.arch.Integrity(ctx)
	if err != nil {
		return err
	}
	name, what := "sqlite", "integrity and foreign keys"
	if a.cfg.Database != "" {
		name, what = "postgresql", "clusters' sizes and first articles"
	}
	for _, l := range lines {
		r.problem("%s: %s", name, l)
	}
	if len(lines) == 0 {
		n, err := a.arch.Count(ctx)
		if err != nil {
			return err
		}
		r.ok("%s: %s, %d articles", name, what, n)
	}
	return nil
}

// captures reads back every capture's WARC record.
func (r *checkReport) captures(ctx context.Context, a *app) error {
	bad := 0
	n, err := a.arch.VerifyCaptures(ctx, func(p archive.CaptureProblem) {
		bad++
		if bad <= maxListed {
			r.problem("capture %d (article %q) %s at %s:%d+%d: %v", p.RowID, p.ArticleID, p.Capture.URL,
				p.Capture.WARCFile, p.Capture.Offset, p.Capture.Length, p.Err)
		} else {
			r.problems++
		}
	})
	if err != nil {
		return err
	}
	if bad > maxListed {
		fmt.Fprintf(r.out, "         … and %d more bad captures\n", bad-maxListed)
	}
	if bad == 0 {
		r.ok("warc: %d captures read back with matching digests", n)
	}
	return nil
}

// sketches finds articles without the near-duplicate sketch Put gives
// (archived before sketches existed) and, when repairing, backfills them:
// they join their copies' clusters as if stored today.
func (r *checkReport) sketches(ctx context.Context, a *app, repair bool) error {
	n, err := a.arch.Unsketched(ctx)
	if err != nil {
		return err
	}
	if n > 0 && repair {
		res, err := a.arch.Backfill(ctx)
		if err != nil {
			return fmt.Errorf("backfill sketches: %w", err)
		}
		r.fix("%d articles had no near-duplicate sketch or no term bands: %d sketched, %d clusters merged into their copies'", n, res.Sketched, res.Merged)
		if n, err = a.arch.Unsketched(ctx); err != nil {
			return err
		}
	}
	if n > 0 {
		r.problem("syndication: %d articles have no near-duplicate sketch or no term bands, so later copies may not find them (check --repair)", n)
		return nil
	}
	r.ok("syndication: every comparable article has its near-duplicate sketch and term bands")
	return nil
}

// bands finds sketched articles whose LSH band rows lsh_band should hold
// but does not (the writer keeps them pending, and Open re-derives those a
// crash lost, so this finds damage, not crashes) and, when repairing,
// re-derives them from the stored signatures.
func (r *checkReport) bands(ctx context.Context, a *app, repair bool) error {
	missing, err := a.arch.MissingBands(ctx)
	if err != nil {
		return err
	}
	if len(missing) > 0 && repair {
		if err := a.arch.RepairBands(ctx, missing); err != nil {
			return fmt.Errorf("repair bands: %w", err)
		}
		r.fix("%d articles lacked LSH band rows: re-derived from their signatures", len(missing))
		if missing, err = a.arch.MissingBands(ctx); err != nil {
			return err
		}
	}
	if len(missing) > 0 {
		r.problem("syndication: %d articles lack LSH band rows, so no later copy finds them (first: %s; check --repair)", len(missing), missing[0])
		return nil
	}
	r.ok("syndication: every sketched article's LSH bands are in place")
	return nil
}
