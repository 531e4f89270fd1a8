package index

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

func TestIDsAndMissing(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	arts := fixtureArticles(t)
	if err := ix.Apply(arts, int64(len(arts))); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, a := range arts {
		want = append(want, a.ID)
	}
	tests := map[string]struct{ page int }{
		"pages of two":     {2},
		"one page":         {len(arts) + 5},
		"default page":     {0},
		"pages of one doc": {1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got []string
			err := ix.IDs(context.Background(), tc.page, func(ids []string) error {
				if tc.page > 0 && len(ids) > tc.page {
					t.Errorf("page of %d ids, want at most %d", len(ids), tc.page)
				}
				got = append(got, ids...)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			w := slices.Sorted(slices.Values(want))
			if !slices.Equal(got, w) {
				t.Errorf("IDs = %v, want %v", got, w)
			}
		})
	}
	missing, err := ix.Missing([]string{"yok", arts[0].ID, arts[1].ID, "yok-2"})
	if err != nil || !slices.Equal(missing, []string{"yok", "yok-2"}) {
		t.Errorf("Missing = %v, %v", missing, err)
	}
}
