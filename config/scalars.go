package config

import (
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"
)

// scalar returns n's text, or ok=false (after recording why) when n is not
// a scalar. Null also gives ok=false, silently: the default stays.
func (d *decoder) scalar(n *yaml.Node, field, want string) (string, bool) {
	if isNull(n) {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n.Line, field, ErrInvalid, "want %s, got %s", want, kindName(n))
		return "", false
	}
	return n.Value, true
}

// str stores a string, after check (if any) accepts it.
func (d *decoder) str(n *yaml.Node, field string, dst *string, check func(string) error) {
	s, ok := d.scalar(n, field, "a string")
	if !ok {
		return
	}
	if check != nil {
		if err := check(s); err != nil {
			d.fail(n.Line, field, ErrInvalid, "%v", err)
			return
		}
	}
	*dst = s
}

// integer stores an integer within [lo, hi].
func (d *decoder) integer(n *yaml.Node, field string, dst *int64, lo, hi int64) {
	s, ok := d.scalar(n, field, "an integer")
	if !ok {
		return
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n.Tag != "!!int" {
		d.fail(n.Line, field, ErrInvalid, "want an integer, got %s", Quote(s))
		return
	}
	if v < lo || v > hi {
		d.fail(n.Line, field, ErrInvalid, "%d out of range %d..%d", v, lo, hi)
		return
	}
	*dst = v
}

// intField is integer for int fields.
func (d *decoder) intField(n *yaml.Node, field string, dst *int, lo, hi int) {
	v := int64(*dst)
	d.integer(n, field, &v, int64(lo), int64(hi))
	*dst = int(v)
}

// boolean stores true or false; YAML 1.1 words such as "yes" are refused,
// since they surprise more than they help.
func (d *decoder) boolean(n *yaml.Node, field string, dst *bool) {
	s, ok := d.scalar(n, field, "true or false")
	if !ok {
		return
	}
	v, err := strconv.ParseBool(s)
	if err != nil || n.Tag != "!!bool" {
		d.fail(n.Line, field, ErrInvalid, "want true or false, got %s", Quote(s))
		return
	}
	*dst = v
}

// duration stores a positive Go duration such as "1s" or "250ms".
func (d *decoder) duration(n *yaml.Node, field string, dst *time.Duration) {
	s, ok := d.scalar(n, field, "a duration")
	if !ok {
		return
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		d.fail(n.Line, field, ErrInvalid, "bad duration %s (want e.g. \"1s\", \"10ms\", \"2m\")", Quote(s))
		return
	}
	if v <= 0 {
		d.fail(n.Line, field, ErrInvalid, "duration %s must be positive", Quote(s))
		return
	}
	*dst = v
}
