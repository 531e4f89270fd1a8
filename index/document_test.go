package index

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haberci/haberci/article"
)

// TestLeadInText checks that a lead the body opens with is indexed once,
// in the body's part of the combined text, and a lead of its own is
// indexed in its part; both are found and their snippets marked.
func TestLeadInText(t *testing.T) {
	const opening = "Belediye zeytinyağı dağıttı."
	arts := []*article.Article{
		{ID: "opens", Seq: 1, Title: "Dağıtım", Lead: opening, Body: opening + "\n\nİkinci paragraf burada."},
		{ID: "own", Seq: 2, Title: "Hasat", Lead: "Karadeniz'de fındık hasadı başladı.", Body: "Üreticiler sevinçli."},
	}
	tests := map[string]struct {
		art      *article.Article
		textLead string
		query    string
	}{
		"body opens with the lead": {arts[0], "", "zeytinyagi"},
		"lead of its own":          {arts[1], arts[1].Lead, "fındık"},
	}
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Apply(arts, 2); err != nil {
		t.Fatal(err)
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := toDoc(tc.art)[fText].([]string)[partLead]; got != tc.textLead {
				t.Errorf("text's lead part = %q, want %q", got, tc.textLead)
			}
			res, err := ix.Search(context.Background(), Request{Query: tc.query, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != 1 || res.Hits[0].ID != tc.art.ID {
				t.Fatalf("%q found %+v, want only %s", tc.query, res.Hits, tc.art.ID)
			}
			if s := res.Hits[0].Snippet; !strings.Contains(s, "<mark>") {
				t.Errorf("snippet %q marks nothing", s)
			}
		})
	}
}
