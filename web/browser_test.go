package web

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/haberci/haberci/config"
)

// The browser tests drive a real headless Chromium (Debian's chromium)
// through the DevTools protocol. Without it they skip, except under CI
// (CI=true), where they fail: .ci/run installs it.

var screenshots = flag.String("screenshots", "", "write each page's screenshots (desktop and phone width) as PNG into this directory")

// chromium finds the browser, skipping (or failing under CI) without it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (apt-get install -y chromium); the browser tests must run under CI")
	}
	t.Skip("chromium is not installed (apt-get install -y chromium): browser tests skipped")
	return ""
}

// browser starts a fresh headless Chromium (its own profile, no network
// beyond the test server) and returns a tab's context.
func browser(t *testing.T, opts ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := chromium(t)
	all := append([]chromedp.ExecAllocatorOption{chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("lang", "tr-TR"), chromedp.WindowSize(1280, 900)}, opts...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), all...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// run runs steps, failing the test with what was being done.
func run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a script in the page and returns its value.
func eval[T any](t *testing.T, ctx context.Context, script string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script, opts...))
	if err != nil {
		t.Fatalf("%.60s: %v", script, err)
	}
	return v
}

// hitsShown returns the titles of the hits on the page.
func hitsShown(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `Array.from(document.querySelectorAll("[data-hit] h3")).map(e => e.textContent)`)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

func TestBrowserSearch(t *testing.T) {
	f := newFixture(t, nil)
	ctx := browser(t)
	seedTitle := "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı"
	for _, typed := range []string{"Kılıçdaroğlu", "kilicdaroglu"} {
		// The new page is the one whose search box was rendered with the query.
		run(t, ctx, "search "+typed, chromedp.Navigate(f.srv.URL+"/search"),
			chromedp.SendKeys(chromedp.ID("q"), typed), chromedp.Submit(chromedp.ID("q")),
			chromedp.WaitVisible(chromedp.CSS(`#q[value="`+typed+`"]`)))
		if hits := hitsShown(t, ctx); !contains(hits, seedTitle) {
			t.Errorf("typed %q: %q", typed, hits)
		}
		if loc := eval[string](t, ctx, `location.search`); !strings.Contains(loc, "q=") {
			t.Errorf("the URL does not hold the query: %s", loc)
		}
	}

	// A source facet, then a date range typed into the filter form.
	run(t, ctx, "facet", chromedp.Navigate(f.srv.URL+"/search"),
		chromedp.Click(`//ul[@class="facet"]//a[starts-with(normalize-space(.), "milliyet")]`),
		chromedp.WaitReady(chromedp.CSS(`#f-source option[value="milliyet"][selected]`)))
	if n := len(hitsShown(t, ctx)); n != 8 {
		t.Errorf("milliyet facet: %d hits, want 8", n)
	}
	run(t, ctx, "dates", chromedp.Navigate(f.srv.URL+"/search"),
		chromedp.SetValue(chromedp.ID("f-from"), "2020-06-01"), chromedp.SetValue(chromedp.ID("f-to"), "2020-06-01"),
		chromedp.Click(chromedp.CSS(`fieldset.filters button[type=submit]`)),
		chromedp.WaitReady(chromedp.CSS(`#f-from[value="2020-06-01"]`)))
	if n := len(hitsShown(t, ctx)); n != 3 {
		t.Errorf("one day: %d hits, want 3", n)
	}

	// Paging: 27 articles, 20 then 7, none twice.
	run(t, ctx, "page 1", chromedp.Navigate(f.srv.URL+"/search"))
	first := hitsShown(t, ctx)
	run(t, ctx, "page 2", chromedp.Click(chromedp.CSS(`a[rel=next]`)), chromedp.WaitNotPresent(chromedp.CSS(`a[rel=next]`)))
	second := hitsShown(t, ctx)
	if len(first) != 20 || len(second) != 7 {
		t.Errorf("pages of %d and %d hits", len(first), len(second))
	}
	for _, h := range second {
		if contains(first, h) {
			t.Errorf("%q on both pages", h)
		}
	}
}

