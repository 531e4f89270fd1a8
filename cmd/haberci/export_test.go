package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
)

// archived reads every article and its captures from the data directory.
func archived(t *testing.T, dataDir string) ([]*article.Article, map[string][]article.Capture) {
	t.Helper()
	r, err := archive.OpenReader(context.Background(), dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var arts []*article.Article
	caps := map[string][]article.Capture{}
	err = r.Iterate(context.Background(), archive.Filter{}, func(a *article.Article, c []article.Capture) error {
		arts, caps[a.ID] = append(arts, a), c
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return arts, caps
}

func TestExportJSONLRoundTrip(t *testing.T) {
	cfgPath, cfg := crawled(t)
	want, wantCaps := archived(t, cfg.DataDir)
	out := haberci(t, 0, "export", "--format", "jsonl", "--config", cfgPath)
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 16<<20)
	i := 0
	for ; sc.Scan(); i++ {
		var rec exportRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if i >= len(want) {
			t.Fatalf("more lines than the %d archived articles", len(want))
		}
		got := *rec.Article
		got.Seq = rec.Seq
		got.ChangeSeq = want[i].ChangeSeq // the index's cursor: not exported
		if _, err := fmt.Sscanf(rec.SimHash, "%x", &got.SimHash); err != nil {
			t.Fatalf("simhash %q: %v", rec.SimHash, err)
		}
		if !reflect.DeepEqual(&got, want[i]) {
			t.Errorf("line %d:\n got %+v\nwant %+v", i+1, got, *want[i])
		}
		if w := wantCaps[got.ID]; (len(w) > 0 || len(rec.Captures) > 0) && !reflect.DeepEqual(rec.Captures, w) {
			t.Errorf("line %d: captures %+v, want %+v", i+1, rec.Captures, wantCaps[got.ID])
		}
	}
	if i != len(want) || len(want) < 5 {
		t.Errorf("%d lines, %d archived articles", i, len(want))
	}
}

func TestExportCSV(t *testing.T) {
	cfgPath, cfg := crawled(t)
	want, _ := archived(t, cfg.DataDir)
	path := filepath.Join(t.TempDir(), "haberler.csv")
	haberci(t, 0, "export", "--format", "csv", "--out", path, "--config", cfgPath)
	rows := readCSVFile(t, path)
	if !slices.Equal(rows[0], csvHeader) || len(rows) != len(want)+1 {
		t.Fatalf("header %v, %d rows; want %d articles", rows[0], len(rows)-1, len(want))
	}
	for i, a := range want {
		r := rows[i+1]
		if r[0] != a.ID || r[1] != strconv.FormatInt(a.Seq, 10) || r[6] != a.Title || r[8] != a.Body ||
			r[9] != strings.Join(a.Authors, "; ") || r[10] != csvTime(a.PublishedAt) {
			t.Errorf("row %d differs from article %s", i+1, a.ID)
		}
	}
}

// readCSVFile reads every row of the CSV file at path.
func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestExportFilters(t *testing.T) {
	cfgPath, cfg := crawled(t)
	all, _ := archived(t, cfg.DataDir)
	slugs := func(out string) []string {
		var got []string
		for line := range strings.Lines(out) {
			var rec exportRecord
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatal(err)
			}
			got = append(got, rec.URL[strings.LastIndex(rec.URL, "/")+1:])
		}
		slices.Sort(got)
		return got
	}
	tests := map[string]struct {
		args []string
		want []string
	}{
		"source":           {[]string{"--source", "yerel-atom"}, []string{"saglik-c5", "spor-c5"}},
		"two sources":      {[]string{"--source", "yerel-atom", "--source", "yerel-1254"}, []string{"saglik-c5", "siyaset-c3", "spor-c5"}},
		"date range":       {[]string{"--from", "2020-06-20", "--to", "2020-06-20"}, []string{"ajans-calistay", "kopya-calistay"}},
		"query":            {[]string{"--query", "dermatoloji"}, []string{"saglik-c5"}},
		"query and source": {[]string{"--query", "çalıştay", "--source", "yerel-rss"}, []string{"ajans-calistay", "kopya-calistay"}},
		"nothing":          {[]string{"--source", "yok"}, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out := haberci(t, 0, append([]string{"export", "--format", "jsonl", "--config", cfgPath}, tc.args...)...)
			if got := slugs(out); !slices.Equal(got, tc.want) {
				t.Errorf("exported %v, want %v (of %d)", got, tc.want, len(all))
			}
		})
	}
}

