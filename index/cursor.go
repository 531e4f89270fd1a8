package index

import (
	"encoding/base64"
	"encoding/json"
	"strconv"

	"github.com/blevesearch/bleve/v2/search"
)

// cursor is what Result.Next encodes: the sort name and the last hit's
// place in the order, its primary key and its id.
type cursor struct {
	Sort   string   `json:"s"`
	Values []string `json:"v"` // primary key, id
}

// after is a decoded cursor: hits strictly after (value, id) follow.
type after struct{ value, id string }

// encodeCursor makes the Next cursor from the last hit of a page.
func encodeCursor(o order, hit *search.DocumentMatch) string {
	b, _ := json.Marshal(cursor{Sort: o.name, Values: []string{o.value(hit), hit.ID}}) // strings only: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// badCursor refuses a cursor this index did not make, without echoing it.
var badCursor = &ParamError{"after", "not a cursor from the next field of a search"}

// decodeCursor checks an After cursor against the request's sort.
func decodeCursor(s string, o order) (*after, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, badCursor
	}
	var c cursor
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, badCursor
	}
	if c.Sort != o.name || len(c.Values) != 2 {
		return nil, &ParamError{"after", "a cursor of another sort order"}
	}
	if _, ok := o.through(c.Values[0]); !ok {
		return nil, badCursor
	}
	return &after{value: c.Values[0], id: c.Values[1]}, nil
}

// precedes reports whether h comes at or before the cursor in order o.
func (a *after) precedes(o order, h *search.DocumentMatch) bool {
	v := o.value(h)
	if v == a.value {
		return h.ID <= a.id
	}
	probe := &search.DocumentMatch{Score: h.Score, Sort: []string{a.value}}
	if o.name == SortRelevance {
		s, _ := strconv.ParseFloat(a.value, 64) // checked by decodeCursor
		probe.Score = s
	}
	return o.cmpValue(h, probe) < 0
}
