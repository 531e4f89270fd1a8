package index

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query language limits: beyond them a query is refused, not truncated.
const (
	maxQueryChars = 1000
	maxClauses    = 64
	maxDepth      = 16
)

// QueryError is a syntax error in a query; Pos is the 1-based character
// position it was found at.
type QueryError struct {
	Pos int
	Msg string
}

// Error implements error.
func (e *QueryError) Error() string {
	return fmt.Sprintf("index: query: at %d: %s", e.Pos, e.Msg)
}

// node is a parsed query: one of *termNode, *dateNode, *notNode, *andNode,
// *orNode.
type node interface{ String() string }

// termNode is a word or "phrase", optionally restricted to a field.
type termNode struct {
	field  string // "" or title, source, agency, author
	text   string
	phrase bool
}

// notNode excludes what its child matches.
type notNode struct{ child node }

// andNode needs all children (juxtaposition).
type andNode struct{ children []node }

// orNode needs any child. OR binds tighter than juxtaposition:
// "a b OR c" is a AND (b OR c), as in web search engines.
type orNode struct{ children []node }

func (n *termNode) String() string {
	s := n.text
	if n.phrase {
		s = `"` + s + `"`
	}
	if n.field != "" {
		s = n.field + ":" + s
	}
	return s
}

func (n *notNode) String() string { return "-" + n.child.String() }
func (n *andNode) String() string { return "AND(" + joinNodes(n.children) + ")" }
func (n *orNode) String() string  { return "OR(" + joinNodes(n.children) + ")" }

func joinNodes(ns []node) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = n.String()
	}
	return strings.Join(parts, " ")
}

// fieldPrefixes are the field: prefixes the language knows; anything else
// with a colon (a URL, "saat:10") is an ordinary word. date: takes a range
// (see parseDateRange), the others a word or phrase.
var fieldPrefixes = map[string]bool{"title": true, "source": true, "agency": true, "author": true, "date": true}

// parseQuery parses q. An empty or blank query gives a nil node.
func parseQuery(q string) (node, error) {
	if n := utf8.RuneCountInString(q); n > maxQueryChars {
		return nil, &QueryError{Pos: maxQueryChars + 1, Msg: fmt.Sprintf("query longer than %d characters", maxQueryChars)}
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if len(toks) == 0 {
		return nil, nil
	}
	n, err := p.parseAnd(0)
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		t := p.toks[p.pos]
		return nil, &QueryError{Pos: t.pos, Msg: "unexpected " + t.describe()}
	}
	if p.clauses > maxClauses {
		return nil, &QueryError{Pos: 1, Msg: fmt.Sprintf("more than %d clauses", maxClauses)}
	}
	return n, nil
}

// isWordRune reports whether r can be part of a word token.
func isWordRune(r rune) bool {
	return !unicode.IsSpace(r) && r != '(' && r != ')' && r != '"'
}
