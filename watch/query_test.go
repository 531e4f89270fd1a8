package watch

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/watch/watchtest"
)

// TestQueryWatch: a query watch reports articles stored after it was
// made, one per story, and raises one volume-spike event a day.
func TestQueryWatch(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	seed, credit := seedParts(t)
	s.put(t, "ajans", "once", "Çalıştay yapıldı", append(seed, credit)) // before the watch: not reported
	mailSrv := watchtest.NewSMTPServer(t, "", "")
	svc := NewService(s.arch, s.ix)
	w, err := svc.Create(ctx, Spec{Name: "Çalıştay", Query: "çalıştay", Email: &Email{To: []string{"a@example.org"}, Every: "hour"}})
	if err != nil {
		t.Fatal(err)
	}
	// Two new copies of that story and five short notices, each its own story.
	first := s.put(t, "belediye", "kopya-1", "Çalıştay Yenikapı'da", append(seed, credit))
	s.put(t, "belediye", "kopya-2", "Tek Yön İktidar Çalıştayı", seed)
	var others []string
	for i, notice := range []string{"Gençlik çalıştayı cumartesi günü yapılacak.", "Kadın kooperatifleri çalıştayı ertelendi.",
		"Afet çalıştayına başvurular başladı.", "Tarım çalıştayı köylerde sürüyor.", "Kent konseyi çalıştayı sonuç bildirgesi yayımlandı."} {
		others = append(others, s.put(t, "yerel", "duyuru-"+string(rune('a'+i)), "Duyuru", []string{notice}).ID)
	}
	m := NewMatcher(s.arch, s.ix, nil)
	n, err := m.QueryPass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := s.arch.Matches(ctx, w.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(ms) || len(ms) != 1+len(others) {
		t.Fatalf("recorded %d, listed %d matches, want %d: %+v", n, len(ms), 1+len(others), ms)
	}
	// The story was first carried before the watch: its first new copy
	// stands for it, with every copy counted.
	if ms[0].ArticleID != first.ID || ms[0].Copies != 3 {
		t.Errorf("first match %+v, want the story's first new copy with 3 copies", ms[0])
	}
	if again, err := m.QueryPass(ctx); err != nil || again != 0 {
		t.Errorf("a second pass recorded %d (%v)", again, err)
	}
	// Seven articles today, none in the 14 days before: one spike event.
	due, err := s.arch.DueOutbox(ctx, archive.ChannelEmail, time.Now().Add(2*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	spikes := 0
	for _, it := range due {
		if it.Event == EventSpike {
			spikes++
		}
	}
	if spikes != 1 || len(due) != len(ms)+1 {
		t.Fatalf("outbox %+v, want %d matches and one spike", due, len(ms))
	}

	// The hourly digest waits for the end of the hour, then goes as one mail.
	cfg := config.Default()
	host, port, _ := strings.Cut(mailSrv.Addr, ":")
	cfg.SMTP = config.SMTP{Host: host, Port: atoi(t, port), From: "h@example.org"}
	now := time.Now()
	d := NewDeliverer(s.arch, cfg, nil, WithClock(func() time.Time { return now }))
	if sent, err := d.DeliverDue(ctx); err != nil || sent != 0 {
		t.Fatalf("before the hour ends: sent %d (%v)", sent, err)
	}
	now = now.Truncate(time.Hour).Add(time.Hour + time.Second)
	if sent, err := d.DeliverDue(ctx); err != nil || sent != len(ms)+1 {
		t.Fatalf("at the hour: sent %d (%v), want %d", sent, err, len(ms)+1)
	}
	mails := mailSrv.Wait(1, 5*time.Second)
	if len(mails) != 1 || !strings.Contains(string(mails[0].Data), "Volume spike") {
		t.Fatalf("mails: %d", len(mails))
	}
}
