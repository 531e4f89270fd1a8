package extract

import (
	"fmt"

	"github.com/andybalholm/cascadia"
)

// SelectorError reports a source selector that does not parse. goquery
// would silently match nothing; a user checking a new source's selectors
// wants to hear about the typo instead.
type SelectorError struct {
	Field    string // "content", "remove", …
	Selector string
	Err      error
}

func (e *SelectorError) Error() string {
	return fmt.Sprintf("extract: %s selector %q: %v", e.Field, e.Selector, e.Err)
}

func (e *SelectorError) Unwrap() error { return e.Err }

// Validate checks that every selector in s parses; it returns a
// *SelectorError for the first one that does not.
func (s *Selectors) Validate() error {
	if s == nil {
		return nil
	}
	fields := []struct{ name, sel string }{
		{"title", s.Title}, {"content", s.Content}, {"lead", s.Lead}, {"author", s.Author}, {"date", s.Date},
	}
	for _, r := range s.Remove {
		fields = append(fields, struct{ name, sel string }{"remove", r})
	}
	for _, f := range fields {
		if f.sel == "" {
			continue
		}
		if _, err := cascadia.Compile(f.sel); err != nil {
			return &SelectorError{Field: f.name, Selector: f.sel, Err: err}
		}
	}
	return nil
}
