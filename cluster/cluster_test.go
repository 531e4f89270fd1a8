package cluster

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/syndication"
)

// seed is the real İHA item; copy is it as a municipality site carries it
// (an intro of its own, the last paragraphs trimmed); other is another story.
func texts(t *testing.T) (seed, copy, other string) {
	t.Helper()
	b, err := os.ReadFile("testdata/kartal-belediyesi-2020-06-iha.txt")
	if err != nil {
		t.Fatal(err)
	}
	seed = string(b)
	paras := strings.Split(seed, "\n\n")
	copy = "Belediyemizden yapılan açıklamaya göre çalıştay büyük ilgi gördü.\n\n" + strings.Join(paras[:len(paras)*2/3], "\n\n")
	other = `Üsküdar'da yarın planlı su kesintisi yapılacak. İSKİ, ana isale hattındaki arızanın gece boyunca onarılacağını bildirdi.
Kesinti sabah dokuzda başlayacak ve akşam altıya kadar sürecek. Etkilenecek mahalleler arasında Altunizade, Bulgurlu ve Kısıklı bulunuyor.
İSKİ yetkilileri vatandaşlardan anlayış beklediklerini, ihtiyaç halinde bölgeye su tankerleri gönderileceğini açıkladı.`
	return seed, copy, other
}

func TestSimHash(t *testing.T) {
	seed, copy, other := texts(t)
	sim := func(s string) uint64 { return SimHash(syndication.Shingle(s)) }
	a, b, c := sim(seed), sim(copy), sim(other)
	near, far := bits.OnesCount64(a^b), bits.OnesCount64(a^c)
	if a == 0 || near >= far || near > 16 {
		t.Errorf("copy differs in %d bits, other story in %d: want the copy much closer", near, far)
	}
	if sim(seed) != a {
		t.Error("SimHash is not deterministic")
	}
	if SimHash(nil) != 0 {
		t.Error("SimHash of no shingles is not 0")
	}
}

// TestSimHashVotes checks SimHash's bit counting against the definition
// (one vote per hash and bit), on sets long enough to fill its counters
// several times over, with ties, and on hashes all alike.
func TestSimHashVotes(t *testing.T) {
	votes := func(sh syndication.Shingles) uint64 {
		var out uint64
		for i := range 64 {
			v := 0
			for _, h := range sh {
				if h&(1<<i) != 0 {
					v++
				} else {
					v--
				}
			}
			if v > 0 {
				out |= 1 << i
			}
		}
		return out
	}
	rng := rand.New(rand.NewPCG(1, 2))
	sets := map[string]syndication.Shingles{"ones": slices.Repeat(syndication.Shingles{^uint64(0)}, 1000)}
	for _, n := range []int{1, 2, 254, 255, 256, 509, 510, 511, 2000} {
		sh := make(syndication.Shingles, n)
		for i := range sh {
			sh[i] = rng.Uint64() & rng.Uint64() // biased, so that bits differ in how often they are set
		}
		sets[fmt.Sprintf("%d random", n)] = sh
	}
	for name, sh := range sets {
		t.Run(name, func(t *testing.T) {
			if got, want := SimHash(sh), votes(sh); got != want {
				t.Errorf("SimHash %016x, votes give %016x", got, want)
			}
		})
	}
}

func TestSketch(t *testing.T) {
	seed, copy, other := texts(t)
	tests := map[string]struct {
		body string
		nil  bool
	}{
		"agency item": {body: seed},
		"copy":        {body: copy},
		"other story": {body: other},
		"too short":   {body: "Kartal'da çalıştay yapıldı.", nil: true},
		"empty":       {body: "", nil: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			sk := NewSketch(tc.body)
			if (sk == nil) != tc.nil {
				t.Fatalf("sketch %v, want nil %v", sk, tc.nil)
			}
			if sk != nil && len(sk.Bands) != syndication.NumBands {
				t.Errorf("%d bands, want %d", len(sk.Bands), syndication.NumBands)
			}
		})
	}
	// The copy shares a band with the item, the other story none.
	s, c, o := NewSketch(seed), NewSketch(copy), NewSketch(other)
	shared := func(x, y *Sketch) bool {
		for i := range x.Bands {
			if x.Bands[i] == y.Bands[i] {
				return true
			}
		}
		return false
	}
	if !shared(s, c) || shared(s, o) {
		t.Errorf("shared bands: copy %v, other %v; want true, false", shared(s, c), shared(s, o))
	}
}

// TestSetMatch: pending rows are found by band and value within the time
// window, at most PerBand per band, and sorted in the store's key order.
func TestSetMatch(t *testing.T) {
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	var s Set
	bands := make([]uint64, syndication.NumBands)
	bands[0] = 1 << 63 // negative as a stored INTEGER: sorts first
	for i := range 10 {
		s.Add(string(rune('a'+i)), day.Add(time.Duration(i)*time.Hour), bands)
	}
	s.Add("late", day.Add(48*time.Hour), bands)
	var p Pending
	p.Merge(&s)
	if p.Articles() != 11 {
		t.Fatalf("%d articles pending, want 11", p.Articles())
	}
	got := p.match(1, 0, day, day.Add(24*time.Hour), nil)
	if want := []string{"a", "b", "c", "d", "e", "f", "g", "h"}; !slices.Equal(got, want) {
		t.Errorf("match = %v, want the first PerBand within the window %v", got, want)
	}
	if got := p.match(0, 1<<63, day.Add(40*time.Hour), day.Add(50*time.Hour), nil); !slices.Equal(got, []string{"late"}) {
		t.Errorf("match in a later window = %v, want [late]", got)
	}
	rows := p.Sorted()
	if len(rows) != 11*syndication.NumBands || rows[0].Band != 0 || rows[len(rows)-1].Band != syndication.NumBands-1 {
		t.Fatalf("%d rows sorted, first band %d", len(rows), rows[0].Band)
	}
	if !slices.IsSortedFunc(rows[:11], func(a, b Row) int { return a.Seen.Compare(b.Seen) }) {
		t.Error("rows of one key are not in first-seen order")
	}
	p.Clear()
	if p.Articles() != 0 || len(p.match(1, 0, day, day.Add(24*time.Hour), nil)) != 0 {
		t.Error("Clear left rows")
	}
}

// TestSetMergeShares: a merged set shares the rows of keys new to it, and
// neither set's later Adds show in the other, even where the shared rows
// have room to append into.
func TestSetMergeShares(t *testing.T) {
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	bands := make([]uint64, syndication.NumBands)
	var s, o Set
	s.Add("s1", day, bands)
	for _, id := range []string{"o1", "o2", "o3"} { // band 0: 3 rows, room for 4
		o.Add(id, day, bands[:1])
	}
	var p Set
	p.Merge(&o)
	p.Add("p1", day, bands)
	o.Add("o4", day, bands)
	p.Merge(&s)
	far := day.Add(time.Hour)
	if got, want := p.match(0, 0, day, far, nil), []string{"o1", "o2", "o3", "p1", "s1"}; !slices.Equal(got, want) {
		t.Errorf("merged set band 0: %v, want %v", got, want)
	}
	if got, want := o.match(0, 0, day, far, nil), []string{"o1", "o2", "o3", "o4"}; !slices.Equal(got, want) {
		t.Errorf("source set band 0: %v, want %v", got, want)
	}
	if got, want := p.match(1, 0, day, far, nil), []string{"p1", "s1"}; !slices.Equal(got, want) {
		t.Errorf("merged set band 1: %v, want %v", got, want)
	}
	if p.Articles() != 5 {
		t.Errorf("%d articles, want 5", p.Articles())
	}
}
