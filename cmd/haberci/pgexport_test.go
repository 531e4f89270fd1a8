package main

import (
	"bufio"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/internal/pgtest"
)

// exportJSONL runs export --format jsonl with args and reads its records.
func exportJSONL(t *testing.T, cfgPath string, args ...string) []exportRecord {
	t.Helper()
	out := haberci(t, 0, append([]string{"export", "--format", "jsonl", "--config", cfgPath}, args...)...)
	var recs []exportRecord
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var rec exportRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("export %v: %v", args, err)
		}
		recs = append(recs, rec)
	}
	return recs
}

// crawlRecords keys two crawls' records of one site by article id, with
// what differs between two crawls taken out: each store's Seq, when the
// pages were seen and fetched, where their records are in which WARC file,
// and cluster ids (the partition is compared by clusterSets).
func crawlRecords(recs []exportRecord) map[string]exportRecord {
	out := make(map[string]exportRecord, len(recs))
	for _, r := range recs {
		a := *r.Article
		a.FirstSeenAt, a.UpdatedAt, a.ClusterID = time.Time{}, time.Time{}, ""
		caps := make([]article.Capture, len(r.Captures))
		for i, c := range r.Captures {
			caps[i] = article.Capture{URL: c.URL, Status: c.Status, ContentType: c.ContentType, Digest: c.Digest}
		}
		out[a.ID] = exportRecord{Article: &a, SimHash: r.SimHash, Captures: caps}
	}
	return out
}

// clusterSets is the partition of the records' articles into clusters:
// each cluster as its sorted member ids, the clusters sorted.
func clusterSets(recs []exportRecord) []string {
	members := map[string][]string{}
	for _, r := range recs {
		members[r.ClusterID] = append(members[r.ClusterID], r.ID)
	}
	var sets []string
	for _, ids := range members {
		slices.Sort(ids)
		sets = append(sets, strings.Join(ids, " "))
	}
	slices.Sort(sets)
	return sets
}

// exportCSV runs export --format csv with args and returns its rows by
// article id, without the columns two crawls differ in (seq, first_seen_at,
// updated_at, cluster_id).
func exportCSV(t *testing.T, cfgPath string, args ...string) map[string][]string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "haberler.csv")
	haberci(t, 0, append([]string{"export", "--format", "csv", "--out", path, "--config", cfgPath}, args...)...)
	rows := readCSVFile(t, path)
	if !slices.Equal(rows[0], csvHeader) {
		t.Fatalf("CSV header %v", rows[0])
	}
	out := map[string][]string{}
	for _, r := range rows[1:] {
		r[1], r[11], r[12], r[19] = "", "", "", ""
		out[r[0]] = r
	}
	return out
}

// exportWARC runs export --format warc with args, reads every record back
// at its CDX line's offset, checks that its payload has the line's digest,
// and returns the lines without what two crawls differ in (date, length,
// offset), sorted.
func exportWARC(t *testing.T, cfgPath string, args ...string) []string {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "haberci-export.warc.gz")
	haberci(t, 0, append([]string{"export", "--format", "warc", "--out", out, "--config", cfgPath}, args...)...)
	b, err := os.ReadFile(filepath.Join(dir, "haberci-export.cdx"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")[1:] {
		f := strings.Split(line, " ")
		if len(f) != 11 {
			t.Fatalf("CDX line %q", line)
		}
		length, _ := strconv.ParseInt(f[8], 10, 64)
		off, _ := strconv.ParseInt(f[9], 10, 64)
		rec, err := warc.ReadRecord(out, off, length)
		if err != nil || warc.Digest(rec.Payload) != "sha1:"+f[5] || rec.Header.Get("WARC-Target-URI") != f[2] {
			t.Errorf("record of CDX line %q: %v", line, err)
		}
		f[1], f[8], f[9] = "", "", ""
		lines = append(lines, strings.Join(f, " "))
	}
	slices.Sort(lines)
	return lines
}

// With database: in the config, export gives what it gives on SQLite: the
// same site crawled into PostgreSQL and into SQLite exports the same
// articles with the same fields in JSON lines and CSV, and the same
// records in WARC, with and without a query, a date range and a source,
// both with the data directory free and beside a running node (the query
// then goes through the node's API). Each store's Seq, the crawl's times,
// WARC offsets and cluster ids differ between two crawls; the cluster
// partition does not.
func TestExportPostgres(t *testing.T) {
	s := newSite(t)
	base := writeConfig(t, s.URL)
	haberci(t, 0, "crawl", "--config", base)
	pgPath := configAt(t, configWith(t, base, "database: "+pgtest.URL(t)+"\nnode: dugum-1\nwarc_dir: "+
		filepath.Join(t.TempDir(), "warc")+"\n"), filepath.Join(t.TempDir(), "data"))
	haberci(t, 0, "crawl", "--config", pgPath)

	cases := map[string][]string{
		"all":              nil,
		"date range":       {"--from", "2020-06-20", "--to", "2020-06-20"},
		"source":           {"--source", "yerel-atom"},
		"query":            {"--query", "dermatoloji"},
		"query and source": {"--query", "çalıştay", "--source", "yerel-rss"},
	}
	pgAll := exportJSONL(t, pgPath)
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			want, got := exportJSONL(t, base, args...), exportJSONL(t, pgPath, args...)
			if len(want) == 0 || (name != "all" && len(want) == len(pgAll)) {
				t.Fatalf("SQLite exported %d of %d articles: the case selects nothing", len(want), len(pgAll))
			}
			if w, g := crawlRecords(want), crawlRecords(got); !reflect.DeepEqual(w, g) {
				for id := range maps.Keys(w) {
					if !reflect.DeepEqual(w[id], g[id]) {
						t.Errorf("article %s:\nSQLite     %+v %+v\nPostgreSQL %+v %+v", id, w[id].Article, w[id].Captures, g[id].Article, g[id].Captures)
					}
				}
				t.Fatalf("PostgreSQL exported %d articles, SQLite %d", len(g), len(w))
			}
			if w, g := clusterSets(want), clusterSets(got); !slices.Equal(w, g) {
				t.Errorf("clusters on PostgreSQL %v, on SQLite %v", g, w)
			}
			for i := 1; i < len(got) && !strings.HasPrefix(name, "query"); i++ {
				if got[i].Seq <= got[i-1].Seq {
					t.Errorf("PostgreSQL export out of Seq order at line %d: %d after %d", i+1, got[i].Seq, got[i-1].Seq)
				}
			}
			if w, g := exportCSV(t, base, args...), exportCSV(t, pgPath, args...); !reflect.DeepEqual(w, g) {
				t.Errorf("CSV on PostgreSQL:\n%v\non SQLite:\n%v", g, w)
			}
			if w, g := exportWARC(t, base, args...), exportWARC(t, pgPath, args...); len(w) == 0 || !slices.Equal(w, g) {
				t.Errorf("WARC on PostgreSQL:\n%s\non SQLite:\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
			}
		})
	}

	// Beside the node: the same as with the data directory free.
	cfg, err := config.Load(pgPath)
	if err != nil {
		t.Fatal(err)
	}
	_, stop := startServe(t, cfg)
	defer stop()
	for name, args := range cases {
		want := crawlRecords(exportJSONL(t, base, args...))
		if got := crawlRecords(exportJSONL(t, pgPath, args...)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s beside the node: %d articles, want %d", name, len(got), len(want))
		}
	}
	if w, g := exportWARC(t, base), exportWARC(t, pgPath); !slices.Equal(w, g) {
		t.Errorf("WARC beside the node: %d records, want %d", len(g), len(w))
	}
}
