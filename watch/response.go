package watch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/extract"
	"github.com/haberci/haberci/crawler/fetch"
	"github.com/haberci/haberci/csvsafe"
	"github.com/haberci/haberci/index"
)

// Response is a watch as the API and the CLI show it. The webhook's secret
// is never shown.
type Response struct {
	ID         string             `json:"id"`
	Name       string             `json:"name"`
	Kind       string             `json:"kind"`
	FeedURL    string             `json:"feed_url"`
	CreatedAt  Stamp              `json:"created_at"`
	ArticleID  string             `json:"article_id,omitempty"`
	URL        string             `json:"url,omitempty"`
	Query      string             `json:"query,omitempty"`
	Source     string             `json:"source,omitempty"`
	Agency     string             `json:"agency,omitempty"`
	Title      string             `json:"title,omitempty"`
	Credit     []string           `json:"credit,omitempty"`
	Webhook    *HookInfo          `json:"webhook,omitempty"`
	Email      *Email             `json:"email,omitempty"`
	Deliveries []archive.Delivery `json:"deliveries,omitempty"`
}

// HookInfo is a watch's webhook as shown: its URL, not its secret.
type HookInfo struct {
	URL string `json:"url"`
}

// ListResponse is the list of watches (GET /api/v1/watches).
type ListResponse struct {
	Watches []Response `json:"watches"`
}

// MatchesResponse is a page of a watch's matches (GET
// /api/v1/watches/{id}/matches).
type MatchesResponse struct {
	Matches []View `json:"matches"`
	Next    string `json:"next,omitempty"` // pass back as after for the next page
}

// Stamp is a time as a Response shows it: RFC 3339 in UTC, null when
// unknown (as View's times).
type Stamp time.Time

// MarshalJSON implements json.Marshaler.
func (t Stamp) MarshalJSON() ([]byte, error) { return json.Marshal(rfc3339(time.Time(t))) }

// UnmarshalJSON implements json.Unmarshaler, for clients of the API in Go.
func (t *Stamp) UnmarshalJSON(b []byte) error {
	var tt *time.Time
	if err := json.Unmarshal(b, &tt); err != nil {
		return err
	}
	*t = Stamp{}
	if tt != nil {
		*t = Stamp(*tt)
	}
	return nil
}

// DeliveryLog is how many of a watch's latest deliveries a shown watch
// carries.
const DeliveryLog = 50

// FeedURL is the absolute URL of the Atom feed with this token, on the
// listener at base ("http://host:port").
func FeedURL(base, token string) string { return base + "/feeds/watches/" + token }

// Describe shows w, its feed on the listener at base.
func Describe(w *archive.Watch, base string) Response {
	out := Response{ID: w.ID, Name: w.Name, Kind: w.Kind, FeedURL: FeedURL(base, w.FeedToken), CreatedAt: Stamp(w.CreatedAt),
		ArticleID: w.ArticleID, URL: w.URL, Query: w.Query, Source: w.Source, Agency: w.Agency, Title: w.Title, Credit: w.Credit}
	if w.WebhookURL != "" {
		out.Webhook = &HookInfo{URL: w.WebhookURL}
	}
	if len(w.EmailTo) > 0 {
		out.Email = &Email{To: w.EmailTo, Every: w.EmailEvery}
	}
	return out
}

// DescribeList shows the watches.
func DescribeList(ws []archive.Watch, base string) ListResponse {
	out := ListResponse{Watches: make([]Response, 0, len(ws))}
	for i := range ws {
		out.Watches = append(out.Watches, Describe(&ws[i], base))
	}
	return out
}

// MatchPage reads w's matches oldest first, limit (at most
// archive.MaxPage) after the match after.
func MatchPage(ctx context.Context, arch MatchReader, w *archive.Watch, after int64, limit int) (MatchesResponse, error) {
	ms, err := arch.Matches(ctx, w.ID, after, limit)
	if err != nil {
		return MatchesResponse{}, err
	}
	views, err := Views(ctx, arch, w, ms)
	if err != nil {
		return MatchesResponse{}, err
	}
	out := MatchesResponse{Matches: views}
	if out.Matches == nil {
		out.Matches = []View{}
	}
	if len(ms) == limit {
		out.Next = strconv.FormatInt(ms[len(ms)-1].ID, 10)
	}
	return out, nil
}

// WriteCSV writes matches as CSV (csvsafe: formulas defused).
func WriteCSV(w io.Writer, views []View) error {
	cw := csvsafe.NewWriter(w)
	_ = cw.Write([]string{"article_id", "url", "source", "title", "published_at", "first_seen_at", "similarity", "relation",
		"agency", "credited", "removed_at", "headline_changed", "original_title", "kept", "intro", "copies"})
	for _, v := range views {
		row := []string{v.ArticleID, v.URL, v.Source, v.Title, csvsafe.Time(v.PublishedAt), csvsafe.Time(v.FirstSeenAt),
			strconv.FormatFloat(v.Similarity, 'f', 3, 64), v.Relation, v.Agency, strconv.FormatBool(v.Credited),
			csvsafe.Time(v.RemovedAt), strconv.FormatBool(v.HeadlineChanged), v.OriginalTitle,
			strconv.FormatFloat(v.Kept, 'f', 3, 64), strconv.FormatBool(v.Intro), strconv.Itoa(v.Copies)}
		_ = cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// ForConfig is the Service the daemon and the CLI use: watches by URL
// fetch with the config's crawl limits, webhooks obey
// allow_private_sources.
func ForConfig(cfg *config.Config, arch Store, ix *index.Index, log *slog.Logger) *Service {
	client := fetch.New(fetch.Options{UserAgent: cfg.UserAgent, Timeout: cfg.Crawl.Timeout, MaxBodyBytes: cfg.Crawl.MaxBodyBytes,
		Robots: cfg.Crawl.Robots, BlockPrivate: !cfg.AllowPrivateSources, MaxRedirects: 5})
	fetcher := func(ctx context.Context, u string) (Page, error) {
		res, err := client.Get(ctx, fetch.Request{URL: u})
		if err != nil {
			return Page{}, err
		}
		if res.Body == nil {
			return Page{}, fmt.Errorf("HTTP %d", res.Status)
		}
		ex, err := extract.Page(res.Body, res.URL, nil)
		if err != nil {
			return Page{}, err
		}
		return Page{Title: ex.Title, Body: ex.Body, Agency: ex.Agency}, nil
	}
	return NewService(arch, ix, WithFetcher(fetcher), WithLogger(log), WithPrivateWebhooks(cfg.AllowPrivateSources))
}
