package config

import (
	"errors"
	"strings"
	"testing"
)

// src builds a one-source document; extra lines go inside the source.
func src(extra ...string) string {
	lines := []string{
		"sources:",
		"  - id: aa-guncel",
		"    type: feed",
		"    url: https://www.aa.com.tr/tr/rss/default?cat=guncel",
	}
	for _, l := range extra {
		lines = append(lines, "    "+l)
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestParseRefuses(t *testing.T) {
	tests := map[string]struct {
		doc  string
		want string // the whole "file:line: field: " prefix plus part of the message
		kind error
	}{
		"unknown root key":    {"data_dir: x\ndatadir: y\n", `t.yaml:2: datadir: unknown key "datadir"`, ErrUnknownKey},
		"unknown crawl key":   {"crawl:\n  concurency: 8\n", `t.yaml:2: crawl.concurency: unknown key "concurency"`, ErrUnknownKey},
		"unknown source key":  {src("shedule: '@hourly'"), `t.yaml:5: sources[0].shedule: unknown key "shedule"`, ErrUnknownKey},
		"unknown extract key": {src("extract:", "  body: p"), `t.yaml:6: sources[0].extract.body: unknown key "body"`, ErrUnknownKey},
		"repeated key":        {"listen: a:1\nlisten: b:2\n", `t.yaml:2: listen: key "listen" given twice (first at line 1)`, ErrDuplicate},
		"bad cron":            {src(`schedule: "every banana"`), `t.yaml:5: sources[0].schedule: bad cron spec "every banana": `, ErrInvalid},
		"six-field cron":      {src(`schedule: "0 */5 * * * *"`), `t.yaml:5: sources[0].schedule: bad cron spec`, ErrInvalid},
		"bad every":           {src(`schedule: "@every banana"`), `t.yaml:5: sources[0].schedule: bad cron spec "@every banana"`, ErrInvalid},
		"ftp url":             {"sources:\n  - id: a\n    type: feed\n    url: ftp://example.org/x\n", `t.yaml:4: sources[0].url: URL "ftp://example.org/x": want an http or https URL`, ErrInvalid},
		"relative url":        {"sources:\n  - id: a\n    type: feed\n    url: /rss\n", `t.yaml:4: sources[0].url: URL "/rss": want an http or https URL`, ErrInvalid},
		"url without host":    {"sources:\n  - id: a\n    type: feed\n    url: https:///rss\n", `t.yaml:4: sources[0].url: URL "https:///rss" has no host`, ErrInvalid},
		"unparsable url":      {"sources:\n  - id: a\n    type: feed\n    url: 'http://exa mple.org/'\n", `t.yaml:4: sources[0].url: bad URL "http://exa mple.org/"`, ErrInvalid},
		"duplicate ids": {src() + "  - id: aa-guncel\n    type: feed\n    url: https://example.org/\n",
			`t.yaml:5: sources[1].id: duplicate id "aa-guncel" (first at line 2)`, ErrDuplicate},
		"upper-case id":      {"sources:\n  - id: AA\n    type: feed\n    url: https://example.org/\n", `t.yaml:2: sources[0].id: id "AA" is not a slug`, ErrInvalid},
		"turkish letter id":  {"sources:\n  - id: iha-gündem\n    type: feed\n    url: https://example.org/\n", `t.yaml:2: sources[0].id: id "iha-gündem" is not a slug`, ErrInvalid},
		"id starts with -":   {"sources:\n  - id: -aa\n    type: feed\n    url: https://example.org/\n", `t.yaml:2: sources[0].id: id "-aa" is not a slug`, ErrInvalid},
		"unknown type":       {"sources:\n  - id: a\n    type: rss\n    url: https://example.org/\n", `t.yaml:3: sources[0].type: unknown type "rss"`, ErrInvalid},
		"html without links": {"sources:\n  - id: a\n    type: html\n    url: https://example.org/\n", `t.yaml:2: sources[0].links: type html needs links`, ErrMissing},
		"missing url":        {"sources:\n  - id: a\n    type: feed\n", `t.yaml:2: sources[0].url: missing required key "url"`, ErrMissing},
		"missing id":         {"sources:\n  - type: feed\n    url: https://example.org/\n", `t.yaml:2: sources[0].id: missing required key "id"`, ErrMissing},
		"null type":          {"sources:\n  - id: a\n    type:\n    url: https://example.org/\n", `t.yaml:2: sources[0].type: missing required key "type"`, ErrMissing},
		"source not a map":   {"sources:\n  - aa-guncel\n", `t.yaml:2: sources[0]: want a mapping, got "aa-guncel"`, ErrInvalid},
		"sources not a list": {"sources: aa-guncel\n", `t.yaml:1: sources: want a list of sources`, ErrInvalid},
		"crawl not a map":    {"crawl: fast\n", `t.yaml:1: crawl: want a mapping, got "fast"`, ErrInvalid},
		"bad duration":       {"crawl:\n  timeout: soon\n", `t.yaml:2: crawl.timeout: bad duration "soon"`, ErrInvalid},
		"duration w/o unit":  {"crawl:\n  per_host_interval: 5\n", `t.yaml:2: crawl.per_host_interval: bad duration "5"`, ErrInvalid},
		"zero duration":      {"crawl:\n  per_host_interval: 0s\n", `t.yaml:2: crawl.per_host_interval: duration "0s" must be positive`, ErrInvalid},
		"bad near window":    {"near_window: 30d\n", `t.yaml:1: near_window: bad duration "30d"`, ErrInvalid},
		"bad log format":     {"log_format: xml\n", `t.yaml:1: log_format: want "text" or "json", got "xml"`, ErrInvalid},
		"negative duration":  {"crawl:\n  timeout: -1s\n", `t.yaml:2: crawl.timeout: duration "-1s" must be positive`, ErrInvalid},
		"zero concurrency":   {"crawl: {concurrency: 0}\n", `t.yaml:1: crawl.concurrency: 0 out of range 1..64`, ErrInvalid},
		"huge concurrency":   {"crawl: {concurrency: 65}\n", `t.yaml:1: crawl.concurrency: 65 out of range 1..64`, ErrInvalid},
		"negative body":      {"crawl: {max_body_bytes: -1}\n", `t.yaml:1: crawl.max_body_bytes: -1 out of range`, ErrInvalid},
		"zero max_items":     {"crawl: {max_items: 0}\n", `t.yaml:1: crawl.max_items: 0 out of range`, ErrInvalid},
		"quoted integer":     {"crawl: {concurrency: \"8\"}\n", `t.yaml:1: crawl.concurrency: want an integer, got "8"`, ErrInvalid},
		"float integer":      {"crawl: {concurrency: 2.5}\n", `t.yaml:1: crawl.concurrency: want an integer, got "2.5"`, ErrInvalid},
		"yes for a bool":     {"crawl: {robots: yes}\n", `t.yaml:1: crawl.robots: want true or false, got "yes"`, ErrInvalid},
		"max_pages zero":     {src("max_pages: 0"), `t.yaml:5: sources[0].max_pages: 0 out of range 1..100`, ErrInvalid},
		"max_pages too many": {src("max_pages: 101"), `t.yaml:5: sources[0].max_pages: 101 out of range 1..100`, ErrInvalid},
		"bad links selector": {src("links: 'a[href'"), `t.yaml:5: sources[0].links: bad selector "a[href"`, ErrInvalid},
		"bad next selector":  {src("next: 'a..next'"), `t.yaml:5: sources[0].next: bad selector "a..next"`, ErrInvalid},
		"bad remove item": {src("extract:", "  remove: [div.ad, 'p:nope(1)']"),
			`t.yaml:6: sources[0].extract.remove[1]: bad selector "p:nope(1)"`, ErrInvalid},
		"bad content selector": {src("extract: {content: '>>'}"), `t.yaml:5: sources[0].extract.content: bad selector ">>"`, ErrInvalid},
		"empty name":           {src("name: ''"), `t.yaml:5: sources[0].name: must not be empty`, ErrInvalid},
		"listen without port":  {"listen: localhost\n", `t.yaml:1: listen: want host:port, got "localhost"`, ErrInvalid},
		"listen bad port":      {"listen: 127.0.0.1:http\n", `t.yaml:1: listen: bad port in "127.0.0.1:http"`, ErrInvalid},
		"empty data_dir":       {"data_dir: ''\n", `t.yaml:1: data_dir: must not be empty`, ErrInvalid},
		"string as map":        {"api_token: {a: b}\n", `t.yaml:1: api_token: want a string, got a mapping`, ErrInvalid},
		"root is a list":       {"- a\n- b\n", `t.yaml:1: (document): want a mapping, got a list`, ErrInvalid},
		"syntax error":         {"crawl:\n  timeout: 1s\n concurrency: 2\n", `t.yaml:2: did not find expected key`, ErrSyntax},
		"unknown anchor":       {"listen: *nope\n", `t.yaml: unknown anchor 'nope' referenced`, ErrSyntax},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg, err := Parse([]byte(tc.doc), "t.yaml")
			if err == nil {
				t.Fatalf("Parse accepted it: %+v", cfg)
			}
			if cfg != nil {
				t.Errorf("Parse returned a config with its error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "config: ") || !strings.Contains(msg, tc.want) {
				t.Errorf("error\n  %s\nwant it to contain\n  %s", msg, tc.want)
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.kind)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != "t.yaml" || e.Line == 0 && tc.kind != ErrSyntax {
				t.Errorf("errors.As gave %+v, want an *Error with file and line", e)
			}
		})
	}
}
