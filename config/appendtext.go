package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// appendText returns data with srcs inserted as block list items after the
// last line of the last item of the sources list. An empty list
// ("sources: []", "sources:") becomes a block list. The YAML tree only
// locates the list; the text around it is copied unchanged.
func appendText(data []byte, path string, srcs []Source, note string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(path, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode || doc.Content[0].Style&yaml.FlowStyle != 0 {
		return nil, fmt.Errorf("%w: %s is not a block mapping", ErrCannotAppend, path)
	}
	root := doc.Content[0]
	k := keyIndex(root, "sources")
	if k < 0 {
		return nil, fmt.Errorf("%w: %s has no sources list, so the embedded default sources apply; "+
			"add a sources: list (copy the defaults you want from config/defaults.yaml) and import again", ErrCannotAppend, path)
	}
	key, list := root.Content[k], root.Content[k+1]
	nl := "\n"
	if strings.Contains(string(data), "\r\n") {
		nl = "\r\n"
	}
	lines := strings.SplitAfter(string(data), "\n")
	var at int              // index in lines before which the items go
	var lead, indent string // text before the items; indentation of their dashes
	switch {
	case list.Kind == yaml.SequenceNode && list.Style&yaml.FlowStyle == 0 && len(list.Content) > 0:
		at = len(lines)
		if k+2 < len(root.Content) {
			at = root.Content[k+2].Line - 1 // the next top-level key
		}
		for at > list.Line && blankOrComment(lines[at-1]) {
			at--
		}
		lead, indent = nl, strings.Repeat(" ", list.Column-1)
	case list.Line == key.Line && isEmptyList(list):
		line, ok := dropValue(lines[key.Line-1], list)
		if !ok {
			return nil, fmt.Errorf("%w: %s:%d: cannot read the sources value", ErrCannotAppend, path, list.Line)
		}
		lines[key.Line-1] = line
		at, indent = key.Line, strings.Repeat(" ", key.Column+1)
	default:
		return nil, fmt.Errorf("%w: %s:%d: sources is not a block list (\"- id: …\" lines); write it as one and import again",
			ErrCannotAppend, path, list.Line)
	}
	if at > 0 && !strings.HasSuffix(lines[at-1], "\n") {
		lines[at-1] += nl // a last line without its newline
	}
	var b strings.Builder
	b.WriteString(lead)
	if note != "" {
		b.WriteString(indent + "# " + note + nl)
	}
	for _, s := range srcs {
		text, err := entryLines(s, indent, nl)
		if err != nil {
			return nil, err
		}
		b.WriteString(text)
	}
	out := strings.Join(lines[:at], "") + b.String() + strings.Join(lines[at:], "")
	return []byte(out), nil
}

// keyIndex returns the index of key's key node in mapping m, or -1.
func keyIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// isEmptyList reports "[]", "~", "null" or nothing at all.
func isEmptyList(n *yaml.Node) bool {
	return n.Kind == yaml.SequenceNode && len(n.Content) == 0 || isNull(n)
}

// dropValue removes an empty list's value text from its key's line,
// keeping any comment after it. It reports false when the text found at
// the node's column is not the value.
func dropValue(line string, n *yaml.Node) (string, bool) {
	value := n.Value
	if n.Kind == yaml.SequenceNode {
		value = "[]"
	}
	start := n.Column - 1
	if start > len(line) || !strings.HasPrefix(line[start:], value) {
		return "", false
	}
	return line[:start] + line[start+len(value):], true
}

// blankOrComment reports a line holding nothing or only a comment.
func blankOrComment(line string) bool {
	t := strings.TrimSpace(line)
	return t == "" || strings.HasPrefix(t, "#")
}
