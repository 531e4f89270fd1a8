package archive

import (
	"bytes"
	"context"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
)

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	url := "https://www.kartal.bel.tr/haber/calistay"
	first, _, err := a.Put(ctx, newArticle(t, "kartal-bel", url, seedBody(t)), []article.Response{pageResponse(t, url)})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	b := openAt(t, dir)
	got, caps, err := b.Get(ctx, first.ID)
	if err != nil || !reflect.DeepEqual(got, first) || len(caps) != 1 {
		t.Fatalf("after reopen: %v, %d captures; article equal: %v", err, len(caps), reflect.DeepEqual(got, first))
	}
	second, _, err := b.Put(ctx, newArticle(t, "kartal-bel", url+"-2", "ikinci haber"), []article.Response{pageResponse(t, url+"-2")})
	if err != nil {
		t.Fatal(err)
	}
	if second.Seq != 2 {
		t.Errorf("Seq after reopen = %d, want 2", second.Seq)
	}
	_, caps2, _ := b.Get(ctx, second.ID)
	if len(caps2) != 1 || caps2[0].WARCFile != caps[0].WARCFile || caps2[0].Offset != caps[0].Offset+caps[0].Length {
		t.Errorf("second capture %+v, want it appended to %s after the first", caps2, caps[0].WARCFile)
	}
	for _, c := range append(caps, caps2...) {
		if _, err := warc.ReadRecord(b.WARCPath(c.WARCFile), c.Offset, c.Length); err != nil {
			t.Error(err)
		}
	}
}

func TestSecondOpenIsRefused(t *testing.T) {
	_, dir := openTemp(t)
	if _, err := Open(context.Background(), dir); !errors.Is(err, warc.ErrLocked) {
		t.Errorf("second Open: %v, want warc.ErrLocked", err)
	}
}

// TestTornWARCTail simulates a kill -9 in the middle of writing a WARC record,
// before the transaction that would have referenced it.
func TestTornWARCTail(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	var caps []article.Capture
	for _, url := range []string{"https://example.org/1", "https://example.org/2"} {
		art, _, err := a.Put(ctx, newArticle(t, "src", url, url), []article.Response{pageResponse(t, url)})
		if err != nil {
			t.Fatal(err)
		}
		_, c, _ := a.Get(ctx, art.ID)
		caps = append(caps, c...)
	}
	a.Close()
	path := a.WARCPath(caps[1].WARCFile)
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The torn record: the first half of a copy of the last member.
	last := whole[caps[1].Offset : caps[1].Offset+caps[1].Length]
	torn := append(bytes.Clone(whole), last[:len(last)/2]...)
	if err := os.WriteFile(path, torn, 0o644); err != nil {
		t.Fatal(err)
	}

	b := openAt(t, dir)
	if st, err := os.Stat(path); err != nil || st.Size() != int64(len(whole)) {
		t.Fatalf("WARC file after reopen: %v bytes (%v), want %d", st.Size(), err, len(whole))
	}
	for _, c := range caps {
		rec, err := warc.ReadRecord(path, c.Offset, c.Length)
		if err != nil || !bytes.Equal(rec.Payload, fixture(t, "mozilla-2.html")) {
			t.Errorf("record at %d: %v", c.Offset, err)
		}
	}
	art, _, err := b.Put(ctx, newArticle(t, "src", "https://example.org/3", "üç"), []article.Response{pageResponse(t, "https://example.org/3")})
	if err != nil {
		t.Fatal(err)
	}
	_, c3, _ := b.Get(ctx, art.ID)
	if len(c3) != 1 || c3[0].Offset != int64(len(whole)) {
		t.Fatalf("new capture %+v, want it at the repaired end %d", c3, len(whole))
	}
	if _, err := warc.ReadRecord(path, c3[0].Offset, c3[0].Length); err != nil {
		t.Error(err)
	}
}