func TestBrowserStoryAndHostileTitle(t *testing.T) {
	f := newFixture(t, nil)
	ctx := browser(t)
	run(t, ctx, "story", chromedp.Navigate(f.srv.URL+"/stories/"+f.seed))
	copies := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("tr.copy td:first-child")).map(e => e.textContent)`)
	if strings.Join(copies, ",") != "ajans-haber,kartal-bel" {
		t.Errorf("copies: %q", copies)
	}
	run(t, ctx, "hostile", chromedp.Navigate(f.srv.URL+"/articles/"+f.ids["hostile"]))
	title := eval[string](t, ctx, `document.querySelector("h1").textContent`)
	injected := eval[int](t, ctx, `document.querySelectorAll("main script, main img, main b").length`)
	if title != hostileTitle || injected != 0 {
		t.Errorf("hostile title shown as %q, %d elements made of it", title, injected)
	}
	// The archived page (with a script) in its sandboxed frame: the frame
	// is not of our origin, and its script did not run.
	run(t, ctx, "capture", chromedp.Navigate(f.srv.URL+"/articles/"+f.ids["seed-kartal"]+"/captures/1"),
		chromedp.WaitReady(chromedp.CSS("iframe.capture")))
	sandbox := eval[string](t, ctx, `document.querySelector("iframe.capture").getAttribute("sandbox")`)
	reach := eval[string](t, ctx, `(() => { try { return document.querySelector("iframe.capture").contentDocument ? "reachable" : "opaque" } catch (e) { return "opaque" } })()`)
	if sandbox != "" || reach != "opaque" {
		t.Errorf("capture frame: sandbox=%q, %s", sandbox, reach)
	}
	if title := eval[string](t, ctx, `document.title`); strings.Contains(title, "pwned") {
		t.Errorf("the capture's script ran: %q", title)
	}
}

func TestBrowserSignInPause(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.APIToken = testToken })
	ctx := browser(t)
	run(t, ctx, "sign in", chromedp.Navigate(f.srv.URL+"/sources"),
		chromedp.Click(`//header//a[text()="Giriş yap"]`),
		chromedp.SendKeys(chromedp.ID("token"), testToken), chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(chromedp.CSS(`button[aria-label="Duraklat sabah"]`)))
	run(t, ctx, "pause", chromedp.Click(chromedp.CSS(`button[aria-label="Duraklat sabah"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[aria-label="Sürdür sabah"]`)))
	if !f.sched.Paused("sabah") {
		t.Fatal("sabah not paused")
	}
	// The same kind of request without the form's token, from the signed-in page.
	status := eval[int](t, ctx, `fetch("/sources/sabah/resume", {method: "POST"}).then(r => r.status)`, chromedp.EvalAwaitPromise)
	if status != 403 || !f.sched.Paused("sabah") {
		t.Errorf("resume without the CSRF token: %d, paused %v", status, f.sched.Paused("sabah"))
	}
}

// TestBrowserReleaseWatch creates release watches from the /watches
// form: a refused one (URL and text both given) shows its error in the
// form with the text kept, then pasted text becomes a watch whose page
// lists the archived copies.
func TestBrowserReleaseWatch(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.APIToken = testToken })
	seed := strings.TrimPrefix(readText(t, "testdata/kartal-belediyesi-2020-06-iha.txt"), "date 2020-06 ")
	ctx := browser(t)
	run(t, ctx, "sign in", chromedp.Navigate(f.srv.URL+"/signin?next=/watches"),
		chromedp.SendKeys(chromedp.ID("token"), testToken), chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(chromedp.ID("r-text")))
	run(t, ctx, "both URL and text", chromedp.SendKeys(chromedp.ID("r-url"), "https://example.org/bulten"),
		chromedp.SetValue(chromedp.ID("r-text"), seed), chromedp.Submit(chromedp.ID("r-text")),
		chromedp.WaitVisible(chromedp.ID("rel-err")))
	if msg := eval[string](t, ctx, `document.getElementById("rel-err").textContent`); !strings.Contains(msg, "ikisini birden değil") {
		t.Errorf("error in the form: %q", msg)
	}
	if kept := eval[string](t, ctx, `document.getElementById("r-text").value`); kept != seed {
		t.Errorf("the pasted text was not kept (%d of %d bytes)", len(kept), len(seed))
	}
	run(t, ctx, "text alone", chromedp.Evaluate[chromedp.Void](`document.getElementById("r-url").value = ""`),
		chromedp.SendKeys(chromedp.ID("r-title"), "Tek Yön İktidar Çalıştayı"), chromedp.Submit(chromedp.ID("r-text")),
		chromedp.WaitVisible(chromedp.CSS(`table[aria-labelledby="matches-h"]`)))
	if h1 := eval[string](t, ctx, `document.querySelector("h1").textContent`); h1 != "Tek Yön İktidar Çalıştayı" {
		t.Errorf("watch named %q", h1)
	}
	links := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("table[aria-labelledby=matches-h] a")).map(a => a.getAttribute("href"))`)
	for _, name := range []string{"seed-ajans", "seed-kartal"} {
		if !contains(links, "/articles/"+f.ids[name]) {
			t.Errorf("matches %q lack %s", links, name)
		}
	}
}

func TestBrowserKeyboard(t *testing.T) {
	f := newFixture(t, nil)
	ctx := browser(t)
	run(t, ctx, "slash", chromedp.Navigate(f.srv.URL+"/search?q=kilicdaroglu"),
		chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("/"))
	if active := eval[string](t, ctx, `document.activeElement.id`); active != "q" {
		t.Errorf("/ focused %q", active)
	}
	run(t, ctx, "leave the box", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
	for i, key := range []string{"j", "j", "k"} {
		want := []int{0, 1, 0}[i]
		run(t, ctx, key, chromedp.KeyEvent(key))
		idx := eval[int](t, ctx, `Array.from(document.querySelectorAll("[data-hit]")).findIndex(e => e.classList.contains("current"))`)
		focused := eval[string](t, ctx, `document.activeElement.closest("[data-hit]") ? document.activeElement.getAttribute("href") : ""`)
		if idx != want || !strings.HasPrefix(focused, "/articles/") {
			t.Errorf("after %d keys: hit %d (focus %q), want %d", i+1, idx, focused, want)
		}
	}
	run(t, ctx, "help", chromedp.KeyEvent("?"))
	if !eval[bool](t, ctx, `document.getElementById("shortcuts").open`) {
		t.Error("? did not list the shortcuts")
	}
}

func TestBrowserWithoutJavaScript(t *testing.T) {
	f := newFixture(t, nil)
	ctx := browser(t)
	run(t, ctx, "search without js", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(f.srv.URL+"/search"),
		chromedp.SendKeys(chromedp.ID("q"), "çalıştay"),
		chromedp.Click(chromedp.CSS(`.searchbox button`)),
		chromedp.WaitReady(chromedp.CSS(`#q[value="çalıştay"]`)))
	if hits := hitsShown(t, ctx); !contains(hits, "Çalıştay") {
		t.Errorf("without JavaScript: %q", hits)
	}
	if !eval[bool](t, ctx, `document.querySelector("[data-shortcuts]").hidden`) {
		t.Error("the shortcuts button shows without JavaScript")
	}
}

