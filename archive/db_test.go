package archive

import (
	"context"
	"testing"
)

// TestWritePragmas checks the write connection's settings, which decide
// durability (WAL, synchronous=FULL) and the writer's cost per commit.
func TestWritePragmas(t *testing.T) {
	a, _ := openTemp(t)
	tests := map[string]struct {
		pragma, want string
	}{
		"journal in WAL":              {"journal_mode", "wal"},
		"every commit synced":         {"synchronous", "2"},
		"checkpoint every 40 MiB":     {"wal_autocheckpoint", "10000"},
		"64 MiB page cache":           {"cache_size", "-65536"},
		"statement journal in memory": {"temp_store", "2"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got string
			if err := a.write.QueryRowContext(context.Background(), "PRAGMA "+tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("PRAGMA %s = %s, want %s", tc.pragma, got, tc.want)
			}
		})
	}
}
