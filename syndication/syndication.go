// Package syndication finds near-duplicate articles: the same agency item
// republished by other outlets with a new headline, an added intro, trimmed
// or reordered paragraphs, fixed typos or its credit line removed.
//
// A body becomes a set of hashed word shingles after Turkish normalisation
// (Shingles); a MinHash signature of that set (Sign) is cut into LSH bands
// (Signature.Bands) that an archive indexes to find candidates without a
// scan; candidates are then checked exactly (Compare, Same).
package syndication

// Tuning, measured on the evaluation set (see eval_test.go). Changing
// ShingleWords, NumHashes, NumBands or the seeds changes every stored band:
// archived bands would no longer meet new ones.
const (
	// ShingleWords is the shingle length in words. Four words are rare enough
	// that unrelated stories share almost none, short enough that one typo
	// costs few shingles.
	ShingleWords = 4
	// NumHashes is the MinHash signature length.
	NumHashes = 128
	// NumBands × RowsPerBand = NumHashes. Two articles become candidates when
	// one band agrees: with 32 bands of 4 rows, pairs of Jaccard 0.5 meet
	// with probability 0.87 and of Jaccard 0.1 with 0.003.
	NumBands    = 32
	RowsPerBand = NumHashes / NumBands
	// MinShingles is the smallest shingle set clustered by similarity:
	// a few words in common say nothing about two stories.
	MinShingles = 12
)
