package extract

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// TestCleanerUndo cleans real pages and undoes it: the page must render
// as it did before, byte for byte, for go-readability to read it.
func TestCleanerUndo(t *testing.T) {
	tests := map[string]string{
		"kartal-iha":  readFile(t, "kartal-iha.html"),
		"rtp-heise":   readFile(t, filepath.Join("rtp-heise", "source.html")),
		"aeb-82b6d78": string(gunzip(t, "aeb-82b6d780c792.html.gz")),
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(src))
			if err != nil {
				t.Fatal(err)
			}
			root := doc.Nodes[0]
			before := render(t, root)
			c := newCleaner(root)
			c.clean(root)
			if render(t, root) == before {
				t.Fatal("clean removed nothing")
			}
			c.undo()
			if after := render(t, root); after != before {
				t.Fatalf("after undo the page renders %d bytes, before %d", len(after), len(before))
			}
		})
	}
}

func render(t *testing.T, n *html.Node) string {
	t.Helper()
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
