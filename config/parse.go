package config

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"go.yaml.in/yaml/v3"
)

// maxFileBytes bounds what Load reads: a config with thousands of sources
// is still far below it.
const maxFileBytes = 4 << 20

// Load reads and validates the config file at path. An empty path gives
// the embedded defaults.
func Load(path string) (*Config, error) {
	if path == "" {
		return Default(), nil
	}
	data, err := readCapped(path)
	if err != nil {
		return nil, err
	}
	return Parse(data, path)
}

// Parse decodes and validates a config document; name is used in error
// messages and stored as Path. Settings the document leaves out keep their
// defaults, key by key; without a sources key the default sources apply
// ("sources: []" means none). All problems found are returned together,
// joined with errors.Join, each an *Error.
func Parse(data []byte, name string) (*Config, error) {
	cfg, hasSources, err := parse(data, name)
	if err != nil {
		return nil, err
	}
	if !hasSources {
		cfg.Sources = Default().Sources
	}
	cfg.Path = name
	return cfg, nil
}

// parse decodes data over the built-in settings. It reports whether the
// document had a sources key.
func parse(data []byte, name string) (*Config, bool, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, false, syntaxError(name, err)
	}
	cfg := builtin()
	d := &decoder{file: name}
	hasSources, privateLine := false, 0
	var store storeLines
	if len(doc.Content) > 0 { // an empty document is a valid, empty config
		d.mapping(doc.Content[0], "", rootKeys, func(key string, v *yaml.Node, field string) {
			switch key {
			case "sources":
				hasSources = true
			case "private_reads":
				privateLine = v.Line
			case "database":
				store.database = v.Line
			case "node":
				store.node = v.Line
			}
			d.root(cfg, key, v, field)
		})
	}
	d.checkPrivateReads(cfg, privateLine)
	d.finishStore(cfg, store)
	d.checkSourceLimits(cfg)
	if len(d.errs) > 0 {
		// Cross-field checks run after their entry: sort so the report reads top-down.
		slices.SortStableFunc(d.errs, func(a, b error) int { return a.(*Error).Line - b.(*Error).Line })
		return nil, false, errors.Join(d.errs...)
	}
	return cfg, hasSources, nil
}

var (
	rootKeys  = []string{"data_dir", "listen", "user_agent", "api_token", "private_reads", "cors_origins", "near_window", "allow_private_sources", "log_format", "min_schedule_interval", "max_sources", "database", "warc_dir", "node", "lease_ttl", "crawl", "sources", "smtp"}
	crawlKeys = []string{"concurrency", "per_host_interval", "timeout", "max_body_bytes", "robots", "max_items", "revisit"}
)

// root decodes one top-level key.
func (d *decoder) root(cfg *Config, key string, v *yaml.Node, field string) {
	switch key {
	case "data_dir":
		d.str(v, field, &cfg.DataDir, checkNotEmpty)
	case "listen":
		d.str(v, field, &cfg.Listen, checkListen)
	case "user_agent":
		d.str(v, field, &cfg.UserAgent, checkNotEmpty)
	case "api_token":
		d.str(v, field, &cfg.APIToken, nil)
	case "private_reads":
		d.boolean(v, field, &cfg.PrivateReads)
	case "cors_origins":
		cfg.CORSOrigins = d.origins(v, field)
	case "near_window":
		d.duration(v, field, &cfg.NearWindow)
	case "allow_private_sources":
		d.boolean(v, field, &cfg.AllowPrivateSources)
	case "log_format":
		d.str(v, field, &cfg.LogFormat, checkLogFormat)
	case "min_schedule_interval":
		d.duration(v, field, &cfg.MinScheduleInterval)
		if cfg.MinScheduleInterval < FloorScheduleInterval {
			d.fail(v.Line, field, ErrInvalid, "%v is below the floor of %v", cfg.MinScheduleInterval, FloorScheduleInterval)
		}
	case "max_sources":
		d.intField(v, field, &cfg.MaxSources, 1, 1_000_000)
	case "database":
		d.str(v, field, &cfg.Database, checkDatabase)
	case "warc_dir":
		d.str(v, field, &cfg.WARCDir, checkNotEmpty)
	case "node":
		d.str(v, field, &cfg.Node, checkNode)
	case "lease_ttl":
		d.leaseTTL(v, field, &cfg.LeaseTTL)
	case "crawl":
		d.mapping(v, field, crawlKeys, func(key string, v *yaml.Node, field string) {
			d.crawl(&cfg.Crawl, key, v, field)
		})
	case "sources":
		cfg.Sources = d.sources(v, field)
	case "smtp":
		d.smtp(&cfg.SMTP, v, field)
	}
}

// crawl decodes one key of the crawl section.
func (d *decoder) crawl(c *Crawl, key string, v *yaml.Node, field string) {
	switch key {
	case "concurrency":
		d.intField(v, field, &c.Concurrency, 1, 64)
	case "per_host_interval":
		d.duration(v, field, &c.PerHostInterval)
	case "timeout":
		d.duration(v, field, &c.Timeout)
	case "max_body_bytes":
		d.integer(v, field, &c.MaxBodyBytes, 1, 1<<40)
	case "robots":
		d.boolean(v, field, &c.Robots)
	case "max_items":
		d.intField(v, field, &c.MaxItems, 1, 1_000_000)
	case "revisit":
		c.Revisit = d.revisit(v, field)
	}
}

// revisit decodes crawl.revisit: a list of rising positive durations, at
// most maxRevisits; [] turns revisits off.
func (d *decoder) revisit(n *yaml.Node, field string) []time.Duration {
	if n.Kind != yaml.SequenceNode {
		d.fail(n.Line, field, ErrInvalid, "want a list of durations such as [1h, 24h, 168h], got %s", kindName(n))
		return nil
	}
	if len(n.Content) > maxRevisits {
		d.fail(n.Line, field, ErrInvalid, "%d revisits, at most %d", len(n.Content), maxRevisits)
		return nil
	}
	out := make([]time.Duration, 0, len(n.Content))
	for i, item := range n.Content {
		if item = d.resolve(item); item == nil {
			return nil
		}
		f := fmt.Sprintf("%s[%d]", field, i)
		var v time.Duration
		if d.duration(item, f, &v); v == 0 {
			return nil
		}
		if len(out) > 0 && v <= out[len(out)-1] {
			d.fail(item.Line, f, ErrInvalid, "%v is not after the revisit before it (%v)", v, out[len(out)-1])
			return nil
		}
		out = append(out, v)
	}
	return out
}
