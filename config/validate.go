package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/andybalholm/cascadia"
	"github.com/robfig/cron/v3"
)

// CronParser parses source schedules: five-field cron specs and descriptors
// such as "@every 15m" or "@hourly". The scheduler uses the same parser.
var CronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// checkCron refuses specs the scheduler would refuse.
func checkCron(spec string) error {
	if _, err := CronParser.Parse(spec); err != nil {
		return fmt.Errorf("bad cron spec %s: %s", Quote(spec), cut(err))
	}
	return nil
}

// checkURL accepts absolute http and https URLs with a host.
func checkURL(raw string) error {
	if len(raw) > MaxURLLen {
		return fmt.Errorf("URL of %d bytes, at most %d allowed", len(raw), MaxURLLen)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("bad URL %s: %s", Quote(raw), cut(errors.Unwrap(err)))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("URL %s: want an http or https URL", Quote(raw))
	}
	if u.Hostname() == "" {
		return fmt.Errorf("URL %s has no host", Quote(raw))
	}
	return nil
}

// checkSlug accepts ids of at most MaxIDLen characters made of [a-z0-9][a-z0-9-_]*: they appear in URLs,
// file names and query syntax (source:aa-guncel), so nothing else is safe.
func checkSlug(id string) error {
	if id == "" {
		return errors.New("empty id")
	}
	if len(id) > MaxIDLen {
		return fmt.Errorf("id of %d characters, at most %d allowed", len(id), MaxIDLen)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || i > 0 && (c == '-' || c == '_')
		if !ok {
			return fmt.Errorf("id %s is not a slug (want [a-z0-9][a-z0-9-_]*)", Quote(id))
		}
	}
	return nil
}

// checkType accepts the four source types.
func checkType(t string) error {
	switch t {
	case TypeFeed, TypeHTML, TypeSitemap, TypeAuto:
		return nil
	}
	return fmt.Errorf("unknown type %s (want feed, html, sitemap or auto)", Quote(t))
}

// checkSelector compiles sel the way goquery does, so a typo is found at
// load time instead of silently matching nothing during a crawl.
func checkSelector(sel string) error {
	if strings.TrimSpace(sel) == "" {
		return errors.New("empty selector")
	}
	if _, err := cascadia.Compile(sel); err != nil {
		return fmt.Errorf("bad selector %s: %s", Quote(sel), cut(err))
	}
	return nil
}

// checkListen accepts host:port (the host may be empty: all interfaces).
func checkListen(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("want host:port, got %q", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("bad port in %q", addr)
	}
	return nil
}

// checkLogFormat accepts the log formats the daemon can write.
func checkLogFormat(f string) error {
	if f != LogText && f != LogJSON {
		return fmt.Errorf("want %q or %q, got %q", LogText, LogJSON, f)
	}
	return nil
}

// checkNotEmpty refuses an empty string.
func checkNotEmpty(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("must not be empty")
	}
	return nil
}
