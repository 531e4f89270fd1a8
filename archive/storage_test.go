package archive

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"github.com/haberci/haberci/article"
)

func TestUnwritable(t *testing.T) {
	tests := map[string]struct {
		err  error
		want bool
	}{
		"disk full":        {&fs.PathError{Op: "write", Path: "x.warc.gz", Err: syscall.ENOSPC}, true},
		"file size limit":  {fmt.Errorf("warc: write: %w", &fs.PathError{Op: "write", Err: syscall.EFBIG}), true},
		"read-only":        {&fs.PathError{Op: "open", Err: syscall.EROFS}, true},
		"quota":            {syscall.EDQUOT, true},
		"not found":        {fs.ErrNotExist, false},
		"invalid argument": {ErrInvalid, false},
		"cancelled":        {context.Canceled, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := unwritable(tc.err); got != tc.want {
				t.Fatalf("unwritable(%v) = %v, want %v", tc.err, got, tc.want)
			}
			if got := errors.Is(storageErr(tc.err), article.ErrStorage); got != tc.want {
				t.Fatalf("storageErr(%v) wraps ErrStorage: %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

// TestFullDatabase fills SQLite for real (max_page_count caps the file, and
// SQLite answers SQLITE_FULL as on a full disk): Put fails with ErrStorage,
// nothing is half-written, Writable says no, and once there is room again
// Writable says yes and Put stores.
func TestFullDatabase(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	setMaxPages := func(extra int) {
		t.Helper()
		var pages int
		if err := a.write.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
			t.Fatal(err)
		}
		if _, err := a.write.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+extra)); err != nil {
			t.Fatal(err)
		}
	}
	put := func(i int) error {
		url := fmt.Sprintf("https://www.kartal.bel.tr/haber/%d", i)
		_, _, err := a.Put(ctx, newArticle(t, "kartal-bel", url, fmt.Sprintf("%s\n\nsayı %d", seedBody(t), i)), []article.Response{pageResponse(t, url)})
		return err
	}
	if err := put(0); err != nil {
		t.Fatal(err)
	}
	// The WAL holds new pages until a checkpoint: move them into the file
	// so page_count is the whole database.
	if _, err := a.write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	setMaxPages(4)
	var stored, err = 1, error(nil)
	for i := 1; i < 200 && err == nil; i++ {
		if err = put(i); err == nil {
			stored++
		}
	}
	if !errors.Is(err, article.ErrStorage) {
		t.Fatalf("Put on a full database: %v, want ErrStorage", err)
	}
	if n, _ := a.Count(ctx); n != int64(stored) {
		t.Fatalf("%d articles archived, want the %d acknowledged", n, stored)
	}
	if err := a.Writable(ctx); !errors.Is(err, article.ErrStorage) {
		t.Fatalf("Writable on a full database: %v, want ErrStorage", err)
	}
	setMaxPages(1 << 20)
	if err := a.Writable(ctx); err != nil {
		t.Fatalf("Writable with room again: %v", err)
	}
	if err := put(1000); err != nil {
		t.Fatalf("Put with room again: %v", err)
	}
	if probs, err := a.Integrity(ctx); err != nil || len(probs) > 0 {
		t.Fatalf("integrity: %v %v", probs, err)
	}
	var bad []CaptureProblem
	n, err := a.VerifyCaptures(ctx, func(p CaptureProblem) { bad = append(bad, p) })
	if err != nil || len(bad) > 0 || n != int64(stored+1) {
		t.Fatalf("captures: %d checked, problems %v, err %v; want %d clean", n, bad, err, stored+1)
	}
}
