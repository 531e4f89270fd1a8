package index

import (
	"strings"
	"unicode"
)

// tokKind is the kind of a lexical token of the query language.
type tokKind int

const (
	tokWord tokKind = iota
	tokPhrase
	tokOr
	tokNot
	tokOpen
	tokClose
)

// token is one lexical token; pos is its 1-based character position and
// field the field: prefix of a word or phrase.
type token struct {
	kind  tokKind
	text  string
	field string
	pos   int
}

// describe names the token for error messages.
func (t token) describe() string {
	switch t.kind {
	case tokOr:
		return "OR"
	case tokNot:
		return "-"
	case tokOpen:
		return "("
	case tokClose:
		return ")"
	case tokPhrase:
		return "phrase"
	}
	return "word " + t.text
}

// lex splits q into tokens. It fails only on an unclosed quote or a field
// prefix with nothing after it.
func lex(q string) ([]token, error) {
	rs := []rune(q)
	var toks []token
	for i := 0; i < len(rs); {
		r := rs[i]
		pos := i + 1
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			toks = append(toks, token{kind: tokOpen, pos: pos})
			i++
		case r == ')':
			toks = append(toks, token{kind: tokClose, pos: pos})
			i++
		case r == '-' && i+1 < len(rs) && (rs[i+1] == '"' || rs[i+1] == '(' || isWordRune(rs[i+1])):
			toks = append(toks, token{kind: tokNot, pos: pos})
			i++
		case r == '"':
			text, next, err := lexPhrase(rs, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tokPhrase, text: text, pos: pos})
			i = next
		default:
			j := i
			for j < len(rs) && isWordRune(rs[j]) {
				j++
			}
			word := string(rs[i:j])
			t, next, err := lexWord(rs, word, i, j)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = next
		}
	}
	return toks, nil
}

// lexPhrase reads the phrase whose opening quote is at rs[i].
func lexPhrase(rs []rune, i int) (string, int, error) {
	for j := i + 1; j < len(rs); j++ {
		if rs[j] == '"' {
			text := strings.TrimSpace(string(rs[i+1 : j]))
			if text == "" {
				return "", 0, &QueryError{Pos: i + 1, Msg: "empty phrase"}
			}
			return text, j + 1, nil
		}
	}
	return "", 0, &QueryError{Pos: i + 1, Msg: "unclosed quote"}
}

// lexWord classifies the word rs[i:j]: OR, a field prefix (with the word or
// phrase that follows it) or a plain word.
func lexWord(rs []rune, word string, i, j int) (token, int, error) {
	pos := i + 1
	if word == "OR" {
		return token{kind: tokOr, pos: pos}, j, nil
	}
	name, rest, ok := strings.Cut(word, ":")
	if !ok || !fieldPrefixes[strings.ToLower(name)] {
		return token{kind: tokWord, text: word, pos: pos}, j, nil
	}
	field := strings.ToLower(name)
	if rest != "" {
		return token{kind: tokWord, text: rest, field: field, pos: pos}, j, nil
	}
	if j < len(rs) && rs[j] == '"' {
		text, next, err := lexPhrase(rs, j)
		if err != nil {
			return token{}, 0, err
		}
		return token{kind: tokPhrase, text: text, field: field, pos: pos}, next, nil
	}
	return token{}, 0, &QueryError{Pos: pos, Msg: "expected a word or phrase after " + field + ":"}
}
