package index

import "fmt"

// parser is a recursive-descent parser over lexed tokens:
//
//	and   = or { or }
//	or    = unary { "OR" unary }
//	unary = "-" primary | primary
//	primary = "(" and ")" | word | phrase
type parser struct {
	toks    []token
	pos     int
	clauses int
}

// peek returns the next token, or false at the end.
func (p *parser) peek() (token, bool) {
	if p.pos >= len(p.toks) {
		return token{}, false
	}
	return p.toks[p.pos], true
}

// parseAnd parses juxtaposed terms up to a ")" or the end.
func (p *parser) parseAnd(depth int) (node, error) {
	var children []node
	for {
		t, ok := p.peek()
		if !ok || t.kind == tokClose {
			break
		}
		n, err := p.parseOr(depth)
		if err != nil {
			return nil, err
		}
		children = append(children, n)
	}
	if len(children) == 1 {
		return children[0], nil
	}
	return &andNode{children: children}, nil
}

// parseOr parses unary terms joined by OR.
func (p *parser) parseOr(depth int) (node, error) {
	first, err := p.parseUnary(depth)
	if err != nil {
		return nil, err
	}
	children := []node{first}
	for {
		t, ok := p.peek()
		if !ok || t.kind != tokOr {
			break
		}
		p.pos++
		if next, ok := p.peek(); !ok || next.kind == tokClose || next.kind == tokOr {
			return nil, &QueryError{Pos: t.pos, Msg: "OR needs a term on both sides"}
		}
		n, err := p.parseUnary(depth)
		if err != nil {
			return nil, err
		}
		children = append(children, n)
	}
	if len(children) == 1 {
		return first, nil
	}
	return &orNode{children: children}, nil
}

// parseUnary parses an optionally excluded primary.
func (p *parser) parseUnary(depth int) (node, error) {
	t, _ := p.peek()
	if t.kind != tokNot {
		return p.parsePrimary(depth)
	}
	p.pos++
	if _, ok := p.peek(); !ok {
		return nil, &QueryError{Pos: t.pos, Msg: "nothing to exclude after -"}
	}
	child, err := p.parsePrimary(depth)
	if err != nil {
		return nil, err
	}
	return &notNode{child: child}, nil
}

// parsePrimary parses a group, word or phrase.
func (p *parser) parsePrimary(depth int) (node, error) {
	t, ok := p.peek()
	if !ok {
		return nil, &QueryError{Pos: p.endPos(), Msg: "unexpected end of query"}
	}
	p.pos++
	switch t.kind {
	case tokWord, tokPhrase:
		p.clauses++
		if t.field == "date" {
			return dateTerm(t)
		}
		return &termNode{field: t.field, text: t.text, phrase: t.kind == tokPhrase}, nil
	case tokOpen:
		if depth >= maxDepth {
			return nil, &QueryError{Pos: t.pos, Msg: fmt.Sprintf("groups nested deeper than %d", maxDepth)}
		}
		if next, ok := p.peek(); ok && next.kind == tokClose {
			return nil, &QueryError{Pos: t.pos, Msg: "empty group"}
		}
		n, err := p.parseAnd(depth + 1)
		if err != nil {
			return nil, err
		}
		if c, ok := p.peek(); !ok || c.kind != tokClose {
			return nil, &QueryError{Pos: t.pos, Msg: "unclosed parenthesis"}
		}
		p.pos++
		return n, nil
	}
	return nil, &QueryError{Pos: t.pos, Msg: "unexpected " + short(t.describe())}
}

// dateTerm parses the range of a date: token; a phrase is no range.
func dateTerm(t token) (node, error) {
	if t.kind == tokPhrase {
		return nil, &QueryError{Pos: t.pos, Msg: "date: takes a range like 2020-06..2020-07, not a phrase"}
	}
	return parseDateRange(t.text, t.pos)
}

// endPos is the position just after the last token, for errors at the end.
func (p *parser) endPos() int {
	if len(p.toks) == 0 {
		return 1
	}
	return p.toks[len(p.toks)-1].pos + 1
}
