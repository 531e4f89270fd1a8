package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"go.yaml.in/yaml/v3"
)

// checkPrivateReads refuses private_reads without a token: the door would
// be locked with no key, and every read would answer 401. line is where
// private_reads was given (0 when it was not).
func (d *decoder) checkPrivateReads(cfg *Config, line int) {
	if cfg.PrivateReads && strings.TrimSpace(cfg.APIToken) == "" {
		d.fail(line, "private_reads", ErrMissing, "true needs api_token to be set")
	}
}

// origins decodes cors_origins: a list of origins; a single string is a
// list of one. Repeats are refused, since they hint at a typo elsewhere.
func (d *decoder) origins(n *yaml.Node, field string) []string {
	items := []*yaml.Node{n}
	switch n.Kind {
	case yaml.ScalarNode:
	case yaml.SequenceNode:
		items = n.Content
	default:
		d.fail(n.Line, field, ErrInvalid, "want a list of origins, got %s", kindName(n))
		return nil
	}
	out := make([]string, 0, len(items))
	first := make(map[string]int, len(items))
	for i, item := range items {
		if item = d.resolve(item); item == nil {
			break
		}
		f := field
		if n.Kind == yaml.SequenceNode {
			f = fmt.Sprintf("%s[%d]", field, i)
		}
		var o string
		if d.str(item, f, &o, checkOrigin); o == "" {
			continue
		}
		if line, dup := first[o]; dup {
			d.fail(item.Line, f, ErrDuplicate, "origin %q given twice (first at line %d)", o, line)
			continue
		}
		first[o] = item.Line
		out = append(out, o)
	}
	return out
}

// checkOrigin accepts an origin exactly as a browser sends it in the Origin
// header: lower-case http(s)://host[:port], no path and no trailing slash.
// The API compares origins byte for byte, so anything else never matches;
// "*" is refused because it would open the API to every web page.
func checkOrigin(o string) error {
	if o == "*" {
		return errors.New(`"*" is not allowed: list each origin`)
	}
	u, err := url.Parse(o)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("origin %q: want http(s)://host[:port]", o)
	}
	if want := u.Scheme + "://" + strings.ToLower(u.Host); o != want {
		return fmt.Errorf("origin %q: want exactly %q (no path, lower case)", o, want)
	}
	return nil
}
