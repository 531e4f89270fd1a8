package cluster

import (
	"container/list"
	"sync"

	"github.com/haberci/haberci/syndication"
)

// Memo keeps the shingle sets of recently checked candidates and stored
// articles (Keep), so that Join
// does not shingle the same stored body for every new article: a band
// returns its earliest articles, so the same few come back for every story
// of a topic (bench/pipeline: shingling candidates was most of Join's time
// once term bands brought same-topic candidates). An entry holds the body
// it was made from and is used only for that exact body, so an article
// whose text changed is shingled again. It is bounded by MemoEntries
// entries and MemoWords shingles, least recently used out first, and safe
// for concurrent use. The zero Memo is ready to use.
type Memo struct {
	mu    sync.Mutex
	order list.List // of *memoEntry, most recently used at the front
	byID  map[string]*list.Element
	size  int // shingles held
	hits  int
	miss  int
}

// The bounds of a Memo: 1,024 entries of up to 8,192 shingles, at most
// 2^18 shingles (2 MB of hashes, about as much again of bodies) in all.
const (
	MemoEntries = 1024
	MemoWords   = 1 << 18
)

type memoEntry struct {
	id, body string
	sh       syndication.Shingles
}

// Shingles returns syndication.Shingle(body) for article id, from the memo
// when it holds id with this body.
func (m *Memo) Shingles(id, body string) syndication.Shingles {
	if m == nil {
		return syndication.Shingle(body)
	}
	m.mu.Lock()
	if el, ok := m.byID[id]; ok && el.Value.(*memoEntry).body == body {
		m.order.MoveToFront(el)
		m.hits++
		sh := el.Value.(*memoEntry).sh
		m.mu.Unlock()
		return sh
	}
	m.miss++
	m.mu.Unlock()
	sh := syndication.Shingle(body) // outside the lock: the costly part
	m.put(id, body, sh)
	return sh
}

// Keep stores the shingles of a body just sketched (Sketch.Shingles), so
// that the article is not shingled again when it becomes a candidate:
// a writer keeps each article it stores.
func (m *Memo) Keep(id, body string, sh syndication.Shingles) {
	if m != nil {
		m.put(id, body, sh)
	}
}

// put stores id's shingles, replacing what it held for id, and evicts the
// least recently used entries beyond the bounds.
func (m *Memo) put(id, body string, sh syndication.Shingles) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byID == nil {
		m.byID = map[string]*list.Element{}
	}
	if el, ok := m.byID[id]; ok {
		m.remove(el)
	}
	m.byID[id] = m.order.PushFront(&memoEntry{id: id, body: body, sh: sh})
	m.size += len(sh)
	for m.order.Len() > MemoEntries || m.size > MemoWords {
		m.remove(m.order.Back())
	}
}

func (m *Memo) remove(el *list.Element) {
	e := m.order.Remove(el).(*memoEntry)
	delete(m.byID, e.id)
	m.size -= len(e.sh)
}

// Stats returns how many lookups the memo answered and how many it had to
// shingle.
func (m *Memo) Stats() (hits, misses int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits, m.miss
}
