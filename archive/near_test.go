package archive

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/cluster"
	"github.com/haberci/haberci/syndication"
)

// republished is the seed article as a municipality site carries it: an
// intro of its own, the last paragraphs trimmed, no credit line.
func republished(body string) string {
	paras := strings.Split(body, "\n\n")
	keep := paras[:len(paras)*2/3]
	return "Belediyemizden yapılan açıklamaya göre çalıştay büyük ilgi gördü.\n\n" + strings.Join(keep, "\n\n")
}

// otherStory is an unrelated real-looking report, long enough to compare.
const otherStory = `Üsküdar'da yarın planlı su kesintisi yapılacak. İSKİ, ana isale hattındaki arızanın gece boyunca onarılacağını bildirdi.
Kesinti sabah dokuzda başlayacak ve akşam altıya kadar sürecek. Etkilenecek mahalleler arasında Altunizade, Bulgurlu ve Kısıklı bulunuyor.
İSKİ yetkilileri vatandaşlardan anlayış beklediklerini, ihtiyaç halinde bölgeye su tankerleri gönderileceğini açıkladı.`

func TestNearCopies(t *testing.T) {
	ctx := context.Background()
	seed := seedBody(t)
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		second string
		later  time.Duration
		same   bool
	}{
		"republished copy":         {second: republished(seed), later: time.Hour, same: true},
		"copy outside the window":  {second: republished(seed), later: NearWindow + time.Hour, same: false},
		"copy seen before, stored": {second: republished(seed), later: -2 * time.Hour, same: true},
		"other story":              {second: otherStory, later: time.Hour, same: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a, _ := openTemp(t)
			one := newArticle(t, "iha", "https://iha.example/1", seed)
			one.FirstSeenAt, one.Agency = day, "İHA"
			two := newArticle(t, "kartal-bel", "https://kartal.example/2", tc.second)
			two.FirstSeenAt, two.Agency = day.Add(tc.later), ""
			s1, _, err := a.Put(ctx, one, nil)
			if err != nil {
				t.Fatal(err)
			}
			s2, _, err := a.Put(ctx, two, nil)
			if err != nil {
				t.Fatal(err)
			}
			if (s2.ClusterID == s1.ClusterID) != tc.same {
				t.Fatalf("clusters %s, %s: same=%v wanted", s1.ClusterID, s2.ClusterID, tc.same)
			}
			c, err := a.Cluster(ctx, s2.ClusterID)
			if err != nil {
				t.Fatal(err)
			}
			wantSize, wantFirst, wantAgency := int64(1), two.ID, ""
			if tc.same {
				wantSize, wantFirst, wantAgency = 2, one.ID, "İHA"
				if tc.later < 0 {
					wantFirst = two.ID
				}
			}
			sizes, err := a.ClusterSizes(ctx, []string{s1.ClusterID, s2.ClusterID, "no-such-cluster"})
			if err != nil {
				t.Fatal(err)
			}
			if sizes[s2.ClusterID] != wantSize || len(sizes) != map[bool]int{true: 1, false: 2}[tc.same] {
				t.Errorf("ClusterSizes %v, want %s: %d and no unknown id", sizes, s2.ClusterID, wantSize)
			}
			if c.Size != wantSize || c.FirstArticleID != wantFirst || c.Agency != wantAgency {
				t.Errorf("cluster %+v, want size %d first %s agency %q", c, wantSize, wantFirst, wantAgency)
			}
			// A re-crawl finds the stored article and changes nothing.
			again, created, err := a.Put(ctx, two, nil)
			if err != nil || created || again.ClusterID != s2.ClusterID || again.Seq != s2.Seq {
				t.Errorf("re-crawl: created=%v cluster %s seq %d (%v), want %s %d", created, again.ClusterID, again.Seq, err, s2.ClusterID, s2.Seq)
			}
		})
	}
}

// linkedStories cuts the seed text into two stories that overlap too
// little to be one (its start and its end) and a copy carrying most of both,
// which links them.
func linkedStories(t testing.TB) (start, end, link string) {
	t.Helper()
	words := strings.Fields(seedBody(t))
	if len(words) < 374 {
		t.Fatalf("seed has %d words, the test needs 374", len(words))
	}
	text := func(i, j int) string { return strings.Join(words[i:j], " ") }
	return text(0, 200), text(174, 374), text(26, 348)
}

