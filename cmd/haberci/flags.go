package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/haberci/haberci/config"
)

// newFlags makes a subcommand's flag set with the common --config flag.
func newFlags(name, args, help string, stdout io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfgPath := fs.String("config", "", "YAML config `FILE` (default: the embedded defaults)")
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: haberci %s [--config FILE] %s\n\n%s\n\nFlags:\n", name, args, help)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs, cfgPath
}

// parse parses flags anywhere among the arguments (flag stops at the first
// positional one) and returns the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err // flag has printed the usage already
			}
			return nil, usageError{err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// loadConfig loads the config file or the embedded defaults.
func loadConfig(path string) (*config.Config, error) {
	return config.Load(path)
}
