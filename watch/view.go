package watch

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/haberci/haberci/archive"
)

// Events a webhook receives.
const (
	EventMatches = "watch.matches"
	EventSpike   = "watch.spike"
)

// View is a match as the API, the webhooks, the e-mails and the feed show
// it: the match and the article it found.
type View struct {
	ID              int64     `json:"-"`
	ArticleID       string    `json:"article_id"`
	URL             string    `json:"url"`
	Source          string    `json:"source"`
	Title           string    `json:"title"`
	PublishedAt     time.Time `json:"published_at"`
	FirstSeenAt     time.Time `json:"first_seen_at"`
	Similarity      float64   `json:"similarity"`
	Relation        string    `json:"relation"` // original, copy, rewrite; "" for a query watch
	Agency          string    `json:"agency"`
	Credited        bool      `json:"credited"`
	RemovedAt       time.Time `json:"removed_at"` // a revisit found the page gone (404/410)
	UpdatedAt       time.Time `json:"updated_at"`
	HeadlineChanged bool      `json:"headline_changed"`
	OriginalTitle   string    `json:"original_title,omitempty"`
	Kept            float64   `json:"kept"`  // share of the release's paragraphs kept
	Intro           bool      `json:"intro"` // an intro was added before the release's text
	Copies          int       `json:"copies,omitempty"`
	MatchedAt       time.Time `json:"matched_at"`
}

// MarshalJSON writes times as RFC 3339 UTC and a zero time as null.
func (v View) MarshalJSON() ([]byte, error) {
	type plain View
	return json.Marshal(struct {
		plain
		PublishedAt any `json:"published_at"`
		FirstSeenAt any `json:"first_seen_at"`
		RemovedAt   any `json:"removed_at"`
		UpdatedAt   any `json:"updated_at"`
		MatchedAt   any `json:"matched_at"`
	}{plain(v), rfc3339(v.PublishedAt), rfc3339(v.FirstSeenAt), rfc3339(v.RemovedAt), rfc3339(v.UpdatedAt), rfc3339(v.MatchedAt)})
}

func rfc3339(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// Views joins matches of w with their articles, in the given order.
func Views(ctx context.Context, arch Articles, w *archive.Watch, ms []archive.Match) ([]View, error) {
	out := make([]View, 0, len(ms))
	for _, m := range ms {
		a, _, err := arch.Get(ctx, m.ArticleID)
		if errors.Is(err, archive.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		v := View{ID: m.ID, ArticleID: a.ID, URL: a.URL, Source: a.SourceID, Title: a.Title, PublishedAt: a.PublishedAt,
			FirstSeenAt: a.FirstSeenAt, Similarity: m.Similarity, Relation: m.Relation, Agency: a.Agency, Credited: m.Credited,
			UpdatedAt: a.UpdatedAt, RemovedAt: a.RemovedAt, HeadlineChanged: m.HeadlineChanged, Kept: m.Kept, Intro: m.Intro, Copies: m.Copies, MatchedAt: m.MatchedAt}
		if m.HeadlineChanged {
			v.OriginalTitle = w.Title
		}
		out = append(out, v)
	}
	return out, nil
}
