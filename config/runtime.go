package config

import (
	"errors"
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// Where a source was defined (Source.Origin).
const (
	OriginConfig = "config" // the config file or the embedded defaults
	OriginAPI    = "api"    // added at run time: over the API or with "haberci sources add|import"
)

// PrivateBlocked reports whether fetches for s must refuse loopback,
// private and link-local addresses. Sources added at run time may not reach
// the machine's own network unless allow_private_sources says so; those of
// the config file are the operator's choice (local test sites live on
// 127.0.0.1).
func (c *Config) PrivateBlocked(s Source) bool {
	return s.Origin == OriginAPI && !c.AllowPrivateSources
}

// ParseSource decodes and validates one source given as a YAML (or JSON)
// mapping with the keys of a sources entry, under the same rules and
// defaults as an entry of the config file. name is used in error messages;
// problems are *Error values joined with errors.Join, as Parse returns them.
func ParseSource(data []byte, name string) (Source, error) {
	if len(data) > maxFileBytes {
		return Source{}, &Error{File: name, Kind: ErrTooLarge, Msg: fmt.Sprintf("larger than %d bytes", maxFileBytes)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Source{}, syntaxError(name, err)
	}
	d := &decoder{file: name}
	var s Source
	switch n := firstNode(d, &doc); {
	case n == nil:
		d.fail(0, "", ErrMissing, "empty source")
	case n.Kind != yaml.MappingNode:
		d.fail(n.Line, orRoot(""), ErrInvalid, "want a mapping, got %s", kindName(n))
	default:
		s, _ = d.source(n, "")
	}
	if len(d.errs) > 0 {
		slices.SortStableFunc(d.errs, func(a, b error) int { return a.(*Error).Line - b.(*Error).Line })
		return Source{}, errors.Join(d.errs...)
	}
	return s, nil
}

// firstNode returns the document's content, nil when it is empty.
func firstNode(d *decoder, doc *yaml.Node) *yaml.Node {
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil
	}
	return d.resolve(doc.Content[0])
}

// NewFeedSource returns a feed source with the defaults of a sources entry.
func NewFeedSource(id, name, url string) Source {
	return Source{ID: id, Name: name, Type: TypeFeed, URL: url, Schedule: defaultSchedule, Fulltext: true, MaxPages: defaultMaxPages}
}

// entry is a source spelled with the config file's keys; values equal to
// the defaults are left out, except the schedule, which a reader of the
// file wants to see.
type entry struct {
	ID       string        `json:"id" yaml:"id"`
	Name     string        `json:"name,omitempty" yaml:"name,omitempty"`
	Type     string        `json:"type" yaml:"type"`
	URL      string        `json:"url" yaml:"url"`
	Schedule string        `json:"schedule,omitempty" yaml:"schedule,omitempty"`
	Fulltext *bool         `json:"fulltext,omitempty" yaml:"fulltext,omitempty"`
	Links    string        `json:"links,omitempty" yaml:"links,omitempty"`
	Next     string        `json:"next,omitempty" yaml:"next,omitempty"`
	MaxPages int           `json:"max_pages,omitempty" yaml:"max_pages,omitempty"`
	Extract  *extractEntry `json:"extract,omitempty" yaml:"extract,omitempty"`
}

type extractEntry struct {
	Title   string   `json:"title,omitempty" yaml:"title,omitempty"`
	Content string   `json:"content,omitempty" yaml:"content,omitempty"`
	Lead    string   `json:"lead,omitempty" yaml:"lead,omitempty"`
	Author  string   `json:"author,omitempty" yaml:"author,omitempty"`
	Date    string   `json:"date,omitempty" yaml:"date,omitempty"`
	Remove  []string `json:"remove,omitempty" yaml:"remove,omitempty"`
}

// Entry returns s as a config file spells it, for encoding/json or a YAML
// encoder: ParseSource reads either form back to s (Origin aside, which is
// no config key).
func (s Source) Entry() any {
	e := entry{ID: s.ID, Name: s.Name, Type: s.Type, URL: s.URL, Schedule: s.Schedule, Links: s.Links, Next: s.Next}
	if e.Name == e.ID {
		e.Name = ""
	}
	if !s.Fulltext {
		e.Fulltext = new(bool)
	}
	if s.MaxPages != defaultMaxPages {
		e.MaxPages = s.MaxPages
	}
	if x := s.Extract; x != nil {
		e.Extract = &extractEntry{Title: x.Title, Content: x.Content, Lead: x.Lead, Author: x.Author, Date: x.Date, Remove: x.Remove}
	}
	return e
}
