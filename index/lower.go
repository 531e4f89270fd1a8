package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
)

// termFilter rewrites every token's term with one of package turkish's
// byte mappings (Turkish lower case, circumflex, ASCII fold). Bleve's own
// to_lower (v2.6.3) corrupts words that contain İ, and the generic Unicode
// rule maps I to i, so neither serves Turkish text. The mappings return the
// term itself when it does not change, so most tokens cost no allocation.
type termFilter func([]byte) []byte

// Filter rewrites every token's term in place.
func (f termFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		tok.Term = f(tok.Term)
	}
	return input
}
