package archive

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
)

func TestFetchStateRoundTrip(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	st, err := a.FetchState(ctx, "iha-gundem")
	if err != nil || !reflect.DeepEqual(st, article.FetchState{SourceID: "iha-gundem"}) {
		t.Fatalf("unknown source: %+v, %v; want the zero state", st, err)
	}
	ist := time.FixedZone("TRT", 3*3600)
	tests := map[string]article.FetchState{
		"first fetch": {SourceID: "iha-gundem", ETag: `W/"5e8f-17a"`, LastModified: "Sat, 13 Jun 2020 12:00:00 GMT",
			LastFetchAt: time.Date(2020, 6, 13, 15, 0, 0, 1, ist), LastStatus: 200},
		"failing": {SourceID: "iha-gundem", LastFetchAt: time.Date(2020, 6, 13, 16, 0, 0, 0, ist), LastStatus: 429,
			LastError: "fetch: 429 Too Many Requests", ConsecutiveFailures: 3,
			NextAllowedAt: time.Date(2020, 6, 13, 17, 0, 0, 0, time.UTC)},
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if err := a.SaveFetchState(ctx, in); err != nil {
				t.Fatal(err)
			}
			got, err := a.FetchState(ctx, in.SourceID)
			want := in
			want.LastFetchAt, want.NextAllowedAt = utc(in.LastFetchAt), utc(in.NextAllowedAt)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("FetchState = %+v, %v; want %+v", got, err, want)
			}
		})
	}
	if err := a.SaveFetchState(ctx, article.FetchState{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("state without source: %v, want ErrInvalid", err)
	}
}

func TestSyncSourcesAndCounts(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	srcs := []SourceInfo{
		{ID: "iha-gundem", Name: "İHA Gündem", Type: "feed", URL: "https://example.org/rss/gundem", Schedule: "*/10 * * * *", Options: `{"fulltext":true}`},
		{ID: "kartal-bel", Name: "Kartal", Type: "html", URL: "https://example.org/haberler", Schedule: "@every 15m"},
	}
	if err := a.SyncSources(ctx, srcs); err != nil {
		t.Fatal(err)
	}
	state := article.FetchState{SourceID: "iha-gundem", ETag: `"e1"`, LastStatus: 200, LastFetchAt: time.Date(2020, 6, 13, 1, 2, 3, 0, time.UTC)}
	if err := a.SaveFetchState(ctx, state); err != nil {
		t.Fatal(err)
	}
	srcs[1].Name = "Kartal Belediyesi"
	srcs[1].Options = `{"max_pages":20}`
	if err := a.SyncSources(ctx, srcs[1:]); err != nil {
		t.Fatal(err)
	}
	for _, url := range []string{"https://example.org/1", "https://example.org/2"} {
		if _, _, err := a.Put(ctx, newArticle(t, "kartal-bel", url, url), nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := a.Put(ctx, newArticle(t, "unsynced", "https://example.org/3", "x"), nil); err != nil {
		t.Fatal(err)
	}

	rows := map[string]SourceInfo{}
	r, err := a.read.QueryContext(ctx, `SELECT id, name, type, url, schedule, options FROM source`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var s SourceInfo
		r.Scan(&s.ID, &s.Name, &s.Type, &s.URL, &s.Schedule, &s.Options)
		rows[s.ID] = s
	}
	r.Close()
	want := map[string]SourceInfo{
		"iha-gundem": srcs[0],
		"kartal-bel": srcs[1],
		"unsynced":   {ID: "unsynced", Options: "{}"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("source rows %+v, want %+v", rows, want)
	}
	if got, _ := a.FetchState(ctx, "iha-gundem"); !reflect.DeepEqual(got, state) {
		t.Errorf("fetch state after re-sync %+v, want %+v", got, state)
	}
	counts, err := a.CountsBySource(ctx)
	if err != nil || !reflect.DeepEqual(counts, map[string]int64{"iha-gundem": 0, "kartal-bel": 2, "unsynced": 1}) {
		t.Errorf("CountsBySource = %v, %v", counts, err)
	}
	for name, bad := range map[string]SourceInfo{"no ID": {Name: "x"}, "options not JSON": {ID: "x", Options: "{fulltext"}} {
		if err := a.SyncSources(ctx, []SourceInfo{bad}); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}

func TestAddCaptures(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	feed := article.Response{URL: "https://example.org/feed.atom", Status: 200,
		Header: [][2]string{{"Content-Type", "application/atom+xml"}}, Body: fixture(t, "small_atom.xml")}
	if err := a.AddCaptures(ctx, "ornek", []article.Response{feed}); err != nil {
		t.Fatal(err)
	}
	var (
		articleID      *string
		source, file   string
		offset, length int64
	)
	err := a.read.QueryRowContext(ctx, `SELECT article_id, source_id, warc_file, "offset", length FROM capture`).
		Scan(&articleID, &source, &file, &offset, &length)
	if err != nil || articleID != nil || source != "ornek" {
		t.Fatalf("capture row: article %v source %q (%v)", articleID, source, err)
	}
	rec, err := warc.ReadRecord(a.WARCPath(file), offset, length)
	if err != nil || !bytes.Equal(rec.Payload, feed.Body) {
		t.Errorf("feed capture: %v", err)
	}
	if err := a.AddCaptures(ctx, "", []article.Response{feed}); !errors.Is(err, ErrInvalid) {
		t.Errorf("no source: %v, want ErrInvalid", err)
	}
}

func TestContentHash(t *testing.T) {
	base := ContentHash("İstanbul'da IŞIK ve Irak\n\nhaberi.")
	tests := map[string]struct {
		body string
		same bool
	}{
		"identical":                 {"İstanbul'da IŞIK ve Irak\n\nhaberi.", true},
		"other spacing":             {"  İstanbul'da\tIŞIK ve\u00a0Irak haberi.\r\n", true},
		"turkish lower case":        {"istanbul'da ışık ve ırak haberi.", true},
		"decomposed İ (NFD)":        {"I\u0307stanbul'da IŞIK ve Irak haberi.", true},
		"BOM and zero-width space":  {"\ufeffİstanbul'da IŞIK\u200b ve Irak haberi.", true},
		"dotless vs dotted i":       {"istanbul'da isik ve irak haberi.", false},
		"one word different":        {"İstanbul'da IŞIK ve İran haberi.", false},
		"punctuation is kept apart": {"İstanbul'da IŞIK ve Irak haberi", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := ContentHash(tc.body); (got == base) != tc.same {
				t.Errorf("ContentHash(%q) = %s, base %s, same=%v wanted", tc.body, got, base, tc.same)
			}
		})
	}
	if len(base) != 64 {
		t.Errorf("hash %q is not hex SHA-256", base)
	}
	if ContentHash(" \n\t\ufeff") != "" {
		t.Error("a body with no text must have no hash")
	}
}
