package archive

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/internal/dirsnap"
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
		if _, err := db.ExecContext(ctx, m.sql); err != nil {
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

// released are the SHA-256 sums of the steps released so far. A step is
// never edited once released (see migrations); add its sum here when it
// ships.
var released = []string{
	"3c167ddb3a4d3ec5e6ebb0e8496c7062d2c93c66905b056ca46e8d0284e1300c",
	"fa714afd78cfa6a7e5a827d638d6e24958518f4513596b77d7d4705bdb1a328d",
	"4d4a6b64a11a535c9e9529c502ced1788e4777b0fc3076166ee3902c9fcb91ca",
	"82d217307b899d29ff382561e3b0b9ba58e9eaf749dcb54ba0bc72fdd4df0273",
	"27facff81071eb16555bf0c924119de74d2ecb310a8f615bb68dfe72ebebd369",
	"ecf3231bcf073f76186243cca9a3abf086433819748e8ba05bc21d3b0e37792c",
	"c22bcfa0c8ac830226043b2b31e8caa922805ce139742f6f0c8d96eae471970a",
}

func TestReleasedStepsUnchanged(t *testing.T) {
	if len(migrations) < len(released) {
		t.Fatalf("%d steps, %d were released: a step was removed", len(migrations), len(released))
	}
	for i, sum := range released {
		if got := fmt.Sprintf("%x", sha256.Sum256([]byte(migrations[i].sql))); got != sum {
			t.Errorf("step %d (%s) was edited after its release: append a new step instead", i+1, migrations[i].name)
		}
	}
}

// TestOpenNewerSchema opens an archive that a newer haberci migrated one
// step further: Open and OpenReader refuse it with a message that says
// so, and every file stays byte for byte as it was, none added.
func TestOpenNewerSchema(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := openAt(t, dir)
	if _, _, err := a.Put(ctx, newArticle(t, "iha", "https://iha.example/1", seedBody(t)), []article.Response{pageResponse(t, "https://iha.example/1")}); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	future := len(migrations) + 1
	db, err := openDB(ctx, filepath.Join(dir, "haberci.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE from_the_future (x INTEGER); PRAGMA user_version = `+strconv.Itoa(future)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := dirsnap.Take(t, dir)

	_, err = Open(ctx, dir)
	var se *SchemaError
	if !errors.Is(err, ErrNewerSchema) || !errors.As(err, &se) || se.Step != future {
		t.Fatalf("Open: %v, want a SchemaError at step %d", err, future)
	}
	for _, want := range []string{"schema step " + strconv.Itoa(future), "knows steps up to " + strconv.Itoa(len(migrations)), "newer version"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Open: %q does not say %q", err, want)
		}
	}
	if _, err := OpenReader(ctx, dir); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("OpenReader: %v, want ErrNewerSchema", err)
	}
	before.Unchanged(t)
}

// TestOpenReportsStep: an archive opened is at the last step, and a
// reader of an older one is told to migrate it first.
func TestOpenReportsStep(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	archiveAt(t, dir, 1)
	if _, err := OpenReader(ctx, dir); !errors.Is(err, ErrNoArchive) || !strings.Contains(err.Error(), "schema step 1") {
		t.Errorf("OpenReader of a step-1 archive: %v", err)
	}
	a := openAt(t, dir)
	if n, err := a.SchemaStep(ctx); err != nil || n != SchemaSteps() || SchemaName(n) == "" {
		t.Errorf("SchemaStep = %d (%q), %v; want %d", n, SchemaName(n), err, SchemaSteps())
	}
}
