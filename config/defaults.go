package config

import (
	_ "embed"
	"fmt"
	"sync"
	"time"
)

// Built-in settings, used for every key a file (or defaults.yaml) leaves out.
const (
	defaultDataDir      = "./data"
	defaultListen       = "127.0.0.1:8080"
	defaultUserAgent    = "Haberci/1.0 (+https://github.com/haberci/haberci)"
	defaultConcurrency  = 8
	defaultPerHost      = time.Second
	defaultTimeout      = 20 * time.Second
	defaultMaxBodyBytes = 10 << 20
	defaultMaxItems     = 200
	// maxRevisits bounds crawl.revisit: each step is one more fetch of
	// every article.
	maxRevisits       = 16
	defaultNearWindow = 30 * 24 * time.Hour
)

// defaultsYAML is the configuration used without --config: the real Turkish
// agency, municipality and outlet sources.
//
//go:embed defaults.yaml
var defaultsYAML []byte

// builtin returns the settings without sources.
func builtin() *Config {
	return &Config{
		DataDir:             defaultDataDir,
		Listen:              defaultListen,
		UserAgent:           defaultUserAgent,
		NearWindow:          defaultNearWindow,
		LogFormat:           LogText,
		MinScheduleInterval: DefaultMinScheduleInterval,
		MaxSources:          DefaultMaxSources,
		LeaseTTL:            DefaultLeaseTTL,
		Crawl: Crawl{
			Concurrency:     defaultConcurrency,
			PerHostInterval: defaultPerHost,
			Timeout:         defaultTimeout,
			MaxBodyBytes:    defaultMaxBodyBytes,
			Robots:          true,
			MaxItems:        defaultMaxItems,
			Revisit:         []time.Duration{time.Hour, 24 * time.Hour, 7 * 24 * time.Hour},
		},
	}
}

// embedded parses defaults.yaml once. It cannot fail at run time: a test
// parses the same bytes, so a broken file never gets past CI.
var embedded = sync.OnceValue(func() *Config {
	cfg, _, err := parse(defaultsYAML, "defaults.yaml")
	if err != nil {
		panic(fmt.Sprintf("config: embedded defaults: %v", err))
	}
	return cfg
})

// Default returns the embedded defaults. Each call returns a fresh copy that
// the caller may change.
func Default() *Config {
	cfg := embedded().clone()
	cfg.Path = ""
	return cfg
}
