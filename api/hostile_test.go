package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// do sends one request with optional body and headers and returns the
// status, the decoded error body (zero for a success) and the raw body.
func (f *fixture) do(t *testing.T, method, path, body string, header http.Header) (int, errorBody, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var e errorBody
	if resp.StatusCode >= 300 && resp.StatusCode != http.StatusNoContent {
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s %s: %d answered as %q: %.200s", method, path, resp.StatusCode, ct, raw)
		}
		if err := json.Unmarshal(raw, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
			t.Errorf("%s %s: %d not in the JSON error shape: %.200s", method, path, resp.StatusCode, raw)
		}
	}
	return resp.StatusCode, e, raw
}

// TestHostileRequests: what a careless or hostile client sends is a 4xx in
// the contract's shape, naming the parameter at fault, quoting little.
func TestHostileRequests(t *testing.T) {
	f := newFixture(t, "", nil)
	huge := strings.Repeat("A", 40<<10)
	tests := map[string]struct {
		method, path, body string
		header             http.Header
		status             int
		msg                string // prefix of the error message
	}{
		"stray %":             {"GET", "/api/v1/search?q=zab%C4%B1ta%2050%", "", nil, 400, "q: invalid %-escape"},
		"semicolon":           {"GET", "/api/v1/search?q=zabıta;x", "", nil, 400, "q: contains ';'"},
		"bad escape in key":   {"GET", "/api/v1/search?q%zz=1", "", nil, 400, "q%zz: the parameter's name has an invalid %-escape"},
		"format xml":          {"GET", "/api/v1/search?q=a&format=xml", "", nil, 400, "format: must be json"},
		"coverage format xml": {"GET", "/api/v1/coverage?format=xml", "", nil, 400, "format: must be json or csv"},
		"from year 0":         {"GET", "/api/v1/search?from=0000-01-01", "", nil, 400, "from: want a date"},
		"from 3000":           {"GET", "/api/v1/search?from=3000-01-01", "", nil, 400, "from: want a date"},
		"to 9999":             {"GET", "/api/v1/search?to=9999-12-31", "", nil, 400, "to: want a date"},
		"date:9999":           {"GET", "/api/v1/search?q=date:9999", "", nil, 400, "index: query: at 1: date:9999: dates from 1900 to 2200 only"},
		"coverage from 3000":  {"GET", "/api/v1/coverage?from=3000-01-01", "", nil, 400, "from: want a date"},
		"coverage seen_to":    {"GET", "/api/v1/coverage?seen_to=9999-01-01", "", nil, 400, "seen_to: want a date"},
		"long date: value":    {"GET", "/api/v1/search?q=date:" + strings.Repeat("9", 990), "", nil, 400, "index: query: at 1: date:9999999999999999999999999999999999999999…"},
		"coverage date:0001":  {"GET", "/api/v1/coverage?q=date:0001", "", nil, 400, "index: query"},
		"deep page":           {"GET", "/api/v1/search?page=10000&size=20", "", nil, 400, "page: page × size must stay within the first 10000 hits"},
		"size 0":              {"GET", "/api/v1/search?size=0", "", nil, 400, "size: must be a whole number from 1 to 100"},
		"size 101":            {"GET", "/api/v1/search?size=101", "", nil, 400, "size: must be a whole number from 1 to 100"},
		"huge cursor":         {"GET", "/api/v1/search?after=" + huge[:7000], "", nil, 400, "after: not a cursor"},
		"long URL":            {"GET", "/api/v1/search?q=" + huge[:9000], "", nil, 414, "the URL has"},
		"long header":         {"GET", "/api/v1/search", "", http.Header{"X-Long": {huge}}, 431, "the headers have"},
		"body 2 MB":           {"POST", "/api/v1/sources", `{"name":"` + strings.Repeat("x", 2<<20) + `"}`, nil, 413, "body: larger"},
		"wrong method":        {"PUT", "/api/v1/search", "", nil, 405, `"PUT" is not allowed`},
		"unknown path":        {"GET", "/api/v1/" + huge[:5000], "", nil, 404, "no such endpoint"},
		"unknown article":     {"GET", "/api/v1/articles/" + huge[:5000], "", nil, 404, "no article with id"},
		"patch configured":    {"PATCH", "/api/v1/sources/ajans", `{"name":"x"}`, nil, 409, "source ajans is configured in the config file"},
		"delete configured":   {"DELETE", "/api/v1/sources/ajans", "", nil, 409, "source ajans is configured"},
		"delete unknown":      {"DELETE", "/api/v1/sources/yok", "", nil, 404, "no source with id yok"},
		"patch unknown":       {"PATCH", "/api/v1/sources/yok", `{"name":"x"}`, nil, 404, "no source with id yok"},
		"patch not JSON":      {"PATCH", "/api/v1/sources/ajans", `name: x`, nil, 400, "body: want one JSON object"},
		"add every 1ms":       {"POST", "/api/v1/sources", `{"type":"feed","url":"https://a.example/","schedule":"@every 1ms"}`, nil, 400, "schedule: "},
		"add 127.1":           {"POST", "/api/v1/sources", `{"type":"feed","url":"http://127.1/"}`, nil, 400, `url: "127.1" is a loopback`},
		"add NAT64":           {"POST", "/api/v1/sources", `{"type":"feed","url":"http://[64:ff9b::7f00:1]/"}`, nil, 400, `url: "64:ff9b::7f00:1" is a loopback`},
		"add long id":         {"POST", "/api/v1/sources", `{"id":"` + strings.Repeat("a", 5000) + `","type":"feed","url":"https://b.example/"}`, nil, 400, "id: id of 5000 characters, at most 64 allowed"},
		"add long name":       {"POST", "/api/v1/sources", `{"name":"` + strings.Repeat("a", 60000) + `","type":"feed","url":"https://b.example/"}`, nil, 400, "name: 60000 characters, at most 200 allowed"},
		"add links on feed":   {"POST", "/api/v1/sources", `{"type":"feed","url":"https://c.example/","links":"a"}`, nil, 400, "links: links applies to type html only"},
		"unknown long watch":  {"GET", "/api/v1/watches/" + huge[:5000], "", nil, 404, "no watch"},
		"delete long watch":   {"DELETE", "/api/v1/watches/" + huge[:5000], "", nil, 404, "no watch"},
		"long watch article":  {"POST", "/api/v1/watches", `{"name":"x","article_id":"` + huge[:5000] + `"}`, nil, 400, "article_id: no archived article"},
		"long watch field":    {"POST", "/api/v1/watches", `{"` + huge[:5000] + `":1}`, nil, 400, "the body must be a JSON object"},
		"long watch address":  {"POST", "/api/v1/watches", `{"name":"x","query":"bütçe","email":{"to":["` + huge[:5000] + `"]}}`, nil, 400, "email.to: "},
		"long watch query":    {"POST", "/api/v1/watches", `{"name":"x","query":"date:` + strings.Repeat("9", 900) + `"}`, nil, 400, "query: "},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			st, e, raw := f.do(t, tc.method, tc.path, tc.body, tc.header)
			if st != tc.status || !strings.HasPrefix(e.Error.Message, tc.msg) {
				t.Errorf("%d %q, want %d %q…", st, e.Error.Message, tc.status, tc.msg)
			}
			if len(raw) > 1000 {
				t.Errorf("error body of %d bytes quotes too much: %.300s", len(raw), raw)
			}
		})
	}
}

