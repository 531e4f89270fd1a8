package archive

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
)

// archiveAt writes an archive in dir as a program that knew only the first
// steps migrations left it, then runs the statements (its rows).
func archiveAt(t *testing.T, dir string, steps int, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	db, err := openDB(ctx, filepath.Join(dir, "haberci.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i, m := range migrations[:steps] {
		if _, err := db.ExecContext(ctx, m); err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
	}
	stmts = append([]string{`PRAGMA user_version = ` + strconv.Itoa(steps)}, stmts...)
	for _, q := range stmts {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMigrateChangeCursor opens an archive from before the change cursor
// whose seqs have gaps (merges renumbered them): each article's cursor
// starts at its seq, so an index's watermark keeps its meaning, and new
// articles go on after both.
func TestMigrateChangeCursor(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	archiveAt(t, dir, 6,
		`INSERT INTO source (id) VALUES ('iha')`,
		`INSERT INTO cluster (id, first_article_id, created_at, size) VALUES ('c', 'a1', '2020-06-13T12:00:00.000000000Z', 3)`,
		`INSERT INTO article (id, seq, source_id, url, canonical_url, first_seen_at, cluster_id) VALUES
			('a1', 1, 'iha', 'https://iha.example/1', 'https://iha.example/1', '2020-06-13T12:00:00.000000000Z', 'c'),
			('a2', 5, 'iha', 'https://iha.example/2', 'https://iha.example/2', '2020-06-13T13:00:00.000000000Z', 'c'),
			('a3', 4, 'iha', 'https://iha.example/3', 'https://iha.example/3', '2020-06-13T14:00:00.000000000Z', 'c')`)
	a := openAt(t, dir)
	got, err := a.Changes(ctx, 1, MaxPage)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "a3" || got[0].ChangeSeq != 4 || got[1].ID != "a2" || got[1].ChangeSeq != 5 {
		t.Fatalf("changes after 1: %+v, want a3 at 4 then a2 at 5", got)
	}
	stored, _, err := a.Put(ctx, newArticle(t, "iha", "https://iha.example/4", "yeni haber"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Seq != 6 || stored.ChangeSeq != 6 {
		t.Errorf("new article: seq %d change %d, want 6 and 6", stored.Seq, stored.ChangeSeq)
	}
}
