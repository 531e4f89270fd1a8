package archive

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestIntegrityClean(t *testing.T) {
	a, _ := openTemp(t)
	putSeries(t, a, 3)
	problems, err := a.Integrity(context.Background())
	if err != nil || len(problems) != 0 {
		t.Errorf("Integrity = %v, %v; want none", problems, err)
	}
}

// TestVerifyCaptures: a damaged WARC file is in the shared suite
// (archivetest); a row pointing at another record is the SQLite archive's.
func TestVerifyCaptures(t *testing.T) {
	tests := map[string]struct {
		damage  func(t *testing.T, a *Archive, path string, off, n int64)
		wantErr error
		wantBad int // the first article's capture first
	}{
		"row points at another record": {
			damage: func(t *testing.T, a *Archive, _ string, off, _ int64) {
				// Both rows now point at the second capture's record.
				if _, err := a.write.Exec(`UPDATE capture SET "offset" = (SELECT MAX("offset") FROM capture),
					length = (SELECT length FROM capture ORDER BY "offset" DESC LIMIT 1) WHERE "offset" = ?`, off); err != nil {
					t.Fatal(err)
				}
			},
			wantErr: ErrCaptureMismatch, wantBad: 1,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			a, _ := openTemp(t)
			arts := putSeries(t, a, 2)
			_, caps, err := a.Get(ctx, arts[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			var clean []CaptureProblem
			if n, err := a.VerifyCaptures(ctx, func(p CaptureProblem) { clean = append(clean, p) }); err != nil || n != 2 || len(clean) != 0 {
				t.Fatalf("before damage: checked %d, problems %v, err %v", n, clean, err)
			}
			c := caps[0]
			tc.damage(t, a, a.WARCPath(c.WARCFile), c.Offset, c.Length)
			var got []CaptureProblem
			n, err := a.VerifyCaptures(ctx, func(p CaptureProblem) { got = append(got, p) })
			if err != nil || n != 2 {
				t.Fatalf("checked %d, err %v", n, err)
			}
			if len(got) != tc.wantBad || got[0].ArticleID != arts[0].ID {
				t.Fatalf("problems %+v, want %d, the first for %s", got, tc.wantBad, arts[0].ID)
			}
			for _, p := range got {
				if !errors.Is(p.Err, tc.wantErr) {
					t.Errorf("capture %d: %v, want %v", p.RowID, p.Err, tc.wantErr)
				}
			}
		})
	}
}

// Integrity finds a cluster whose size is not its members' count and
// whose first article is gone, as the PostgreSQL archive's does.
func TestIntegrityFindsDamage(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	arts := putSeries(t, a, 2) // near copies: one cluster
	c := arts[0].ClusterID
	if arts[1].ClusterID != c {
		t.Fatalf("clusters %s and %s, want one", c, arts[1].ClusterID)
	}
	if problems, err := a.Integrity(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("Integrity before damage = %v, %v", problems, err)
	}
	if _, err := a.write.Exec(`UPDATE cluster SET size = 3, first_article_id = 'gone' WHERE id = ?`, c); err != nil {
		t.Fatal(err)
	}
	problems, err := a.Integrity(ctx)
	want := []string{
		fmt.Sprintf("cluster %s has size 3 but 2 members", c),
		fmt.Sprintf("cluster %s: first article gone is not among its members", c),
	}
	if err != nil || !slices.Equal(problems, want) {
		t.Errorf("Integrity = %q, %v; want %q", problems, err, want)
	}
}
