package archive

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/cluster"
	"github.com/haberci/haberci/syndication"
)

func TestPutGetRoundTrip(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	in := newArticle(t, "kartal-bel", "https://www.kartal.bel.tr/haber/calistay", seedBody(t))
	in.FirstSeenAt = time.Date(2020, 6, 13, 15, 30, 1, 5, time.FixedZone("TRT", 3*3600))
	before := *in
	page := pageResponse(t, in.URL)
	img := article.Response{URL: in.Image, Status: 200, Header: [][2]string{{"Content-Type", "image/jpeg"}},
		Body: []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\r\n\r\n\x00")}

	stored, created, err := a.Put(ctx, in, []article.Response{page, img})
	if err != nil || !created {
		t.Fatalf("Put: created=%v err=%v", created, err)
	}
	if !reflect.DeepEqual(*in, before) {
		t.Errorf("Put modified its argument")
	}
	want := before
	want.Seq, want.ChangeSeq = 1, 1
	want.ClusterID = in.ID
	want.ContentSHA256 = ContentHash(in.Body)
	want.SimHash = cluster.SimHash(syndication.Shingle(in.Body)) // computed, the caller's ignored
	want.PublishedAt, want.FirstSeenAt, want.UpdatedAt = in.PublishedAt.UTC(), in.FirstSeenAt.UTC(), in.UpdatedAt.UTC()
	if !reflect.DeepEqual(*stored, want) {
		t.Errorf("stored =\n%+v\nwant\n%+v", *stored, want)
	}

	got, caps, err := a.Get(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, stored) {
		t.Errorf("Get =\n%+v\nwant\n%+v", *got, *stored)
	}
	if got.FirstSeenAt.Location() != time.UTC || got.FirstSeenAt.Nanosecond() != 5 {
		t.Errorf("FirstSeenAt = %v, want UTC with nanoseconds kept", got.FirstSeenAt)
	}
	if len(caps) != 2 {
		t.Fatalf("%d captures, want 2", len(caps))
	}
	for i, r := range []article.Response{page, img} {
		c := caps[i]
		if c.URL != r.URL || c.Status != 200 || !c.FetchedAt.Equal(r.FetchedAt) && !r.FetchedAt.IsZero() ||
			c.Digest != warc.Digest(r.Body) {
			t.Errorf("capture %d = %+v", i, c)
		}
		rec, err := warc.ReadRecord(a.WARCPath(c.WARCFile), c.Offset, c.Length)
		if err != nil {
			t.Fatalf("capture %d: %v", i, err)
		}
		if !bytes.Equal(rec.Payload, r.Body) || rec.Header.Get("WARC-Target-URI") != r.URL {
			t.Errorf("capture %d: record payload/URI differ", i)
		}
	}
	if caps[0].ContentType != "text/html; charset=utf-8" || caps[1].ContentType != "image/jpeg" {
		t.Errorf("content types %q, %q", caps[0].ContentType, caps[1].ContentType)
	}
	if caps[0].FetchedAt != page.FetchedAt.UTC() {
		t.Errorf("capture time %v, want %v in UTC", caps[0].FetchedAt, page.FetchedAt)
	}
}

func TestPutDefaults(t *testing.T) {
	a, _ := openTemp(t)
	in := &article.Article{ID: "x1", SourceID: "s", CanonicalURL: "https://example.org/x1"}
	start := time.Now()
	stored, _, err := a.Put(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if stored.FirstSeenAt.Before(start) || stored.FirstSeenAt.After(time.Now()) || stored.FirstSeenAt.Location() != time.UTC {
		t.Errorf("FirstSeenAt = %v, want now in UTC", stored.FirstSeenAt)
	}
	got, caps, err := a.Get(context.Background(), "x1")
	if err != nil || len(caps) != 0 {
		t.Fatalf("Get: %v, %d captures", err, len(caps))
	}
	if !reflect.DeepEqual(got, stored) || !got.PublishedAt.IsZero() || got.Authors != nil || got.ContentSHA256 != "" {
		t.Errorf("Get = %+v, want %+v with zero times, nil authors, no hash", *got, *stored)
	}
}

func TestPutSameIDTwice(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	url := "https://www.kartal.bel.tr/haber/calistay"
	first, _, err := a.Put(ctx, newArticle(t, "kartal-bel", url, seedBody(t)), []article.Response{pageResponse(t, url)})
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]*article.Article{
		"same ID, other title":  func() *article.Article { x := newArticle(t, "kartal-bel", url, "başka"); x.Title = "Yeni"; return x }(),
		"other ID, same URL":    func() *article.Article { x := newArticle(t, "kartal-bel", url, "başka"); x.ID = "other"; return x }(),
		"same ID, other source": newArticle(t, "other-source", url, seedBody(t)),
	}
	wantCaps := 1
	for name, again := range tests {
		t.Run(name, func(t *testing.T) {
			feed := article.Response{URL: url, Status: 304, FetchedAt: time.Now()}
			stored, created, err := a.Put(ctx, again, []article.Response{feed})
			if err != nil || created {
				t.Fatalf("second Put: created=%v err=%v", created, err)
			}
			if !reflect.DeepEqual(stored, first) {
				t.Errorf("second Put returned %+v, want the stored %+v", *stored, *first)
			}
			wantCaps++
			_, caps, err := a.Get(ctx, first.ID)
			if err != nil || len(caps) != wantCaps || caps[len(caps)-1].Status != 304 {
				t.Errorf("after second Put: %d captures (%v), want %d ending with the 304", len(caps), err, wantCaps)
			}
		})
	}
	if n, _ := a.Count(ctx); n != 1 {
		t.Errorf("Count = %d, want 1", n)
	}
}

func TestPutInvalid(t *testing.T) {
	a, _ := openTemp(t)
	tests := map[string]*article.Article{
		"nil":              nil,
		"no ID":            {SourceID: "s", CanonicalURL: "https://example.org/"},
		"no source":        {ID: "a", CanonicalURL: "https://example.org/"},
		"no canonical URL": {ID: "a", SourceID: "s"},
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, _, err := a.Put(context.Background(), in, nil); !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
	if _, _, err := a.Get(context.Background(), "missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(missing) = %v, want ErrNotFound", err)
	}
}

func TestClusters(t *testing.T) {
	ctx := context.Background()
	body := seedBody(t)
	respaced := strings.ToUpperSpecial(unicode.TurkishCase, strings.Join(strings.Fields(body), "  \n"))
	tests := map[string]struct {
		first, second string // bodies
		secondCluster string // the caller's ClusterID for the second article
		same          bool
	}{
		"same text at two URLs":             {first: body, second: body, same: true},
		"same text, other spacing and case": {first: body, second: respaced, same: true},
		"half the text is a copy":           {first: body, second: body[:len(body)/2], same: true},
		"other text":                        {first: body, second: "Üsküdar'da yarın su kesintisi olacak; İSKİ arızanın gece onarılacağını bildirdi ve vatandaşlardan anlayış bekledi.", same: false},
		"no text is no match":               {first: "", second: " \n ", same: false},
		"caller's near-duplicate cluster":   {first: body, second: "kısa sürüm", secondCluster: idOf("https://a.example/1"), same: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a, _ := openTemp(t)
			one := newArticle(t, "kartal-bel", "https://a.example/1", tc.first)
			one.FirstSeenAt = time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
			two := newArticle(t, "iha", "https://b.example/2", tc.second)
			two.FirstSeenAt = one.FirstSeenAt.Add(-time.Hour) // archived later, seen earlier
			two.Agency = "DHA"
			two.ClusterID = tc.secondCluster
			s1, _, err := a.Put(ctx, one, nil)
			if err != nil {
				t.Fatal(err)
			}
			s2, _, err := a.Put(ctx, two, nil)
			if err != nil {
				t.Fatal(err)
			}
			if s1.ClusterID != one.ID {
				t.Errorf("first cluster %q, want its own ID", s1.ClusterID)
			}
			if (s2.ClusterID == s1.ClusterID) != tc.same {
				t.Fatalf("clusters %q and %q, same=%v wanted", s1.ClusterID, s2.ClusterID, tc.same)
			}
			members, err := a.ClusterMembers(ctx, s1.ClusterID)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, m := range members {
				ids = append(ids, m.ID)
			}
			want := []string{one.ID}
			if tc.same {
				want = []string{two.ID, one.ID} // first seen first
			}
			if !reflect.DeepEqual(ids, want) {
				t.Errorf("members %v, want %v", ids, want)
			}
			var size int
			var firstID, agency string
			err = a.read.QueryRowContext(ctx, `SELECT size, first_article_id, agency FROM cluster WHERE id = ?`, s1.ClusterID).
				Scan(&size, &firstID, &agency)
			wantAgency := "İHA"
			if tc.same { // the agency of the first seen copy wins
				wantAgency = "DHA"
			}
			if err != nil || size != len(want) || firstID != want[0] || agency != wantAgency {
				t.Errorf("cluster row: size %d first %s agency %q (%v), want %d %s %s", size, firstID, agency, err, len(want), want[0], wantAgency)
			}
		})
	}
}
