package config

import (
	"strconv"
	"unicode/utf8"
)

// MaxQuoted is how many characters of user input an error message quotes:
// a 40 KB value must not come back in a 40 KB message.
const MaxQuoted = 200

// Quote quotes user input for an error message (Go syntax, as %q does),
// cut at MaxQuoted characters with "…" after the quote when cut.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= MaxQuoted {
		return strconv.Quote(s)
	}
	n := 0
	for i := range s {
		if n == MaxQuoted {
			return strconv.Quote(s[:i]) + "…"
		}
		n++
	}
	return strconv.Quote(s)
}

// Cut is user input cut at MaxQuoted characters ("…" after the cut), for
// messages that name it without quotes (a source id from a URL path).
func Cut(s string) string {
	n := 0
	for i := range s {
		if n == MaxQuoted {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// cut is an error's text cut at MaxQuoted characters: parsers' errors
// often repeat the input.
func cut(err error) string { return Cut(err.Error()) }
