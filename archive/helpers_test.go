package archive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

// fixture returns the bytes of a file in testdata.
// The seed text and the mozilla-2 page are shared with the warc package:
// they are kept once, in warc/testdata.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if errors.Is(err, fs.ErrNotExist) {
		b, err = os.ReadFile(filepath.Join("warc", "testdata", name))
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// openTemp opens an archive in a fresh directory, closed at the end of the test.
func openTemp(t testing.TB) (*Archive, string) {
	t.Helper()
	dir := t.TempDir()
	return openAt(t, dir), dir
}

// openAt opens the archive in dir, closed at the end of the test.
func openAt(t testing.TB, dir string) *Archive {
	t.Helper()
	a, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// idOf stands in for the crawler's ID: a hash of the canonical URL.
func idOf(canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return hex.EncodeToString(sum[:8])
}

// newArticle returns an article at url from the seed İHA item, with every
// field set and times in Istanbul time.
func newArticle(t testing.TB, source, url, body string) *article.Article {
	t.Helper()
	ist := time.FixedZone("TRT", 3*3600)
	return &article.Article{
		ID:           idOf(url),
		SourceID:     source,
		URL:          url + "?utm_source=rss",
		CanonicalURL: url,
		GUID:         "guid:" + url,
		Title:        "CHP İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı",
		Lead:         "Kartal Belediyesi çalıştaya katıldı.",
		Body:         body,
		Authors:      []string{"İHA", "Kartal Belediyesi Basın"},
		PublishedAt:  time.Date(2020, 6, 13, 14, 5, 0, 0, ist),
		UpdatedAt:    time.Date(2020, 6, 13, 15, 0, 0, 987654321, ist),
		Language:     "tr",
		Agency:       "İHA",
		Image:        "https://www.kartal.bel.tr/img/calistay.jpg",
		SimHash:      0xfedcba9876543210, // Put computes its own: this one must not be kept
	}
}

// seedBody is the text of the real İHA item.
func seedBody(t testing.TB) string {
	return string(fixture(t, "kartal-belediyesi-2020-06-iha.txt"))
}

// pageResponse is the HTTP response of an article page.
func pageResponse(t testing.TB, url string) article.Response {
	return article.Response{
		URL:       url,
		FetchedAt: time.Date(2020, 6, 13, 15, 30, 0, 123456789, time.FixedZone("TRT", 3*3600)),
		Status:    200,
		Proto:     "HTTP/1.1",
		Header:    [][2]string{{"Content-Type", "text/html; charset=utf-8"}, {"Server", "nginx"}},
		Body:      fixture(t, "mozilla-2.html"),
	}
}
