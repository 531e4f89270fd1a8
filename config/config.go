// Package config loads Haberci's YAML configuration: the daemon's settings,
// the crawl limits and the list of sources. Every problem found in a file is
// reported with the file name, line and field, so an operator can fix a
// config without reading Go code. Without a file the embedded defaults apply.
package config

import (
	"path/filepath"
	"time"
)

// Config is one loaded configuration. Fields absent from the file keep the
// embedded defaults.
type Config struct {
	DataDir   string // yaml data_dir: archive, WARC files and index live here
	Listen    string // yaml listen: host:port of the API
	UserAgent string // yaml user_agent: sent with every request
	APIToken  string // yaml api_token: when set, state-changing endpoints need it
	// PrivateReads is yaml private_reads: when true, reads under /api/v1 and
	// /metrics need APIToken too (/healthz stays open). Needs api_token.
	PrivateReads bool
	// CORSOrigins is yaml cors_origins: browser origins ("https://host[:port]")
	// allowed to call the API; empty means no CORS headers at all.
	CORSOrigins []string
	// NearWindow is yaml near_window: how far apart in first-seen time two
	// articles may be and still be found as copies of one agency item.
	NearWindow time.Duration
	// AllowPrivateSources is yaml allow_private_sources: when false (the
	// default), sources added at run time may not reach loopback, private
	// or link-local addresses (see PrivateBlocked).
	AllowPrivateSources bool
	// LogFormat is yaml log_format: LogText (the default) or LogJSON, for
	// log shippers. Every line the daemon writes has this one format.
	LogFormat string
	// MinScheduleInterval is yaml min_schedule_interval: the shortest time
	// between two scheduled runs of a source (default 1m, at least 10s).
	MinScheduleInterval time.Duration
	// MaxSources is yaml max_sources: how many sources, configured and
	// added at run time together, Haberci takes (default 5000).
	MaxSources int
	// Database is yaml database: a postgres:// URL makes PostgreSQL the
	// store of record, shared by every node that names it; "" (the
	// default) keeps the SQLite archive in DataDir.
	Database string
	// WARCDir is yaml warc_dir: where the captures' WARC files go; ""
	// means DataDir/warc (read it through WARC). Nodes on one database may
	// share it (a network file system): each writes files of its own,
	// named after Node.
	WARCDir string
	// Node is yaml node: this node's id among those on one database, in
	// its WARC file names and source leases (default the host name).
	Node string
	// LeaseTTL is yaml lease_ttl: how long a node's claim on a source
	// lasts unrenewed, so how soon another node takes over the sources of
	// one that died (default 30s).
	LeaseTTL time.Duration
	Crawl    Crawl // yaml crawl
	SMTP     SMTP  // yaml smtp: the mail server of watch e-mails
	Sources  []Source
	Path     string // file it was loaded from, "" for the embedded defaults (not YAML)
}

// Crawl holds the limits every fetch obeys.
type Crawl struct {
	Concurrency     int           // yaml concurrency: parallel fetches, 1..64
	PerHostInterval time.Duration // yaml per_host_interval: pause between requests to one host
	Timeout         time.Duration // yaml timeout: for one whole request
	MaxBodyBytes    int64         // yaml max_body_bytes: larger bodies are cut off
	Robots          bool          // yaml robots: obey robots.txt
	MaxItems        int           // yaml max_items: items taken per source per run
	// Revisit lists when an article's page is fetched again, as times
	// after it was first seen, rising; empty: never (yaml revisit).
	Revisit []time.Duration
}

// Source is one place Haberci crawls.
type Source struct {
	ID       string   // yaml id: a slug, unique in the file
	Name     string   // yaml name: defaults to ID
	Type     string   // yaml type: feed, html, sitemap or auto
	URL      string   // yaml url: absolute http(s) URL
	Schedule string   // yaml schedule: cron spec or "@every 15m"
	Fulltext bool     // yaml fulltext: fetch each item's page
	Extract  *Extract // yaml extract: per-source selectors, nil for generic extraction
	Links    string   // yaml links: html only, selector of the article links on the list page
	Next     string   // yaml next: html only, selector of the next-page link
	MaxPages int      // yaml max_pages: html pages followed per run, 1..100
	Origin   string   // not YAML: OriginAPI for sources added at run time, "" or OriginConfig otherwise
}

// Extract holds goquery selectors for one source's article pages. Empty
// selectors leave that part to the generic extractor.
type Extract struct {
	Title   string   // yaml title
	Content string   // yaml content: the element(s) holding the body
	Lead    string   // yaml lead
	Author  string   // yaml author
	Date    string   // yaml date
	Remove  []string // yaml remove: elements dropped before extraction
}

// Log formats.
const (
	LogText = "text"
	LogJSON = "json"
)

// Source types.
const (
	TypeFeed    = "feed"
	TypeHTML    = "html"
	TypeSitemap = "sitemap"
	TypeAuto    = "auto"
)

// WARC returns the WARC files' directory: warc_dir, else DataDir/warc
// (worked out on each call, so it follows a DataDir changed after loading).
func (c *Config) WARC() string {
	if c.WARCDir != "" {
		return c.WARCDir
	}
	return filepath.Join(c.DataDir, "warc")
}

// Source returns the source with the given id.
func (c *Config) Source(id string) (Source, bool) {
	for _, s := range c.Sources {
		if s.ID == id {
			return s, true
		}
	}
	return Source{}, false
}

// clone returns a deep copy, so callers of Default can change theirs freely.
func (c *Config) clone() *Config {
	out := *c
	out.CORSOrigins = append([]string(nil), c.CORSOrigins...)
	out.Sources = make([]Source, len(c.Sources))
	for i, s := range c.Sources {
		if s.Extract != nil {
			e := *s.Extract
			e.Remove = append([]string(nil), s.Extract.Remove...)
			s.Extract = &e
		}
		out.Sources[i] = s
	}
	return &out
}
