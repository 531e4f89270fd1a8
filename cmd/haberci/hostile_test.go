package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/crawler/canon"
)

// formulaArchive writes a data directory whose two copies of one story
// carry a formula as title and author, as a hostile page could.
func formulaArchive(t *testing.T) (cfgPath, id string) {
	t.Helper()
	dir := t.TempDir()
	cfgPath = filepath.Join(dir, "haberci.yaml")
	if err := os.WriteFile(cfgPath, []byte("data_dir: "+dir+"/data\nsources: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ar, err := archive.Open(ctx, dir+"/data")
	if err != nil {
		t.Fatal(err)
	}
	defer ar.Close()
	body := "Büyükşehir belediyesi bütçe tablosunu meclise sundu. Bütçe görüşmeleri yarın sürecek.\n\nKaynak: İHA"
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i, src := range []string{"ajans", "belediye"} {
		u := "https://example.org/" + src + "/butce"
		a := &article.Article{ID: canon.ID(u), SourceID: src, URL: u, CanonicalURL: u,
			Title: `=HYPERLINK("http://evil.example/","Bütçe tablosu")`, Authors: []string{"@SUM(1+1)"},
			Body: body, PublishedAt: day.Add(time.Duration(i) * time.Hour), Language: "tr", Agency: "İHA"}
		got, _, err := ar.Put(ctx, a, nil)
		if err != nil {
			t.Fatal(err)
		}
		id = got.ID
	}
	return cfgPath, id
}

// readCSV parses CSV output and returns the column named col of each row.
func readCSV(t *testing.T, out, col string) []string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("CSV %v: %q", err, out)
	}
	at := -1
	for i, h := range recs[0] {
		if h == col {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("no column %s in %v", col, recs[0])
	}
	var vals []string
	for _, r := range recs[1:] {
		vals = append(vals, r[at])
	}
	return vals
}

// TestCSVDefusesFormulas: every CSV the CLI writes reads back with the
// formula as text.
func TestCSVDefusesFormulas(t *testing.T) {
	cfgPath, id := formulaArchive(t)
	const title = `'=HYPERLINK("http://evil.example/","Bütçe tablosu")`
	tests := map[string]struct {
		args     []string
		col, val string
	}{
		"coverage of an article": {[]string{"coverage", "--csv", "--config", cfgPath, id}, "title", title},
		"coverage of a query":    {[]string{"coverage", "--csv", "--config", cfgPath, "bütçe"}, "title", title},
		"export title":           {[]string{"export", "--format", "csv", "--config", cfgPath}, "title", title},
		"export authors":         {[]string{"export", "--format", "csv", "--config", cfgPath}, "authors", "'@SUM(1+1)"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runCLI(tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, v := range readCSV(t, out, tc.col) {
				if v != tc.val {
					t.Errorf("%s = %q, want %q", tc.col, v, tc.val)
				}
			}
		})
	}
}

// TestCLIRefusesWhatTheAPIRefuses: the CLI reads dates and sizes with the
// API's parser and says which flag or parameter is wrong.
func TestCLIRefusesWhatTheAPIRefuses(t *testing.T) {
	cfgPath, _ := formulaArchive(t)
	tests := map[string]struct {
		args []string
		code int
		want string
	}{
		"export from 3000": {[]string{"export", "--format", "csv", "--from", "3000-01-01", "--config", cfgPath}, 2, "--from: want a date"},
		"export to 0001":   {[]string{"export", "--format", "jsonl", "--to", "0001-01-01", "--config", cfgPath}, 2, "--to: want a date"},
		"search date:9999": {[]string{"search", "--config", cfgPath, "date:9999"}, 2, "dates from 1900 to 2200 only"},
		"search limit 0":   {[]string{"search", "--config", cfgPath, "--limit", "0", "bütçe"}, 2, "size: must be a whole number from 1 to 100"},
		"coverage 9999":    {[]string{"coverage", "--config", cfgPath, "date:9999"}, 2, "dates from 1900 to 2200 only"},
		"one result":       {[]string{"search", "--config", cfgPath, "source:ajans"}, 0, "1 result ("},
		"two results":      {[]string{"search", "--config", cfgPath, "bütçe"}, 0, "2 results ("},
		"one story":        {[]string{"coverage", "--config", cfgPath, "bütçe"}, 0, "1 story\n"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runCLI(tc.args...)
			if code != tc.code || !strings.Contains(out+errOut, tc.want) {
				t.Errorf("exit %d, want %d with %q:\n%s%s", code, tc.code, tc.want, out, errOut)
			}
		})
	}
}
