package config

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// maxNodes bounds the work of walking a document, aliases included, so a
// small file of nested aliases cannot make Parse run for ever.
const maxNodes = 1 << 18

// decoder walks a yaml.Node tree by hand, which keeps every node's line for
// the error messages. It collects errors instead of stopping at the first.
type decoder struct {
	file    string
	errs    []error // each an *Error
	nodes   int
	checked map[string]error // checked selectors: shared remove lists repeat them
	// schedules are the sources' schedule keys, checked against
	// min_schedule_interval once the whole file is read.
	schedules   []keyAt
	sourcesLine int
}

// keyAt is one key's value and where it stood.
type keyAt struct {
	field, value string
	line         int
}

// selector is checkSelector, remembering each answer.
func (d *decoder) selector(sel string) error {
	if err, ok := d.checked[sel]; ok {
		return err
	}
	if d.checked == nil {
		d.checked = make(map[string]error)
	}
	err := checkSelector(sel)
	d.checked[sel] = err
	return err
}

// fail records one problem found at line.
func (d *decoder) fail(line int, field string, kind error, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Kind: kind, Msg: fmt.Sprintf(format, args...)})
}

// resolve follows aliases and charges the node to the budget; it returns
// nil once the budget is spent (the error is recorded once).
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	d.nodes++
	if d.nodes == maxNodes {
		d.fail(n.Line, "", ErrTooLarge, "more than %d YAML nodes (aliases included)", maxNodes)
	}
	if d.nodes >= maxNodes {
		return nil
	}
	return n
}

// isNull reports an empty value ("key:" or "key: null"): the default stays.
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// mapping calls fn for each key of mapping n that is in known, and reports
// keys that are unknown or repeated. field is the path of n ("" at the root).
func (d *decoder) mapping(n *yaml.Node, field string, known []string, fn func(key string, v *yaml.Node, field string)) {
	if n = d.resolve(n); n == nil || isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n.Line, orRoot(field), ErrInvalid, "want a mapping, got %s", kindName(n))
		return
	}
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		sub := join(field, k.Value)
		if first, dup := seen[k.Value]; dup {
			d.fail(k.Line, sub, ErrDuplicate, "key %q given twice (first at line %d)", k.Value, first)
			continue
		}
		seen[k.Value] = k.Line
		if !slices.Contains(known, k.Value) {
			d.fail(k.Line, sub, ErrUnknownKey, "unknown key %s (known: %v)", Quote(k.Value), known)
			continue
		}
		if v = d.resolve(v); v != nil {
			fn(k.Value, v, sub)
		}
	}
}

// join appends key to a yaml path.
func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

// orRoot names the document root in messages.
func orRoot(field string) string {
	if field == "" {
		return "(document)"
	}
	return field
}

// kindName names a node kind for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}
