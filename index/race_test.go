//go:build race

package index

// raceBuild is true under -race, where indexing runs several times slower:
// the relevance suite then indexes a smaller share of the corpus.
const raceBuild = true
