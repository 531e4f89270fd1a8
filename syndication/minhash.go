package syndication

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrSignature is returned by ParseSignature for bytes that are no signature.
var ErrSignature = errors.New("syndication: malformed signature")

// Signature is a MinHash signature: for each of NumHashes hash functions,
// the least value over a shingle set. Two signatures agree in a position
// with probability equal to the sets' Jaccard similarity.
type Signature [NumHashes]uint32

// perm holds the multipliers and offsets of the hash functions, fixed by a
// seed so that signatures are comparable across runs.
var perm = func() (p [NumHashes][2]uint64) {
	s := uint64(0x5eed_4ab3_2020_0601)
	for i := range p {
		s += 0x9e3779b97f4a7c15
		p[i][0] = mix(s) | 1
		s += 0x9e3779b97f4a7c15
		p[i][1] = mix(s)
	}
	return p
}()

// Sign computes the signature of a shingle set. An empty set gives the
// all-ones signature, which bands treat as no signature.
func Sign(sh Shingles) Signature {
	var sig Signature
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	for _, x := range sh {
		for i, p := range perm {
			if v := uint32((p[0]*x + p[1]) >> 32); v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// Bands returns the LSH band keys: one hash per band of RowsPerBand rows,
// with the band number mixed in. Articles sharing any key are candidates.
// An empty signature has no bands.
func (s *Signature) Bands() []uint64 {
	return s.bands(RowsPerBand, 1)
}

// bands cuts the signature into bands of rows rows and hashes each with
// its number plus salt mixed in.
func (s *Signature) bands(rows int, salt uint64) []uint64 {
	if s.empty() {
		return nil
	}
	out := make([]uint64, NumHashes/rows)
	for b := range out {
		h := mix(uint64(b) + salt)
		for _, v := range s[b*rows : (b+1)*rows] {
			h = mix(h ^ uint64(v))
		}
		out[b] = h
	}
	return out
}

// Estimate is the fraction of positions where two signatures agree: an
// estimate of their sets' Jaccard similarity.
func (s *Signature) Estimate(o *Signature) float64 {
	n := 0
	for i := range s {
		if s[i] == o[i] {
			n++
		}
	}
	return float64(n) / NumHashes
}

func (s *Signature) empty() bool {
	for _, v := range s {
		if v != ^uint32(0) {
			return false
		}
	}
	return true
}

// Bytes is the compact stored form: NumHashes little-endian uint32s.
func (s *Signature) Bytes() []byte {
	b := make([]byte, 0, 4*NumHashes)
	for _, v := range s {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b
}

// ParseSignature reads what Bytes wrote.
func ParseSignature(b []byte) (Signature, error) {
	var s Signature
	if len(b) != 4*NumHashes {
		return s, fmt.Errorf("%w: %d bytes, want %d", ErrSignature, len(b), 4*NumHashes)
	}
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return s, nil
}
