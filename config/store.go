package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/haberci/haberci/archive/warc"
	"go.yaml.in/yaml/v3"
)

// DefaultLeaseTTL is lease_ttl's default: how long a node's claim on a
// source lasts without renewal, so how soon another node takes over the
// sources of a node that died.
const DefaultLeaseTTL = 30 * time.Second

// Bounds of lease_ttl: a node renews every third of it, so a very short
// lease is lost to one slow database round trip; a very long one leaves a
// dead node's sources uncrawled for that long.
const (
	minLeaseTTL = 3 * time.Second
	maxLeaseTTL = time.Hour
)

// storeLines records where the store's keys were given (0: not given), for
// the checks that need the whole file.
type storeLines struct{ database, node int }

// checkDatabase accepts a postgres:// (or postgresql://) URL, or "" for
// the SQLite archive.
func checkDatabase(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error repeats the URL, which may hold a password.
		return fmt.Errorf("bad database URL: %s", cut(errors.Unwrap(err)))
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return errors.New("want a postgres:// URL (empty: the SQLite archive in data_dir)")
	}
	return nil
}

// checkNode accepts the node ids WARC file names can carry.
func checkNode(node string) error {
	if err := warc.CheckNodeID(node); err != nil {
		return fmt.Errorf("node id %s: want 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit", Quote(node))
	}
	return nil
}

// leaseTTL decodes lease_ttl within its bounds.
func (d *decoder) leaseTTL(n *yaml.Node, field string, dst *time.Duration) {
	var v time.Duration
	if d.duration(n, field, &v); v == 0 {
		return
	}
	if v < minLeaseTTL || v > maxLeaseTTL {
		d.fail(n.Line, field, ErrInvalid, "%v out of range %v..%v", v, minLeaseTTL, maxLeaseTTL)
		return
	}
	*dst = v
}

// finishStore fills the node's default, the host name, which must then be
// a node id when a database is shared.
func (d *decoder) finishStore(cfg *Config, at storeLines) {
	if at.node == 0 {
		cfg.Node = hostNode()
		if at.database != 0 && cfg.Database != "" && checkNode(cfg.Node) != nil {
			d.fail(at.database, "node", ErrMissing, "the host name %s is no node id: set node (1-63 letters, digits, '.', '_' or '-')", Quote(cfg.Node))
		}
	}
}

// hostNode is the default node id: the host name, "" when it is unknown.
func hostNode() string {
	h, err := os.Hostname()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(h)
}