// pagesToCheck are the pages the accessibility check and the screenshots
// cover, by name. It creates a release watch (through the API) to show.
func pagesToCheck(t *testing.T, f *fixture) [][2]string {
	watch := f.releaseWatch(t, f.ids["seed-ajans"])
	return [][2]string{
		{"search", "/search?q=kilicdaroglu"},
		{"search-story", "/search?collapse=story"},
		{"article", "/articles/" + f.ids["seed-kartal"]},
		{"similar", "/articles/" + f.ids["seed-kartal"] + "/similar"},
		{"story", "/stories/" + f.seed},
		{"sources", "/sources"},
		{"watches", "/watches"},
		{"watch", "/watches/" + watch},
		{"signin", "/signin"},
		{"search-en", "/search?q=istanbul&lang=en"},
	}
}

// axeResult is what axe.run reports that the test reads.
type axeResult struct {
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
}

// axeCheck runs axe-core on the page at path and returns its violations.
// The DevTools protocol's evaluation is not bound by the page's CSP: axe
// runs in the page without weakening the policy. before runs first.
func axeCheck(t *testing.T, ctx context.Context, url, before string) axeResult {
	t.Helper()
	axe, err := os.ReadFile("testdata/axe-core/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "axe", chromedp.Navigate(url), chromedp.Evaluate[chromedp.Void](before+";\n"+string(axe)))
	raw := eval[string](t, ctx, `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify({violations: r.violations}))`,
		chromedp.EvalAwaitPromise)
	var res axeResult
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

func TestBrowserAccessibility(t *testing.T) {
	f := newFixture(t, nil) // no api_token: the sources page shows its action forms
	ctx := browser(t)
	// The check itself: an unlabelled control is found.
	probe := axeCheck(t, ctx, f.srv.URL+"/search", `document.querySelector("main").insertAdjacentHTML("beforeend", "<input id=probe>")`)
	if len(probe.Violations) == 0 || probe.Violations[0].ID != "label" {
		t.Fatalf("axe did not find an unlabelled input: %+v", probe)
	}
	pages := append(pagesToCheck(t, f), [2]string{"capture", "/articles/" + f.ids["seed-kartal"] + "/captures/1"}, [2]string{"not-found", "/articles/nope"})
	for _, p := range pages {
		t.Run(p[0], func(t *testing.T) {
			res := axeCheck(t, ctx, f.srv.URL+p[1], "")
			for _, v := range res.Violations {
				var where []string
				for _, n := range v.Nodes {
					where = append(where, fmt.Sprint(n.Target...))
				}
				t.Errorf("%s: %s (%s) at %s", p[1], v.ID, v.Help, strings.Join(where, "; "))
			}
		})
	}
}

// TestScreenshots writes each page at desktop and phone width, with
// -screenshots DIR (go test ./web -run TestScreenshots -screenshots ../docs/screenshots).
func TestScreenshots(t *testing.T) {
	if *screenshots == "" {
		t.Skip("no -screenshots directory")
	}
	f := newFixture(t, nil)
	ctx := browser(t)
	if err := os.MkdirAll(*screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		for _, p := range pagesToCheck(t, f) {
			opts := []chromedp.EmulateViewportOption{}
			if size.mobile {
				opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
			}
			run(t, ctx, p[0], chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{}) // the language choice
				return err
			}), chromedp.EmulateViewport(size.width, size.height, opts...), chromedp.Navigate(f.srv.URL+p[1]))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(*screenshots, p[0]+"-"+size.name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