// TestMergeClusters archives two stories that overlap too little to be one
// (the two ends of the seed text), then a copy carrying most of both: the
// clusters merge into the older one, and its moved members keep their Seq
// but get new change cursors so that the index sees their new cluster.
func TestMergeClusters(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	start, end, link := linkedStories(t)
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	put := func(src, url, body string, at time.Duration, agency string) *article.Article {
		t.Helper()
		art := newArticle(t, src, url, body)
		art.FirstSeenAt, art.Agency = day.Add(at), agency
		s, _, err := a.Put(ctx, art, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	older := put("kartal", "https://kartal.example/calistay", start, 0, "").ClusterID
	newer := put("iha", "https://iha.example/kilicdaroglu", end, time.Hour, "İHA").ClusterID
	put("tuzla", "https://tuzla.example/kilicdaroglu", end+"\n\nKaynak: İHA", 2*time.Hour, "İHA")
	if older == newer {
		t.Fatal("the two ends share a cluster before the merge")
	}
	lastBefore, err := a.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	linking := put("bulten", "https://bulten.example/calistay", link, 3*time.Hour, "")
	joined := linking.ClusterID
	if joined != older {
		t.Fatalf("linking copy joined %s, want the older cluster %s", joined, older)
	}
	if _, err := a.Cluster(ctx, newer); err == nil {
		t.Errorf("merged cluster %s still exists", newer)
	}
	c, err := a.Cluster(ctx, older)
	if err != nil {
		t.Fatal(err)
	}
	if c.Size != 4 || c.FirstArticleID != idOf("https://kartal.example/calistay") || c.Agency != "İHA" {
		t.Errorf("merged cluster %+v, want size 4, first the Kartal copy, agency İHA", c)
	}
	members, err := a.ClusterMembers(ctx, older)
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	for _, m := range members {
		if m.SourceID == "iha" || m.SourceID == "tuzla" {
			moved++
			// Moved before the linking copy was inserted: cursors between.
			if m.ChangeSeq <= lastBefore || m.ChangeSeq >= linking.ChangeSeq {
				t.Errorf("moved %s has change %d, want between %d and %d", m.ID, m.ChangeSeq, lastBefore, linking.ChangeSeq)
			}
			if want := map[string]int64{"iha": 2, "tuzla": 3}[m.SourceID]; m.Seq != want {
				t.Errorf("moved %s has seq %d, want %d as stored", m.ID, m.Seq, want)
			}
		}
	}
	if len(members) != 4 || moved != 2 {
		t.Errorf("%d members, %d moved; want 4 and 2", len(members), moved)
	}
}

func TestCandidates(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	seed := seedBody(t)
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	one := newArticle(t, "iha", "https://iha.example/1", seed)
	one.FirstSeenAt = day
	if _, _, err := a.Put(ctx, one, nil); err != nil {
		t.Fatal(err)
	}
	sig := syndication.Sign(syndication.Shingle(republished(seed)))
	tests := map[string]struct {
		around time.Time
		want   int
	}{
		"same day":           {day.Add(5 * time.Hour), 1},
		"outside the window": {day.Add(3 * NearWindow), 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ids, err := a.Candidates(ctx, sig.Bands(), tc.around, NearWindow)
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) != tc.want || (tc.want == 1 && ids[0] != one.ID) {
				t.Errorf("candidates %v, want %d (%s)", ids, tc.want, one.ID)
			}
		})
	}
}

func TestNearWindowOption(t *testing.T) {
	ctx := context.Background()
	seed := seedBody(t)
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		later time.Duration
		same  bool
	}{
		"inside a two-hour window":  {time.Hour, true},
		"outside a two-hour window": {3 * time.Hour, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a, err := Open(ctx, t.TempDir(), WithNearWindow(2*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			one := newArticle(t, "iha", "https://iha.example/1", seed)
			two := newArticle(t, "kartal-bel", "https://kartal.example/2", republished(seed))
			one.FirstSeenAt, two.FirstSeenAt = day, day.Add(tc.later)
			s1, _, err := a.Put(ctx, one, nil)
			if err != nil {
				t.Fatal(err)
			}
			s2, _, err := a.Put(ctx, two, nil)
			if err != nil {
				t.Fatal(err)
			}
			if (s1.ClusterID == s2.ClusterID) != tc.same {
				t.Errorf("clusters %s, %s: same=%v wanted", s1.ClusterID, s2.ClusterID, tc.same)
			}
		})
	}
}

// containedItem is a short item carried inside a long text (the seed's
// first 80 words inside the seed): Same calls them copies, but their
// shingle sets' Jaccard (0.23) is too low for a shingle band to meet; a
// term band does. It fails the test when the texts stop being such a pair.
func containedItem(t *testing.T) (short, long string) {
	t.Helper()
	long = seedBody(t)
	short = strings.Join(strings.Fields(long)[:80], " ")
	s, l := cluster.NewSketch(short), cluster.NewSketch(long)
	if _, same := syndication.Same(s.Shingles, l.Shingles); !same {
		t.Fatal("the item is no copy by Same")
	}
	if shared(s.Bands, l.Bands) || !shared(s.TermBands, l.TermBands) {
		t.Fatal("want a pair that shares a term band and no shingle band")
	}
	return short, long
}

