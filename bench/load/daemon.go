package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// daemon is a running `haberci serve` subprocess.
type daemon struct {
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:PORT
	exited chan error
}

// buildBinary compiles ./cmd/haberci of the module in root into dir.
func buildBinary(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "haberci")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/haberci")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("load: go build: %w\n%s", err, out)
	}
	return bin, nil
}

// freeAddr returns a 127.0.0.1 address nobody listens on right now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("load: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// writeConfig writes the daemon's config: the prepared data_dir and one
// feed source per local site. Source ids carry runID, so every run's
// sources are new to the archive and crawled at once.
func writeConfig(path, dataDir, listen, runID string, sites []*site) error {
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir: %q\nlisten: %q\n", dataDir, listen)
	b.WriteString("crawl: {concurrency: 4, per_host_interval: 100ms, timeout: 10s, robots: true, max_items: 200}\nsources:\n")
	for i, s := range sites {
		fmt.Fprintf(&b, "  - id: yerel-%s-%d\n    name: Yerel Haber %d\n    type: feed\n    url: %q\n    schedule: \"@every 1m\"\n    fulltext: true\n    extract: {content: \"div.news-content\", lead: \"p.lead\"}\n",
			runID, i+1, i+1, s.url+"/rss.xml")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("load: config: %w", err)
	}
	return nil
}

// startDaemon runs `bin serve --config cfg` with its log in logPath and
// waits until /healthz answers 200 or wait has passed.
func startDaemon(bin, cfg, listen, logPath string, wait time.Duration) (*daemon, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	cmd := exec.Command(bin, "serve", "--config", cfg)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("load: start daemon: %w", err)
	}
	d := &daemon{cmd: cmd, base: "http://" + listen, exited: make(chan error, 1)}
	go func() { d.exited <- cmd.Wait(); logf.Close() }()
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		select {
		case err := <-d.exited:
			return nil, fmt.Errorf("load: daemon exited before it was healthy (%v); see %s", err, logPath)
		case <-time.After(200 * time.Millisecond):
		}
		if resp, err := http.Get(d.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return d, nil
			}
		}
	}
	d.kill()
	return nil, fmt.Errorf("load: daemon not healthy after %s; see %s", wait, logPath)
}

// stop sends SIGTERM and waits for a clean exit (status 0).
func (d *daemon) stop(wait time.Duration) error {
	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("load: SIGTERM: %w", err)
	}
	select {
	case err := <-d.exited:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("load: daemon exited with %d after SIGTERM", ee.ExitCode())
		}
		return err
	case <-time.After(wait):
		d.kill()
		return fmt.Errorf("load: daemon still running %s after SIGTERM; killed", wait)
	}
}

// kill ends the daemon without ceremony (only on failure paths).
func (d *daemon) kill() {
	d.cmd.Process.Kill()
	<-d.exited
}
