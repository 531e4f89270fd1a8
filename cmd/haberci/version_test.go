package main

import (
	"debug/buildinfo"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/internal/dirsnap"
)

func TestReadVersion(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	tests := map[string]struct {
		info  *debug.BuildInfo
		ok    bool
		built string
		want  buildVersion
	}{
		"no build info": {ok: false, want: buildVersion{"unknown", "unknown", "unknown", "unknown", "unknown"}},
		"-buildvcs=false": {
			info: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			ok:   true, built: "2026-12-07T04:00:00Z",
			want: buildVersion{"(devel)", "unknown", "unknown", "2026-12-07T04:00:00Z", "go1.26.8"},
		},
		"tagged, clean": {
			info: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"},
				Settings: vcs("vcs.revision", "0123abcd", "vcs.time", "2026-12-01T10:00:00Z", "vcs.modified", "false")},
			ok:   true,
			want: buildVersion{"v1.4.0", "0123abcd", "2026-12-01T10:00:00Z", "unknown", "go1.26.8"},
		},
		"modified tree": {
			info: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.1-0.20261201100000-0123abcd+dirty"},
				Settings: vcs("vcs.revision", "0123abcd", "vcs.modified", "true")},
			ok:   true,
			want: buildVersion{"v1.4.1-0.20261201100000-0123abcd+dirty", "0123abcd+dirty", "unknown", "unknown", "go1.26.8"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := readVersion(tc.info, tc.ok, tc.built); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestVersionOfBuild builds the binary as a release would (VCS stamping
// when the checkout has it, a build date) and checks that `haberci
// version` and `--version` print what Go recorded in that binary.
func TestVersionOfBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "haberci")
	const date = "2026-12-07T04:00:00Z"
	build := exec.Command("go", "build", "-ldflags", "-X main.buildDate="+date, "-o", bin, ".")
	build.Env = append(os.Environ(), "GOFLAGS=-buildvcs=auto")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	want := readVersion(info, true, date)
	if want.Module == "unknown" || want.GoVersion != info.GoVersion {
		t.Fatalf("build info of the binary: %+v", want)
	}
	for _, arg := range []string{"version", "--version"} {
		out, err := exec.Command(bin, arg).CombinedOutput()
		if err != nil {
			t.Fatalf("haberci %s: %v\n%s", arg, err, out)
		}
		for _, line := range []string{"haberci " + want.Module, "commit:    " + want.Commit, "committed: " + want.CommitAt, "built:     " + date, "go:        " + info.GoVersion} {
			if !strings.Contains(string(out), line+"\n") {
				t.Errorf("haberci %s printed\n%s\nwant a line %q", arg, out, line)
			}
		}
	}
	// The commit Go saw is the checkout's, when it saw one.
	if want.Commit != "unknown" {
		head, err := exec.Command("git", "rev-parse", "HEAD").Output()
		if err == nil && !strings.HasPrefix(want.Commit, strings.TrimSpace(string(head))) {
			t.Errorf("commit %s, checkout at %s", want.Commit, head)
		}
	}
}

// TestNewerArchiveRefused: a data directory whose archive a newer haberci
// migrated one step further is refused by every command that opens it,
// check --repair included, with a message saying so, and no file changes.
func TestNewerArchiveRefused(t *testing.T) {
	cfgPath, cfg := crawled(t)
	db := filepath.Join(cfg.DataDir, "haberci.db")
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	// The schema step is SQLite's user_version, bytes 60-63 of the header
	// (the crawl closed the archive cleanly: no WAL holds a newer one).
	future := archive.SchemaSteps() + 1
	binary.BigEndian.PutUint32(b[60:64], uint32(future))
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	before := dirsnap.Take(t, cfg.DataDir)
	for _, args := range [][]string{{"check", "--repair"}, {"crawl"}, {"export", "--format", "jsonl"}, {"reindex"}} {
		code, _, stderr := runCLI(append(args, "--config", cfgPath)...)
		if code != 1 || !strings.Contains(stderr, fmt.Sprintf("schema step %d", future)) || !strings.Contains(stderr, "newer version") {
			t.Errorf("haberci %v: exit %d, stderr %q; want 1 and the newer-version message", args, code, stderr)
		}
	}
	before.Unchanged(t)
}