func TestExportUsage(t *testing.T) {
	tests := map[string][]string{
		"no format":        {"export"},
		"unknown format":   {"export", "--format", "xml"},
		"warc needs out":   {"export", "--format", "warc"},
		"warc out suffix":  {"export", "--format", "warc", "--out", "x.warc"},
		"bad date":         {"export", "--format", "csv", "--from", "dün"},
		"to before from":   {"export", "--format", "csv", "--from", "2021-01-02", "--to", "2021-01-01"},
		"backup needs dir": {"backup"},
		"check takes none": {"check", "x"},
	}
	for name, args := range tests {
		t.Run(name, func(t *testing.T) {
			if code, _, errOut := runCLI(args...); code != 2 {
				t.Errorf("exit %d, want 2 (%s)", code, errOut)
			}
		})
	}
}

func TestExportWARCRoundTrip(t *testing.T) {
	cfgPath, cfg := crawled(t)
	_, caps := archived(t, cfg.DataDir)
	byDigest := map[string]article.Capture{}
	total := 0
	for _, cs := range caps {
		for _, c := range cs {
			byDigest[c.Digest+" "+c.URL] = c
			total++
		}
	}
	for name, chunk := range map[string]int{"sorted in memory": cdxChunk, "merged from runs on disk": 3} {
		t.Run(name, func(t *testing.T) {
			defer func(n int) { cdxChunk = n }(cdxChunk)
			cdxChunk = chunk
			dir := t.TempDir()
			out := filepath.Join(dir, "haberci-export.warc.gz")
			haberci(t, 0, "export", "--format", "warc", "--out", out, "--config", cfgPath)
			b, err := os.ReadFile(filepath.Join(dir, "haberci-export.cdx"))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
			if lines[0] != " CDX N b a m s k r M S V g" || len(lines)-1 != total {
				t.Fatalf("CDX header %q, %d lines; want %d captures", lines[0], len(lines)-1, total)
			}
			if !slices.IsSorted(lines[1:]) {
				t.Errorf("CDX lines are not sorted:\n%s", b)
			}
			for _, line := range lines[1:] {
				f := strings.Split(line, " ")
				if len(f) != 11 || f[10] != "haberci-export.warc.gz" || f[0] != surt(f[2]) {
					t.Fatalf("CDX line %q", line)
				}
				length, _ := strconv.ParseInt(f[8], 10, 64)
				off, _ := strconv.ParseInt(f[9], 10, 64)
				rec, err := warc.ReadRecord(out, off, length)
				if err != nil {
					t.Fatalf("record at %d: %v", off, err)
				}
				c, ok := byDigest["sha1:"+f[5]+" "+f[2]]
				if !ok || warc.Digest(rec.Payload) != c.Digest || rec.Header.Get("WARC-Target-URI") != c.URL ||
					strconv.Itoa(rec.HTTPStatus) != f[4] || f[1] != c.FetchedAt.Format("20060102150405") {
					t.Errorf("record at %d does not match its CDX line %q", off, line)
				}
				// Byte for byte: the member is the one in the archive's file.
				src, _ := os.ReadFile(filepath.Join(cfg.DataDir, "warc", c.WARCFile))
				dst, _ := os.ReadFile(out)
				if string(src[c.Offset:c.Offset+c.Length]) != string(dst[off:off+length]) {
					t.Errorf("record at %d is not a byte copy of %s:%d", off, c.WARCFile, c.Offset)
				}
			}
			if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) > 0 {
				t.Errorf("temporary files left behind: %v", leftovers)
			}
		})
	}
}

func TestSURT(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"www and case":       {"https://www.Example.ORG/Haber/1", "org,example)/haber/1"},
		"query sorted":       {"http://example.org/haber?id=2&cat=a", "org,example)/haber?cat=a&id=2"},
		"default port":       {"https://example.org:443/", "org,example)/"},
		"other port":         {"http://127.0.0.1:8080/rss.xml", "1,0,0,127:8080)/rss.xml"},
		"no path":            {"https://aa.com.tr", "tr,com,aa)/"},
		"fragment dropped":   {"https://example.org/a#b", "org,example)/a"},
		"escaped turkish":    {"https://example.org/haber/%C3%A7al%C4%B1%C5%9Ftay", "org,example)/haber/%c3%a7al%c4%b1%c5%9ftay"},
		"www as the host":    {"http://www/x", "www)/x"},
		"subdomain kept":     {"https://haber.kartal.bel.tr/x", "tr,bel,kartal,haber)/x"},
		"not a url, kept":    {"urn:x:y", "urn:x:y"},
		"space in the query": {"https://example.org/?q=a b", "org,example)/?q=a%20b"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := surt(tc.in); got != tc.want {
				t.Errorf("surt(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
