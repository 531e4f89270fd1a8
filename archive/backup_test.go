package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/haberci/haberci/article"
)

func TestBackupDuringWrites(t *testing.T) {
	ctx := context.Background()
	a, dir := openTemp(t)
	before := putSeries(t, a, 20)

	// A writer keeps storing articles while the backup runs.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			u := fmt.Sprintf("https://www.kartal.bel.tr/canli/%d", i)
			art := newArticle(t, "canli", u, fmt.Sprintf("%s\n\nCanlı %d", seedBody(t), i))
			if _, _, err := a.Put(ctx, art, []article.Response{pageResponse(t, u)}); err != nil {
				t.Error(err)
				return
			}
		}
	})
	dst := filepath.Join(t.TempDir(), "yedek")
	st, err := Backup(ctx, dir, "", dst)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles < int64(len(before)) || st.WARCFiles == 0 || st.WARCBytes == 0 {
		t.Errorf("stats %+v, want at least %d articles and some WARC", st, len(before))
	}

	// The copy is a working data directory: it opens, and every capture in it
	// reads back whole.
	b := openAt(t, dst)
	for _, want := range before {
		got, caps, err := b.Get(ctx, want.ID)
		if err != nil || got.Title != want.Title || got.Body != want.Body || len(caps) != 1 {
			t.Errorf("article %s in the backup: %v", want.ID, err)
		}
	}
	n, err := b.Count(ctx)
	if err != nil || n != st.Articles {
		t.Errorf("backup holds %d articles (%v), stats say %d", n, err, st.Articles)
	}
	if problems, err := b.Integrity(ctx); err != nil || len(problems) > 0 {
		t.Errorf("integrity: %v %v", problems, err)
	}
	var bad []CaptureProblem
	if _, err := b.VerifyCaptures(ctx, func(p CaptureProblem) { bad = append(bad, p) }); err != nil || len(bad) > 0 {
		t.Errorf("captures in the backup: %+v %v", bad, err)
	}
}

func TestBackupRefusesNonEmptyTarget(t *testing.T) {
	a, dir := openTemp(t)
	putSeries(t, a, 1)
	dst := t.TempDir()
	if err := os.WriteFile(filepath.Join(dst, "x"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Backup(context.Background(), dir, "", dst); !errors.Is(err, ErrBackupTarget) {
		t.Errorf("err = %v, want ErrBackupTarget", err)
	}
	if _, err := Backup(context.Background(), t.TempDir(), "", filepath.Join(dst, "y")); !errors.Is(err, ErrNoArchive) {
		t.Errorf("no archive: err = %v, want ErrNoArchive", err)
	}
}

// With WithWARCDir the captures go to that directory, not DATA_DIR/warc;
// the reader, the capture check and a backup find them there.
func TestWARCDirElsewhere(t *testing.T) {
	ctx := context.Background()
	dir, warcDir := t.TempDir(), filepath.Join(t.TempDir(), "paylasilan")
	a, err := Open(ctx, dir, WithWARCDir(warcDir))
	if err != nil {
		t.Fatal(err)
	}
	stored := putSeries(t, a, 3)
	var bad []CaptureProblem
	if n, err := a.VerifyCaptures(ctx, func(p CaptureProblem) { bad = append(bad, p) }); err != nil || n != 3 || len(bad) > 0 {
		t.Errorf("VerifyCaptures: %d captures, %+v, %v", n, bad, err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(warcDir, "*.warc.gz")); len(files) == 0 {
		t.Errorf("no WARC file in %s", warcDir)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "warc", "*.warc.gz")); len(files) > 0 {
		t.Errorf("WARC files in data_dir/warc: %v", files)
	}

	r, err := OpenReader(ctx, dir, WithWARCDir(warcDir))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, caps, err := r.Get(ctx, stored[0].ID)
	if err != nil || len(caps) != 1 {
		t.Fatalf("Get: %v, %d captures", err, len(caps))
	}
	if got := filepath.Dir(r.WARCPath(caps[0].WARCFile)); got != warcDir {
		t.Errorf("reader's WARC path in %s, want %s", got, warcDir)
	}

	dst := filepath.Join(t.TempDir(), "yedek")
	st, err := Backup(ctx, dir, warcDir, dst)
	if err != nil || st.WARCFiles == 0 {
		t.Fatalf("backup: %+v %v", st, err)
	}
	b := openAt(t, dst)
	bad = nil
	if n, err := b.VerifyCaptures(ctx, func(p CaptureProblem) { bad = append(bad, p) }); err != nil || n != 3 || len(bad) > 0 {
		t.Errorf("captures in the backup: %d, %+v, %v", n, bad, err)
	}
}
