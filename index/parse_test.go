package index

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseQuery(t *testing.T) {
	tests := map[string]struct {
		in   string
		want string
	}{
		"empty":             {"  ", "<nil>"},
		"one word":          {"İstanbul'da", "İstanbul'da"},
		"conjunction":       {"kartal belediyesi", "AND(kartal belediyesi)"},
		"phrase":            {`"tek yön iktidar"`, `"tek yön iktidar"`},
		"exclude word":      {"chp -akp", "AND(chp -akp)"},
		"exclude phrase":    {`chp -"genel başkan"`, `AND(chp -"genel başkan")`},
		"OR binds tighter":  {"chp kartal OR tuzla", "AND(chp OR(kartal tuzla))"},
		"chained OR":        {"a OR b OR c", "OR(a b c)"},
		"group":             {"(kartal OR tuzla) belediye", "AND(OR(kartal tuzla) belediye)"},
		"excluded group":    {"chp -(kartal OR tuzla)", "AND(chp -OR(kartal tuzla))"},
		"field word":        {"title:çalıştay", "title:çalıştay"},
		"field phrase":      {`title:"tek yön"`, `title:"tek yön"`},
		"field upper case":  {"SOURCE:kartal-bel agency:İHA", "AND(source:kartal-bel agency:İHA)"},
		"author":            {"author:yüksel", "author:yüksel"},
		"unknown prefix":    {"saat:10", "saat:10"},
		"url stays a word":  {"https://example.org/x", "https://example.org/x"},
		"hyphen in word":    {"covid-19", "covid-19"},
		"lower-case or":     {"kartal or tuzla", "AND(kartal or tuzla)"},
		"quote ends word":   {`a"b c"`, `AND(a "b c")`},
		"typographic apost": {"Kılıçdaroğlu’nun", "Kılıçdaroğlu’nun"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			n, err := parseQuery(tc.in)
			if err != nil {
				t.Fatalf("parseQuery(%q): %v", tc.in, err)
			}
			got := "<nil>"
			if n != nil {
				got = n.String()
			}
			if got != tc.want {
				t.Errorf("parseQuery(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := map[string]struct {
		in  string
		pos int
		msg string
	}{
		"unclosed quote":    {`istanbul "tek yön`, 10, "unclosed quote"},
		"empty phrase":      {`a ""`, 3, "empty phrase"},
		"unclosed paren":    {"(a OR b", 1, "unclosed parenthesis"},
		"stray close":       {"a)", 2, "unexpected )"},
		"empty group":       {"a ()", 3, "empty group"},
		"OR at end":         {"a OR", 3, "OR needs a term on both sides"},
		"OR at start":       {"OR a", 1, "unexpected OR"},
		"double OR":         {"a OR OR b", 3, "OR needs a term on both sides"},
		"bare field":        {"title: x", 1, "expected a word or phrase after title:"},
		"field unclosed":    {`title:"x`, 7, "unclosed quote"},
		"dangling group":    {"a -(", 4, "unclosed parenthesis"},
		"too long":          {strings.Repeat("a", 1001), 1001, "query longer than 1000 characters"},
		"too many clauses":  {strings.Repeat("a ", 65), 1, "more than 64 clauses"},
		"too deeply nested": {strings.Repeat("(", 17) + "a" + strings.Repeat(")", 17), 17, "groups nested deeper than 16"},
		"position in runes": {`çğüşöı "x`, 8, "unclosed quote"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := parseQuery(tc.in)
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("parseQuery(%q) error = %v, want *QueryError", tc.in, err)
			}
			if qe.Pos != tc.pos || qe.Msg != tc.msg {
				t.Errorf("parseQuery(%q) = at %d: %s, want at %d: %s", tc.in, qe.Pos, qe.Msg, tc.pos, tc.msg)
			}
		})
	}
}

func TestQueryErrorMessage(t *testing.T) {
	err := error(&QueryError{Pos: 7, Msg: "unclosed quote"})
	if got, want := err.Error(), "index: query: at 7: unclosed quote"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// FuzzParse checks that any input either parses or fails with a
// QueryError whose position lies inside (or just after) the query.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`a "b c" -d OR (e f)`, `title:"x`, "((a)", "-", `-"`, "a OR", "source:x agency:y author:z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n, err := parseQuery(q)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("parseQuery(%q): %v is not a QueryError", q, err)
			}
			if qe.Pos < 1 || qe.Pos > utf8.RuneCountInString(q)+1 {
				t.Fatalf("parseQuery(%q): position %d out of range", q, qe.Pos)
			}
			return
		}
		if n != nil {
			_ = n.String()
		}
	})
}