func shared(a, b []uint64) bool {
	for i := range a {
		if i < len(b) && a[i] == b[i] {
			return true
		}
	}
	return false
}

// TestContainedCopy: a short item and the long text carrying it join one
// cluster through a term band, whichever is stored first, and whether the
// first one's bands are still pending or written.
func TestContainedCopy(t *testing.T) {
	ctx := context.Background()
	short, long := containedItem(t)
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		first, second string
		flush         bool
	}{
		"item after the long text":          {first: long, second: short},
		"long text after the item":          {first: short, second: long},
		"item after the long text, flushed": {first: long, second: short, flush: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a, dir := openTemp(t)
			one := newArticle(t, "iha", "https://iha.example/1", tc.first)
			one.FirstSeenAt = day
			s1, _, err := a.Put(ctx, one, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.flush {
				a.Close()
				a = openAt(t, dir)
			}
			two := newArticle(t, "kartal-bel", "https://kartal.example/2", tc.second)
			two.FirstSeenAt = day.Add(time.Hour)
			s2, _, err := a.Put(ctx, two, nil)
			if err != nil {
				t.Fatal(err)
			}
			if s2.ClusterID != s1.ClusterID {
				t.Fatalf("clusters %s, %s: want one", s1.ClusterID, s2.ClusterID)
			}
		})
	}
}

// TestTermCandidateCaps: the term bands add at most PerTermBand articles
// each (the earliest first seen) and MaxTermCandidates in all, after the
// shingle bands' candidates, whether the rows are stored or pending.
func TestTermCandidateCaps(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	keys := make([]uint64, cluster.NumKeys)
	for i := range keys {
		keys[i] = uint64(1000 + i) // no row has these
	}
	var set cluster.Set
	add := func(id string, band int, value uint64, later time.Duration) {
		k := make([]uint64, band+1)
		for i := range k {
			k[i] = 1 << 62 // matches no key
		}
		k[band] = value
		set.Add(id, day.Add(later), k)
	}
	keys[0] = 1
	for i := range 3 {
		add(fmt.Sprintf("copy%d", i), 0, 1, time.Duration(i)*time.Minute)
	}
	keys[cluster.TermBand0] = 7
	for i := range 5 { // one common term band: its two earliest
		add(fmt.Sprintf("a-term%d", i), cluster.TermBand0, 7, time.Duration(i)*time.Minute)
	}
	for b := 1; b <= 20; b++ { // many term bands: 16 articles in all
		keys[cluster.TermBand0+b] = uint64(100 + b)
		for i := range 2 {
			add(fmt.Sprintf("b-term%02d-%d", b, i), cluster.TermBand0+b, uint64(100+b), time.Hour)
		}
	}
	check := func(t *testing.T, ids []string) {
		t.Helper()
		if len(ids) != 3+cluster.MaxTermCandidates {
			t.Fatalf("%d candidates %v, want %d", len(ids), ids, 3+cluster.MaxTermCandidates)
		}
		for i := range 3 {
			if !strings.HasPrefix(ids[i], "copy") {
				t.Fatalf("candidates %v: the shingle bands' first", ids)
			}
		}
		n := 0
		for _, id := range ids {
			if strings.HasPrefix(id, "a-term") {
				n++
				if id != "a-term0" && id != "a-term1" {
					t.Errorf("%s from the common term band, want its two earliest", id)
				}
			}
		}
		if n != cluster.PerTermBand {
			t.Errorf("%d articles from one term band, want %d", n, cluster.PerTermBand)
		}
	}
	t.Run("stored", func(t *testing.T) {
		a, _ := openTemp(t)
		err := a.inTx(ctx, func(tx *sql.Tx) error { return insertBands(ctx, tx, set.Sorted()) })
		if err != nil {
			t.Fatal(err)
		}
		ids, err := cluster.Candidates(ctx, txStore{a.read}, keys, day, cluster.Lookup{Window: NearWindow})
		if err != nil {
			t.Fatal(err)
		}
		check(t, ids)
	})
	t.Run("pending", func(t *testing.T) {
		a, _ := openTemp(t)
		ids, err := cluster.Candidates(ctx, txStore{a.read}, keys, day, cluster.Lookup{Window: NearWindow, Unwritten: []cluster.Unwritten{&set}})
		if err != nil {
			t.Fatal(err)
		}
		check(t, ids)
	})
}
