package syndication

import "slices"

// Shingles is a sorted set of hashed word shingles.
type Shingles []uint64

// MaxShingles bounds a set (and the time to sign and compare it): a body
// longer than this many words is cut, which still leaves a very long prefix
// for any copy to share.
const MaxShingles = 8192

// Shingle returns the hashed ShingleWords-word shingles of body (see Words).
// A body shorter than one shingle gives one shingle of all its words, or
// none when it has no words.
func Shingle(body string) Shingles {
	return FromWords(Words(body))
}

// FromWords hashes the shingles of already normalised words.
func FromWords(words []string) Shingles {
	if len(words) == 0 {
		return nil
	}
	hs := make([]uint64, len(words))
	for i, w := range words {
		hs[i] = hashString(w)
	}
	n := max(len(hs)-ShingleWords+1, 1)
	n = min(n, MaxShingles)
	out := make(Shingles, 0, n)
	for i := range n {
		h := uint64(0x9e3779b97f4a7c15)
		for _, w := range hs[i:min(i+ShingleWords, len(hs))] {
			h = mix(h ^ w)
		}
		out = append(out, h)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// hashString is 64-bit FNV-1a: stable across runs and machines, which the
// stored bands need.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix is the splitmix64 finaliser: every input bit affects every output bit.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}
