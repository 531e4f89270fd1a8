package cluster

import (
	"fmt"
	"slices"
	"testing"

	"github.com/haberci/haberci/syndication"
)

func TestMemoShingles(t *testing.T) {
	const body = "Ankara'da düzenlenen toplantıda belediye başkanı yeni projeleri anlattı ve soruları yanıtladı"
	const edited = "İzmir'de düzenlenen toplantıda belediye başkanı yeni projeleri anlattı ve soruları yanıtladı"
	var m Memo
	if got := m.Shingles("a", body); !slices.Equal(got, syndication.Shingle(body)) {
		t.Fatal("first lookup: not the body's shingles")
	}
	m.Shingles("a", body)
	if h, miss := m.Stats(); h != 1 || miss != 1 {
		t.Fatalf("after two lookups of one body: %d hits, %d misses, want 1 and 1", h, miss)
	}
	// The same id with another body (the article's text changed) is
	// shingled again, never answered from the memo.
	if got := m.Shingles("a", edited); !slices.Equal(got, syndication.Shingle(edited)) {
		t.Fatal("changed body: the memo answered with the old shingles")
	}
	if h, _ := m.Stats(); h != 1 {
		t.Fatalf("changed body counted as a hit (%d hits)", h)
	}
	var none *Memo
	if got := none.Shingles("a", body); !slices.Equal(got, syndication.Shingle(body)) {
		t.Fatal("nil memo: not the body's shingles")
	}
}

// TestMemoKeep: an article kept when it was stored is not shingled again
// as a candidate, unless its body changed since.
func TestMemoKeep(t *testing.T) {
	const body = "Ankara'da düzenlenen toplantıda belediye başkanı yeni projeleri anlattı ve soruları yanıtladı"
	var m Memo
	m.Keep("a", body, syndication.Shingle(body))
	if got := m.Shingles("a", body); !slices.Equal(got, syndication.Shingle(body)) {
		t.Fatal("kept article: not the body's shingles")
	}
	if got := m.Shingles("a", body+" Sonra ayrıldı."); !slices.Equal(got, syndication.Shingle(body+" Sonra ayrıldı.")) {
		t.Fatal("changed body: the memo answered with the kept shingles")
	}
	if h, miss := m.Stats(); h != 1 || miss != 1 {
		t.Fatalf("%d hits, %d misses, want 1 and 1", h, miss)
	}
	var none *Memo
	none.Keep("a", body, nil) // a writer without a memo
}

func TestMemoBounds(t *testing.T) {
	var m Memo
	for i := range MemoEntries + 10 {
		m.Shingles(fmt.Sprint("id", i), fmt.Sprintf("metin %d numaralı haberin gövdesi burada yer alıyor", i))
	}
	if m.order.Len() != MemoEntries || len(m.byID) != MemoEntries {
		t.Fatalf("%d entries (%d by id), want %d", m.order.Len(), len(m.byID), MemoEntries)
	}
	if _, ok := m.byID["id0"]; ok {
		t.Fatal("the least recently used entry was kept")
	}
	// Long bodies: the shingle bound evicts before the entry bound.
	long := make([]byte, 0, 9*syndication.MaxShingles)
	for i := range syndication.MaxShingles + 10 {
		long = fmt.Appendf(long, "k%d ", i)
	}
	for i := range 40 {
		m.Shingles(fmt.Sprint("long", i), string(long)+fmt.Sprint(i))
	}
	if m.size > MemoWords {
		t.Fatalf("%d shingles held, bound %d", m.size, MemoWords)
	}
	total := 0
	for el := m.order.Front(); el != nil; el = el.Next() {
		total += len(el.Value.(*memoEntry).sh)
	}
	if total != m.size {
		t.Fatalf("size %d, entries hold %d", m.size, total)
	}
}