// TestEditAndRemoveSource: PATCH and DELETE of a run-time source.
func TestEditAndRemoveSource(t *testing.T) {
	f := newFixture(t, "", nil)
	if st, body := f.post(t, "/api/v1/sources", `{"id":"konya","type":"html","url":"https://www.konya.bel.tr/haber","links":"a.haber"}`, ""); st != 201 {
		t.Fatalf("add: %d %s", st, body)
	}
	steps := []struct {
		method, path, body string
		status             int
		check              func(SourceResponse) bool
	}{
		{"PATCH", "/api/v1/sources/konya", `{"name":"Konya BB","schedule":"@hourly"}`, 200, func(s SourceResponse) bool {
			return s.Name == "Konya BB" && s.Schedule == "@hourly" && s.Type == "html"
		}},
		{"PATCH", "/api/v1/sources/konya", `{"type":"feed"}`, 400, nil}, // links would be dropped silently
		{"PATCH", "/api/v1/sources/konya", `{"type":"feed","links":null}`, 200, func(s SourceResponse) bool { return s.Type == "feed" }},
		{"PATCH", "/api/v1/sources/konya", `{"url":"https://example.org/rss"}`, 409, nil},
		{"DELETE", "/api/v1/sources/konya", ``, 204, nil},
		{"DELETE", "/api/v1/sources/konya", ``, 404, nil},
		{"PATCH", "/api/v1/sources/konya", `{"name":"x"}`, 404, nil},
	}
	for i, s := range steps {
		st, _, raw := f.do(t, s.method, s.path, s.body, http.Header{"Content-Type": {"application/json"}})
		if st != s.status {
			t.Fatalf("step %d %s %s: %d, want %d: %s", i, s.method, s.body, st, s.status, raw)
		}
		if s.check != nil {
			var got SourceResponse
			if err := json.Unmarshal(raw, &got); err != nil || !s.check(got) {
				t.Errorf("step %d: %s (%v)", i, raw, err)
			}
		}
	}
	var list SourcesResponse
	f.get(t, "/api/v1/sources", &list)
	for _, s := range list.Sources {
		if s.ID == "konya" {
			t.Errorf("removed source still listed: %+v", s)
		}
	}
	// The URL is free again; the id stays taken (its articles would name it).
	if st, body := f.post(t, "/api/v1/sources", `{"type":"feed","url":"https://www.konya.bel.tr/haber"}`, ""); st != 201 || bytes.Contains(body, []byte(`"id":"konya"`)) {
		t.Errorf("re-add after DELETE: %d %s", st, body)
	}
}
