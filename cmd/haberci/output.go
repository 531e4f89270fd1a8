package main

import (
	"encoding/json"
	"io"
)

// printJSON writes v as indented JSON, Turkish text and the characters
// HTML would escape left as they are, the way the commands' --json prints.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
