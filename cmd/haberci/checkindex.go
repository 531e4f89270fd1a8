package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
)

// idPage is how many ids are compared at a time.
const idPage = 1000

// indexProblems compares the index with the archive: counts, watermark,
// and ids in both directions (in pages, so memory stays bounded).
func indexProblems(ctx context.Context, a *app) ([]string, error) {
	var out []string
	archived, err := a.arch.Count(ctx)
	if err != nil {
		return nil, err
	}
	indexed, err := a.ix.Count()
	if err != nil {
		return nil, err
	}
	if uint64(archived) != indexed {
		out = append(out, fmt.Sprintf("%d articles indexed, %d archived", indexed, archived))
	}
	mark, err := a.ix.Watermark()
	if err != nil {
		return nil, err
	}
	top, err := a.arch.LastChange(ctx)
	if err != nil {
		return nil, err
	}
	if mark != top {
		out = append(out, fmt.Sprintf("watermark %d, archive's last change %d", mark, top))
	}
	var notIndexed, notArchived []string
	err = a.arch.ArticleIDs(ctx, idPage, func(ids []string) error {
		m, err := a.ix.Missing(ids)
		notIndexed = appendSome(notIndexed, m)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = a.ix.IDs(ctx, idPage, func(ids []string) error {
		m, err := a.arch.Missing(ctx, ids)
		notArchived = appendSome(notArchived, m)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(notIndexed) > 0 {
		out = append(out, "archived but not indexed: "+strings.Join(notIndexed, " "))
	}
	if len(notArchived) > 0 {
		out = append(out, "indexed but not archived: "+strings.Join(notArchived, " "))
	}
	return out, nil
}

// appendSome keeps at most maxListed ids, marking the overflow once.
func appendSome(dst, ids []string) []string {
	for _, id := range ids {
		switch {
		case len(dst) < maxListed:
			dst = append(dst, id)
		case len(dst) == maxListed:
			dst = append(dst, "…")
		}
	}
	return dst
}

// rebuildIndex deletes the index and builds it again from the archive,
// returning how many articles it holds. The archive is not touched.
func (a *app) rebuildIndex(ctx context.Context) (uint64, error) {
	if err := a.ix.Close(); err != nil {
		return 0, err
	}
	a.ix = nil
	if err := os.RemoveAll(indexDir(a.cfg)); err != nil {
		return 0, err
	}
	ix, err := openIndex(indexDir(a.cfg), slog.Default())
	if err != nil {
		return 0, err
	}
	a.ix = ix
	if err := a.catchUp(ctx, nil); err != nil {
		return 0, err
	}
	return a.ix.Count()
}
