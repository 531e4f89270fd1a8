package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseAccess(t *testing.T) {
	tests := map[string]struct {
		doc     string
		private bool
		origins []string
	}{
		"defaults: open reads, no CORS": {"", false, nil},
		"private with token":            {"api_token: s3cret\nprivate_reads: true\n", true, nil},
		"token after private_reads":     {"private_reads: true\napi_token: s3cret\n", true, nil},
		"private_reads false, no token": {"private_reads: false\n", false, nil},
		"one origin":                    {"cors_origins: [\"https://example.org\"]\n", false, []string{"https://example.org"}},
		"single string":                 {"cors_origins: https://example.org\n", false, []string{"https://example.org"}},
		"origins with ports": {"cors_origins:\n  - http://localhost:3000\n  - https://haber.example.org\n", false,
			[]string{"http://localhost:3000", "https://haber.example.org"}},
		"empty list": {"cors_origins: []\n", false, []string{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg, err := Parse([]byte(tc.doc), "t.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if cfg.PrivateReads != tc.private {
				t.Errorf("PrivateReads = %v, want %v", cfg.PrivateReads, tc.private)
			}
			if len(cfg.CORSOrigins) != len(tc.origins) || len(tc.origins) > 0 && !reflect.DeepEqual(cfg.CORSOrigins, tc.origins) {
				t.Errorf("CORSOrigins = %q, want %q", cfg.CORSOrigins, tc.origins)
			}
		})
	}
}

func TestParseRefusesAccess(t *testing.T) {
	tests := map[string]struct {
		doc  string
		want string
		kind error
	}{
		"private without token":  {"data_dir: x\nprivate_reads: true\n", `t.yaml:2: private_reads: true needs api_token`, ErrMissing},
		"private with empty tok": {"api_token: '  '\nprivate_reads: true\n", `t.yaml:2: private_reads: true needs api_token`, ErrMissing},
		"private not a bool":     {"private_reads: yes\n", `t.yaml:1: private_reads: want true or false, got "yes"`, ErrInvalid},
		"wildcard origin":        {"cors_origins: ['*']\n", `t.yaml:1: cors_origins[0]: "*" is not allowed`, ErrInvalid},
		"origin with path":       {"cors_origins: [https://example.org/]\n", `t.yaml:1: cors_origins[0]: origin "https://example.org/": want exactly "https://example.org"`, ErrInvalid},
		"upper-case origin":      {"cors_origins: [https://Example.org]\n", `t.yaml:1: cors_origins[0]: origin "https://Example.org": want exactly "https://example.org"`, ErrInvalid},
		"origin without scheme":  {"cors_origins: [example.org]\n", `t.yaml:1: cors_origins[0]: origin "example.org": want http(s)://host[:port]`, ErrInvalid},
		"ftp origin":             {"cors_origins: [ftp://example.org]\n", `t.yaml:1: cors_origins[0]: origin "ftp://example.org"`, ErrInvalid},
		"origin with user":       {"cors_origins: [https://u@example.org]\n", `t.yaml:1: cors_origins[0]: origin "https://u@example.org"`, ErrInvalid},
		"repeated origin": {"cors_origins:\n  - https://example.org\n  - https://example.org\n",
			`t.yaml:3: cors_origins[1]: origin "https://example.org" given twice (first at line 2)`, ErrDuplicate},
		"origins as a map": {"cors_origins: {a: b}\n", `t.yaml:1: cors_origins: want a list of origins, got a mapping`, ErrInvalid},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg, err := Parse([]byte(tc.doc), "t.yaml")
			if err == nil {
				t.Fatalf("Parse accepted it: %+v", cfg)
			}
			if msg := err.Error(); !strings.Contains(msg, "config: "+tc.want) {
				t.Errorf("error\n  %s\nwant it to contain\n  config: %s", msg, tc.want)
			}
			var e *Error
			if !errors.Is(err, tc.kind) || !errors.As(err, &e) || e.Line == 0 {
				t.Errorf("got %#v, want an *Error of kind %v with a line", e, tc.kind)
			}
		})
	}
}

func TestCloneCopiesOrigins(t *testing.T) {
	cfg, err := Parse([]byte("cors_origins: [https://example.org]\n"), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.clone()
	c.CORSOrigins[0] = "https://changed.example"
	if cfg.CORSOrigins[0] != "https://example.org" {
		t.Error("clone shares its CORSOrigins with the original")
	}
}
