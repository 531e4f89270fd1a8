package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
)

// sourcesConfig writes a config with two of the local site's sources, the
// token set and private sources allowed (the site is on 127.0.0.1), and a
// comment to keep.
func sourcesConfig(t *testing.T, siteURL string, allowPrivate bool) string {
	t.Helper()
	dir := t.TempDir()
	cfg := fmt.Sprintf(`# Yerel deneme yapılandırması
data_dir: %s/data
listen: 127.0.0.1:%d
api_token: s3cret
allow_private_sources: %v
crawl: {per_host_interval: 5ms, timeout: 5s}
sources:
  # Ajans akışı
  - {id: yerel-rss, name: Yerel RSS, type: feed, url: "%[4]s/rss.xml", schedule: "@every 1h"}
  - {id: aa-guncel, name: AA Güncel, type: feed, url: "https://www.aa.com.tr/tr/rss/default?cat=guncel", schedule: "@every 1h"}

# son
`, dir, freePort(t), allowPrivate, siteURL)
	path := filepath.Join(dir, "haberci.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// listSources runs "haberci sources --json".
func listSources(t *testing.T, cfgPath string) map[string]api.SourceResponse {
	t.Helper()
	var res api.SourcesResponse
	if err := json.Unmarshal([]byte(haberci(t, 0, "sources", "--json", "--config", cfgPath)), &res); err != nil {
		t.Fatal(err)
	}
	out := map[string]api.SourceResponse{}
	for _, s := range res.Sources {
		out[s.ID] = s
	}
	return out
}

func TestSourcesImportToConfigFile(t *testing.T) {
	cfgPath := sourcesConfig(t, "http://127.0.0.1:1", false)
	out := haberci(t, 0, "sources", "import", "--config", cfgPath, "testdata/turkish-feeds.opml")
	for _, want := range []string{
		"skipped  https://www.aa.com.tr/tr/rss/default?cat=guncel  (url: already source aa-guncel)",
		"added    anadolu-ajansi-dunya  https://www.aa.com.tr/tr/rss/default?cat=dunya",
		"added    sirnak-belediyesi-haberler  https://www.sirnak.bel.tr/feed/",
		"added    bianet  https://bianet.org/rss/bianet",
		"10 added to " + cfgPath + ", 1 skipped, 0 refused",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("%q missing from\n%s", want, out)
		}
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sources) != 12 || cfg.Sources[2].ID != "anadolu-ajansi-dunya" || cfg.Sources[2].Name != "Anadolu Ajansı – Dünya" ||
		cfg.Sources[2].Schedule != "@every 15m" || cfg.Sources[2].Type != config.TypeFeed {
		t.Errorf("sources after import: %+v", cfg.Sources)
	}
	text, _ := os.ReadFile(cfgPath)
	for _, kept := range []string{"# Yerel deneme yapılandırması\n", "  # Ajans akışı\n", "\n# son\n", "# Imported from turkish-feeds.opml"} {
		if !strings.Contains(string(text), kept) {
			t.Errorf("%q missing from the file:\n%s", kept, text)
		}
	}
	again := haberci(t, 0, "sources", "import", "--config", cfgPath, "testdata/turkish-feeds.opml")
	if !strings.Contains(again, "0 added to "+cfgPath+", 11 skipped") {
		t.Errorf("second import:\n%s", again)
	}
}

func TestSourcesImportRefuses(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bozuk.opml")
	if err := os.WriteFile(bad, []byte("<opml><body><outline text=\"a\" xmlUrl=\"https://example.org/\">\n</body>"), 0o644); err != nil {
		t.Fatal(err)
	}
	relative := filepath.Join(dir, "goreli.opml")
	if err := os.WriteFile(relative, []byte(`<opml><body><outline text="Göreli" xmlUrl="/rss"/><outline text="Tam" xmlUrl="https://example.org/tam"/></body></opml>`), 0o644); err != nil {
		t.Fatal(err)
	}
	cfgPath := sourcesConfig(t, "http://127.0.0.1:1", false)
	tests := map[string]struct {
		args []string
		code int
		want string
	}{
		"bad XML":         {[]string{"sources", "import", "--config", cfgPath, bad}, 1, "bad OPML: XML syntax error on line 2"},
		"missing file":    {[]string{"sources", "import", "--config", cfgPath, filepath.Join(dir, "yok.opml")}, 1, "no such file"},
		"no file":         {[]string{"sources", "import", "--config", cfgPath}, 2, "takes one OPML file"},
		"relative URL":    {[]string{"sources", "import", "--config", cfgPath, relative}, 1, "refused  /rss  (url: URL \"/rss\": want an http or https URL)"},
		"help":            {[]string{"sources", "import", "--help"}, 0, "Usage: haberci sources import"},
		"unknown command": {[]string{"sources", "sil", "--config", cfgPath}, 2, `unknown sources command "sil"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runCLI(tc.args...)
			if code != tc.code || !strings.Contains(out+errOut, tc.want) {
				t.Errorf("exit %d, want %d with %q:\n%s%s", code, tc.code, tc.want, out, errOut)
			}
		})
	}
	// The relative feed was refused alone; the other one was added.
	cfg, err := config.Load(cfgPath)
	if err != nil || len(cfg.Sources) != 3 || cfg.Sources[2].ID != "tam" {
		t.Errorf("after the partly refused import: %+v (%v)", cfg.Sources, err)
	}
}

// TestSourcesAtRunTime adds, pauses and resumes a source on the archive
// directly (no daemon), then through a running daemon, whose restart keeps
// the pause.
func TestSourcesAtRunTime(t *testing.T) {
	s := newSite(t)
	cfgPath := sourcesConfig(t, s.URL, true)
	atom := s.URL + "/atom.xml"
	tests := []struct { // in order
		args []string
		code int
		want string
	}{
		{[]string{"sources", "add", "--config", cfgPath, "--url", atom, "--name", "Yerel Atom"}, 0, "added yerel-atom (feed) " + atom},
		{[]string{"sources", "add", "--config", cfgPath, "--url", atom}, 1, "url: source yerel-atom already has this URL"},
		{[]string{"sources", "add", "--config", cfgPath, "--url", s.URL + "/rss.xml?utm_source=x"}, 1, "configured source yerel-rss already has this URL"},
		{[]string{"sources", "add", "--config", cfgPath, "--url", s.URL + "/haberler", "--type", "html"}, 2, "links: type html needs links"},
		{[]string{"sources", "add", "--config", cfgPath, "--name", "x"}, 2, "needs --url"},
		{[]string{"sources", "add", "--help"}, 0, "-links SELECTOR"},
		{[]string{"sources", "pause", "--config", cfgPath, "yerel-atom"}, 0, "yerel-atom: paused"},
		{[]string{"sources", "pause", "--config", cfgPath, "aa-guncel"}, 0, "aa-guncel: paused"},
		{[]string{"sources", "pause", "--config", cfgPath, "yok"}, 1, "no source with id yok"},
		{[]string{"sources", "add", "--config", cfgPath, "--url", s.URL + "/haberler", "--id", "yerel-html", "--links", "a.haber"}, 0, "added yerel-html (html)"},
		{[]string{"sources", "add", "--config", cfgPath, "--url", s.URL + "/x", "--type", "feed", "--links", "a"}, 2, "links: links applies to type html only, not feed"},
		{[]string{"sources", "add", "--config", cfgPath, "--url", s.URL + "/y", "--schedule", "@every 1s"}, 2, "schedule: \"@every 1s\" runs every 1s"},
		{[]string{"sources", "add", "--config", cfgPath, "--url", s.URL + "/z", "--id", strings.Repeat("a", 65)}, 2, "id: id of 65 characters, at most 64 allowed"},
		{[]string{"sources", "edit", "--config", cfgPath, "yerel-html", "--name", "Yerel Haberler", "--schedule", "@hourly"}, 0, "changed yerel-html (html)"},
		{[]string{"sources", "edit", "--config", cfgPath, "yerel-html", "--type", "feed"}, 2, "links: links applies to type html only"},
		{[]string{"sources", "edit", "--config", cfgPath, "yerel-html"}, 2, "nothing to change"},
		{[]string{"sources", "edit", "--config", cfgPath, "aa-guncel", "--name", "x"}, 1, "edit the config file"},
		{[]string{"sources", "rm", "--config", cfgPath, "aa-guncel"}, 1, "edit the config file"},
		{[]string{"sources", "rm", "--config", cfgPath, "yerel-html"}, 0, "removed yerel-html"},
		{[]string{"sources", "rm", "--config", cfgPath, "yerel-html"}, 1, "no source with id yerel-html"},
		{[]string{"sources", "pause", "--config", cfgPath}, 2, "takes one source ID"},
		{[]string{"sources", "resume", "--help"}, 0, "Usage: haberci sources resume"},
		{[]string{"sources", "--config", cfgPath}, 0, "paused"},
	}
	for _, tc := range tests {
		code, out, errOut := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Fatalf("haberci %v: exit %d, want %d with %q:\n%s%s", tc.args, code, tc.code, tc.want, out, errOut)
		}
	}
	srcs := listSources(t, cfgPath)
	if a := srcs["yerel-atom"]; len(srcs) != 3 || a.Origin != "api" || !a.Paused || !srcs["aa-guncel"].Paused || srcs["yerel-rss"].Paused {
		t.Fatalf("sources: %+v", srcs)
	}
	// One pass leaves the paused sources out; naming one runs it.
	if out := haberci(t, 0, "crawl", "--config", cfgPath); !strings.Contains(out, "yerel-rss") || strings.Contains(out, "yerel-atom") || strings.Contains(out, "aa-guncel") {
		t.Errorf("crawl of every running source:\n%s", out)
	}
	if out := haberci(t, 0, "crawl", "--config", cfgPath, "--source", "yerel-atom"); !strings.Contains(out, "yerel-atom") {
		t.Errorf("crawl --source of a paused source:\n%s", out)
	}
	if n := listSources(t, cfgPath)["yerel-atom"].ArticleCount; n != int64(len(atomSlugs)) {
		t.Errorf("yerel-atom has %d articles, want %d", n, len(atomSlugs))
	}

	// Through the daemon: the token goes along, the daemon schedules what is added.
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	base, stop := startServe(t, cfg)
	haberci(t, 0, "sources", "resume", "--config", cfgPath, "yerel-atom")
	haberci(t, 0, "sources", "add", "--config", cfgPath, "--url", s.URL+"/rss-1254.xml", "--id", "yerel-1254")
	var res api.SourcesResponse
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		getJSON(t, base+"/api/v1/sources", 200, &res)
		if len(res.Sources) == 4 && res.Sources[3].ID == "yerel-1254" && res.Sources[3].LastStatus == 200 {
			break // crawled at once, as a new source
		}
		if time.Now().After(deadline) {
			t.Fatalf("the source added through the daemon was not crawled: %+v", res.Sources)
		}
	}
	stop()
	base, stop = startServe(t, cfg)
	defer stop()
	getJSON(t, base+"/api/v1/sources", 200, &res)
	paused := map[string]bool{}
	for _, s := range res.Sources {
		paused[s.ID] = s.Paused
	}
	if len(res.Sources) != 4 || !paused["aa-guncel"] || paused["yerel-atom"] || res.Sources[2].Origin != "api" {
		t.Errorf("after a restart: %+v", res.Sources)
	}
}

// TestSourcesPrivateGuard: without allow_private_sources the CLI is refused
// a local address, as the API is.
func TestSourcesPrivateGuard(t *testing.T) {
	cfgPath := sourcesConfig(t, "http://127.0.0.1:1", false)
	code, _, errOut := runCLI("sources", "add", "--config", cfgPath, "--url", "http://127.0.0.1:9/rss")
	if code != 2 || !strings.Contains(errOut, `"127.0.0.1" is a loopback, private or link-local address`) {
		t.Errorf("exit %d: %s", code, errOut)
	}
	code, out, errOut := runCLI("sources", "import", "--runtime", "--config", cfgPath, "testdata/turkish-feeds.opml")
	if code != 0 || !strings.Contains(out, "10 added to the archive, 1 skipped, 0 refused") {
		t.Errorf("import --runtime: exit %d\n%s%s", code, out, errOut)
	}
	if srcs := listSources(t, cfgPath); len(srcs) != 12 || srcs["sirnak-belediyesi-haberler"].Origin != "api" || srcs["bianet"].Name != "bianet" {
		t.Errorf("after import --runtime: %+v", srcs)
	}
}
