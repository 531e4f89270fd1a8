package config

import (
	"errors"
	"strings"
	"testing"
)

func TestLimitsRefused(t *testing.T) {
	long := strings.Repeat("a", MaxIDLen+1)
	tests := map[string]struct {
		doc  string
		want string
	}{
		"every 1ms":          {src(`schedule: "@every 1ms"`), `t.yaml:5: sources[0].schedule: "@every 1ms" runs every 1s; the shortest interval allowed is 1m0s (min_schedule_interval)`},
		"every 0s":           {src(`schedule: "@every 0s"`), `t.yaml:5: sources[0].schedule: "@every 0s" runs every 1s`},
		"every -1s":          {src(`schedule: "@every -1s"`), `t.yaml:5: sources[0].schedule:`},
		"every 30s":          {src(`schedule: "@every 30s"`), `runs every 30s`},
		"floor raised":       {"min_schedule_interval: 10m\n" + src(`schedule: "*/5 * * * *"`), `t.yaml:6: sources[0].schedule: "*/5 * * * *" runs every 5m0s; the shortest interval allowed is 10m0s`},
		"floor after":        {src(`schedule: "*/5 * * * *"`) + "min_schedule_interval: 10m\n", `t.yaml:5: sources[0].schedule: "*/5 * * * *" runs every 5m0s`},
		"floor below 10s":    {"min_schedule_interval: 5s\n", `t.yaml:1: min_schedule_interval: 5s is below the floor of 10s`},
		"id too long":        {"sources:\n  - id: " + long + "\n    type: feed\n    url: https://example.org/\n", `t.yaml:2: sources[0].id: id of 65 characters, at most 64 allowed`},
		"name too long":      {src("name: " + strings.Repeat("ş", MaxNameLen+1)), `t.yaml:5: sources[0].name: 201 characters, at most 200 allowed`},
		"url too long":       {"sources:\n  - id: a\n    type: feed\n    url: https://example.org/" + strings.Repeat("x", MaxURLLen) + "\n", `t.yaml:4: sources[0].url: URL of 2068 bytes, at most 2048 allowed`},
		"max_sources":        {"max_sources: 1\n" + src() + "  - id: b\n    type: feed\n    url: https://example.org/\n", `t.yaml:3: sources: 2 sources, more than max_sources (1)`},
		"max_sources zero":   {"max_sources: 0\n", `t.yaml:1: max_sources: 0 out of range 1..1000000`},
		"links on a feed":    {src("links: a"), `t.yaml:5: sources[0].links: links applies to type html only, not feed`},
		"max_pages on auto":  {strings.Replace(src("max_pages: 3"), "type: feed", "type: auto", 1), `t.yaml:5: sources[0].max_pages: max_pages applies to type html only, not auto`},
		"cron every minute":  {"min_schedule_interval: 2m\n" + src(`schedule: "* * * * *"`), `runs every 1m0s`},
		"cron twice an hour": {"min_schedule_interval: 1h\n" + src(`schedule: "0,1 * * * *"`), `"0,1 * * * *" runs every 1m0s`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), "t.yaml")
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%v is not ErrInvalid", err)
			}
		})
	}
}

func TestLimitsAccepted(t *testing.T) {
	tests := map[string]string{
		"every minute":     src(`schedule: "* * * * *"`),
		"every 15m":        src(`schedule: "@every 15m"`),
		"floor 10s":        "min_schedule_interval: 10s\n" + src(`schedule: "@every 10s"`),
		"weekly":           src(`schedule: "@weekly"`),
		"every 200h":       src(`schedule: "@every 200h"`),
		"id of 64":         "sources:\n  - id: " + strings.Repeat("a", MaxIDLen) + "\n    type: feed\n    url: https://example.org/\n",
		"name of 200":      src("name: " + strings.Repeat("ı", MaxNameLen)),
		"max_sources 1":    "max_sources: 1\n" + src(),
		"default schedule": src(),
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse([]byte(doc), "t.yaml"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestErrorsQuoteLittleInput(t *testing.T) {
	huge := strings.Repeat("x", 40<<10)
	tests := map[string]string{
		"schedule": src(`schedule: "` + huge + `"`),
		"url":      "sources:\n  - id: a\n    type: feed\n    url: 'ftp://" + huge[:1000] + "'\n",
		"type":     "sources:\n  - id: a\n    type: " + huge + "\n    url: https://example.org/\n",
		"key":      huge + ": 1\n",
		"selector": strings.Replace(src("links: '"+huge+"['"), "type: feed", "type: html", 1),
		"duration": "near_window: " + huge + "\n",
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(doc), "t.yaml")
			if err == nil {
				t.Fatal("accepted")
			}
			if n := len(err.Error()); n > 1200 {
				t.Errorf("%d-byte message: %.300s…", n, err)
			}
		})
	}
}
