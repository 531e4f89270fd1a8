package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/sources"
)

// post sends a POST with a JSON body (none when body is "") and the token
// (none when ""), and returns the status and the answer.
func (f *fixture) post(t *testing.T, path, body, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

func TestAddSource(t *testing.T) {
	f := newFixture(t, "", nil)
	// Taken before the table: the table's cases may then run in any order.
	if st, body := f.post(t, "/api/v1/sources", `{"name":"İzmir Büyükşehir","type":"feed","url":"https://www.izmir.bel.tr/rss"}`, ""); st != 201 {
		t.Fatalf("first add: %d %s", st, body)
	}
	tests := map[string]struct {
		body   string
		status int
		id     string // the id of a 201
		msg    string // in the error message otherwise
	}{
		"id given":            {`{"id":"kartal-bel","name":"Kartal Belediyesi","type":"feed","url":"https://www.kartal.bel.tr/rss"}`, 201, "kartal-bel", ""},
		"name taken: suffix":  {`{"name":"İzmir Büyükşehir","type":"feed","url":"https://www.izmir.bel.tr/duyurular/rss"}`, 201, "izmir-buyuksehir-2", ""},
		"no name: from host":  {`{"type":"sitemap","url":"https://www.ibb.istanbul/sitemap.xml"}`, 201, "www-ibb-istanbul", ""},
		"html with options":   {`{"id":"konya","type":"html","url":"https://www.konya.bel.tr/haber","links":"a.haber","next":"a.sonraki","max_pages":3,"extract":{"content":"div.icerik"}}`, 201, "konya", ""},
		"id of a config one":  {`{"id":"ajans","type":"feed","url":"https://example.org/yeni.rss"}`, 409, "", "id: ajans is already a configured source's id"},
		"URL of a config one": {`{"name":"Kopya","type":"feed","url":"https://EXAMPLE.org:443/rss?utm_source=x"}`, 409, "", "url: configured source ajans already has this URL"},
		"URL of a run-time":   {`{"name":"Yine İzmir","type":"feed","url":"https://www.izmir.bel.tr/rss#ust"}`, 409, "", "url: source izmir-buyuksehir already has this URL"},
		"id of a run-time":    {`{"id":"izmir-buyuksehir","type":"feed","url":"https://example.org/izmir2"}`, 409, "", "id: izmir-buyuksehir is already a source's id"},
		"bad scheme":          {`{"name":"x","type":"feed","url":"ftp://example.org/rss"}`, 400, "", `url: URL "ftp://example.org/rss": want an http or https URL`},
		"html without links":  {`{"name":"y","type":"html","url":"https://example.org/h"}`, 400, "", "links: type html needs links"},
		"two problems":        {`{"id":"z","type":"podcast","url":"https://example.org/p","schedule":"her saat"}`, 400, "", `type: unknown type "podcast"`},
		"unknown key":         {`{"name":"w","type":"feed","url":"https://example.org/w","origin":"config"}`, 400, "", `origin: unknown key "origin"`},
		"localhost":           {`{"name":"yerel","type":"feed","url":"http://localhost:8080/rss"}`, 400, "", `url: "localhost" is a loopback` + ", private or link-local address"},
		"private IP":          {`{"name":"yerel","type":"feed","url":"http://192.168.1.10/rss"}`, 400, "", `"192.168.1.10" is a loopback`},
		"metadata endpoint":   {`{"name":"bulut","type":"feed","url":"http://169.254.169.254/latest/"}`, 400, "", "allow_private_sources"},
		"IPv6 loopback":       {`{"name":"yerel6","type":"feed","url":"http://[::1]/rss"}`, 400, "", `"::1" is a loopback`},
		"not JSON":            {`name: x`, 400, "", "want one JSON object"},
		"a list":              {`[{"name":"x"}]`, 400, "", "want one JSON object"},
		"two objects":         {`{"name":"x"} {"name":"y"}`, 400, "", "want one JSON object"},
		"null":                {`null`, 400, "", "want one JSON object"},
		"empty":               {``, 400, "", "want one JSON object"},
		"too large":           {`{"name":"` + strings.Repeat("x", maxSourceBody) + `"}`, 413, "", "body: larger than this endpoint takes"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			st, body := f.post(t, "/api/v1/sources", tc.body, "")
			if st != tc.status {
				t.Fatalf("status %d, want %d: %s", st, tc.status, body)
			}
			if st == 201 {
				var got SourceResponse
				if err := json.Unmarshal(body, &got); err != nil || got.ID != tc.id || got.Origin != "api" || got.Paused {
					t.Errorf("answer %s (%v), want id %s from the api, running", body, err, tc.id)
				}
				return
			}
			var e errorBody
			if err := json.Unmarshal(body, &e); err != nil || !strings.Contains(e.Error.Message, tc.msg) || strings.Contains(e.Error.Message, "config: request") {
				t.Errorf("error %s, want %q in its message", body, tc.msg)
			}
		})
	}
	t.Run("listed", func(t *testing.T) {
		var list SourcesResponse
		f.get(t, "/api/v1/sources", &list)
		origins := map[string]string{}
		for _, s := range list.Sources {
			origins[s.ID] = s.Origin
		}
		if len(list.Sources) != 7 || origins["ajans"] != "config" || origins["belediye"] != "config" || origins["izmir-buyuksehir-2"] != "api" ||
			list.Sources[0].ID != "ajans" || list.Sources[2].ID != "izmir-buyuksehir" {
			t.Errorf("listing %+v", list.Sources)
		}
	})
	t.Run("stored as the crawler runs it", func(t *testing.T) {
		all, _, err := sources.New(config.Default(), f.arch, nil, nil).Runnable(t.Context())
		srcs := all[len(config.Default().Sources):]
		if err != nil {
			t.Fatal(err)
		}
		var konya config.Source
		for _, s := range srcs {
			if s.ID == "konya" {
				konya = s
			}
		}
		if len(srcs) != 5 || konya.Origin != config.OriginAPI || konya.Links != "a.haber" || konya.MaxPages != 3 ||
			konya.Extract == nil || konya.Extract.Content != "div.icerik" || konya.Schedule != "@every 15m" || !konya.Fulltext {
			t.Errorf("stored sources %+v; konya %+v", srcs, konya)
		}
	})
}

func TestListKeepsEveryField(t *testing.T) {
	f := newFixture(t, "", nil)
	_, _, body := f.get(t, "/api/v1/sources", nil)
	var raw struct{ Sources []map[string]json.RawMessage }
	if err := json.Unmarshal(body, &raw); err != nil || len(raw.Sources) == 0 {
		t.Fatalf("%s: %v", body, err)
	}
	for _, k := range []string{"id", "name", "type", "url", "schedule", "article_count", "last_fetch_at", "last_status",
		"last_error", "consecutive_failures", "next_allowed_at", "paused", "origin"} {
		if _, ok := raw.Sources[0][k]; !ok {
			t.Errorf("field %q missing from %s", k, body)
		}
	}
	if string(raw.Sources[0]["paused"]) != "false" || string(raw.Sources[0]["origin"]) != `"config"` {
		t.Errorf("paused %s origin %s", raw.Sources[0]["paused"], raw.Sources[0]["origin"])
	}
}
