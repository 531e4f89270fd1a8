package config

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Per-source defaults.
const (
	defaultSchedule = "@every 15m"
	defaultMaxPages = 5
	maxMaxPages     = 100
)

var (
	sourceKeys  = []string{"id", "name", "type", "url", "schedule", "fulltext", "extract", "links", "next", "max_pages"}
	extractKeys = []string{"title", "content", "lead", "author", "date", "remove"}
)

// sources decodes the sources list and checks what spans fields or
// entries: required keys, links for html sources, unique ids.
func (d *decoder) sources(n *yaml.Node, field string) []Source {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n.Line, field, ErrInvalid, "want a list of sources, got %s", kindName(n))
		return nil
	}
	d.sourcesLine = n.Line
	out := make([]Source, 0, len(n.Content))
	firstLine := make(map[string]int, len(n.Content))
	for i, item := range n.Content {
		sf := fmt.Sprintf("%s[%d]", field, i)
		if item = d.resolve(item); item == nil {
			break
		}
		if item.Kind != yaml.MappingNode {
			d.fail(item.Line, sf, ErrInvalid, "want a mapping, got %s", kindName(item))
			continue
		}
		s, lines := d.source(item, sf)
		if line, ok := lines["schedule"]; ok {
			d.schedules = append(d.schedules, keyAt{sf + ".schedule", s.Schedule, line})
		}
		if s.ID != "" {
			if first, dup := firstLine[s.ID]; dup {
				d.fail(lines["id"], sf+".id", ErrDuplicate, "duplicate id %q (first at line %d)", s.ID, first)
			} else {
				firstLine[s.ID] = lines["id"]
			}
		}
		out = append(out, s)
	}
	return out
}

// source decodes one entry and applies its defaults. It returns the line
// of each key given, for the cross-field messages.
func (d *decoder) source(n *yaml.Node, field string) (Source, map[string]int) {
	s := Source{Schedule: defaultSchedule, Fulltext: true, MaxPages: defaultMaxPages}
	lines := make(map[string]int, len(sourceKeys))
	bad := make(map[string]bool) // keys already reported: no "missing" on top
	d.mapping(n, field, sourceKeys, func(key string, v *yaml.Node, field string) {
		lines[key] = v.Line
		before := len(d.errs)
		defer func() { bad[key] = len(d.errs) > before }()
		switch key {
		case "id":
			d.str(v, field, &s.ID, checkSlug)
		case "name":
			d.str(v, field, &s.Name, checkName)
		case "type":
			d.str(v, field, &s.Type, checkType)
		case "url":
			d.str(v, field, &s.URL, checkURL)
		case "schedule":
			d.str(v, field, &s.Schedule, checkCron)
		case "fulltext":
			d.boolean(v, field, &s.Fulltext)
		case "extract":
			s.Extract = d.extract(v, field)
		case "links":
			d.str(v, field, &s.Links, d.selector)
		case "next":
			d.str(v, field, &s.Next, d.selector)
		case "max_pages":
			d.intField(v, field, &s.MaxPages, 1, maxMaxPages)
		}
	})
	for _, req := range [...][2]string{{"id", s.ID}, {"type", s.Type}, {"url", s.URL}} {
		if key := req[0]; req[1] == "" && !bad[key] {
			d.fail(n.Line, join(field, key), ErrMissing, "missing required key %q", key)
		}
	}
	if s.Type == TypeHTML && s.Links == "" && !bad["links"] {
		d.fail(n.Line, join(field, "links"), ErrMissing, "type html needs links: a selector of the article links")
	}
	if s.Type != TypeHTML && s.Type != "" {
		for _, key := range [...]string{"links", "next", "max_pages"} {
			if line, given := lines[key]; given && !bad[key] {
				d.fail(line, join(field, key), ErrInvalid, "%s applies to type html only, not %s", key, s.Type)
			}
		}
	}
	if s.Name == "" {
		s.Name = s.ID
	}
	return s, lines
}

// extract decodes the selectors block; nil for "extract:" with no value.
func (d *decoder) extract(n *yaml.Node, field string) *Extract {
	if isNull(n) {
		return nil
	}
	e := &Extract{}
	d.mapping(n, field, extractKeys, func(key string, v *yaml.Node, field string) {
		switch key {
		case "title":
			d.str(v, field, &e.Title, d.selector)
		case "content":
			d.str(v, field, &e.Content, d.selector)
		case "lead":
			d.str(v, field, &e.Lead, d.selector)
		case "author":
			d.str(v, field, &e.Author, d.selector)
		case "date":
			d.str(v, field, &e.Date, d.selector)
		case "remove":
			e.Remove = d.selectors(v, field)
		}
	})
	return e
}

// selectors decodes a list of selectors; a single string is a list of one.
func (d *decoder) selectors(n *yaml.Node, field string) []string {
	if n.Kind == yaml.ScalarNode {
		var s string
		d.str(n, field, &s, d.selector)
		if s == "" {
			return nil
		}
		return []string{s}
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n.Line, field, ErrInvalid, "want a list of selectors, got %s", kindName(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		if item = d.resolve(item); item == nil {
			break
		}
		var s string
		d.str(item, fmt.Sprintf("%s[%d]", field, i), &s, d.selector)
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// checkSourceLimits applies min_schedule_interval and max_sources, which
// may stand anywhere in the file, to the sources list.
func (d *decoder) checkSourceLimits(cfg *Config) {
	for _, k := range d.schedules {
		if err := CheckInterval(k.value, cfg.MinScheduleInterval); err != nil && k.value != "" {
			d.fail(k.line, k.field, ErrInvalid, "%v", err)
		}
	}
	if n := len(cfg.Sources); n > cfg.MaxSources {
		d.fail(d.sourcesLine, "sources", ErrInvalid, "%d sources, more than max_sources (%d)", n, cfg.MaxSources)
	}
}
