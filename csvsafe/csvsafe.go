// Package csvsafe writes CSV that spreadsheets open without running
// anything: a cell that begins with =, +, -, @, a tab or a carriage return
// gets a leading ' (OWASP's rule for CSV injection), so a crawled title
// such as =HYPERLINK(…) shows as text. A cell that is only a number (-0.5)
// stays a number. Every CSV Haberci writes goes through it.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"
)

// Cell returns s as a spreadsheet shows it as text.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s
		}
		return "'" + s
	}
	return s
}

// Time is a time in a CSV cell: RFC 3339 in UTC, empty when unknown.
func Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Writer is a csv.Writer whose Write defuses every cell.
type Writer struct{ *csv.Writer }

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{csv.NewWriter(w)} }

// Write writes one record, each cell through Cell.
func (w *Writer) Write(record []string) error {
	safe := make([]string, len(record))
	for i, c := range record {
		safe[i] = Cell(c)
	}
	return w.Writer.Write(safe)
}
