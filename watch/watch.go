// Package watch tells a press office where its release was carried: a
// release watch (an archived article, a page at a URL or pasted text)
// matches every archived article that copies or rewrites it, now and as
// articles arrive; a query watch matches new articles of a saved search,
// one per story. Matches are delivered through an outbox in the archive:
// an Atom feed per watch, signed webhooks and e-mail.
//
// The archive stores watches, matches and the outbox (archive/watches.go);
// this package decides what matches (Matcher), how it is delivered
// (Deliverer) and how it is shown (View, Feed).
package watch

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/fetch"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/syndication"
)

// ErrInvalid is wrapped by every *InvalidError.
var ErrInvalid = errors.New("watch: invalid")

// InvalidError reports a watch that cannot be created, and which field is
// at fault.
type InvalidError struct {
	Field, Reason string
}

func (e *InvalidError) Error() string { return fmt.Sprintf("watch: %s: %s", e.Field, e.Reason) }

// Unwrap returns ErrInvalid, for errors.Is.
func (e *InvalidError) Unwrap() error { return ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &InvalidError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Spec is a watch to create: a name and exactly one of ArticleID, URL, Text
// (a release watch) or Query (a query watch).
type Spec struct {
	Name      string   `json:"name"`
	ArticleID string   `json:"article_id,omitempty"`
	URL       string   `json:"url,omitempty"`
	Text      string   `json:"text,omitempty"`
	Title     string   `json:"title,omitempty"` // the pasted release's headline
	Query     string   `json:"query,omitempty"`
	Source    string   `json:"source,omitempty"`
	Agency    string   `json:"agency,omitempty"`
	Credit    []string `json:"credit,omitempty"` // names a credited copy names (the agency or the releasing body)
	Webhook   *Webhook `json:"webhook,omitempty"`
	Email     *Email   `json:"email,omitempty"`
}

// Webhook is where a watch POSTs its matches, and the secret it signs with.
type Webhook struct {
	URL    string `json:"url"`
	Secret string `json:"secret"`
}

// Email is who receives a watch's matches, and how often: "now" (each
// batch as it comes), "hour" or "day" (a digest).
type Email struct {
	To    []string `json:"to"`
	Every string   `json:"every"`
}

// Limits on what a watch may hold.
const (
	maxName     = 200
	maxText     = 200_000
	maxQuery    = 1000
	maxCredit   = 10
	maxEmails   = 20
	minSecret   = 16
	maxFieldLen = 200
)

// Page is a release read from a URL: what a Fetcher returns.
type Page struct {
	Title, Body, Agency string
}

// Fetcher reads and extracts the page at a URL, for a release watch by URL.
type Fetcher func(ctx context.Context, url string) (Page, error)

// Service creates watches and finds their first matches.
type Service struct {
	arch         Store
	ix           *index.Index // may be nil: no similar-article search at creation
	fetch        Fetcher      // may be nil: watches by URL are refused
	allowPrivate bool
	now          func() time.Time
	log          *slog.Logger
}

// Option changes a Service.
type Option func(*Service)

// WithFetcher lets the Service create release watches by URL.
func WithFetcher(f Fetcher) Option { return func(s *Service) { s.fetch = f } }

// WithPrivateWebhooks allows webhook URLs on loopback and private hosts
// (the config's allow_private_sources).
func WithPrivateWebhooks(ok bool) Option { return func(s *Service) { s.allowPrivate = ok } }

// WithLogger sets where the Service logs (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(s *Service) {
		if l != nil {
			s.log = l
		}
	}
}

// NewService returns a Service over the archive and (optionally) the index.
func NewService(arch Store, ix *index.Index, opts ...Option) *Service {
	s := &Service{arch: arch, ix: ix, now: time.Now, log: slog.Default()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Create validates sp, stores the watch and, for a release, records the
// archived articles that already carry it. It returns the stored watch.
func (s *Service) Create(ctx context.Context, sp Spec) (archive.Watch, error) {
	w, err := s.build(ctx, sp)
	if err != nil {
		return w, err
	}
	var bands archive.WatchBands
	var rel *release
	if w.Kind == archive.WatchRelease {
		rel = newRelease(&w)
		if len(rel.shingles) < syndication.MinShingles {
			return w, invalid(sp.kindField(), "the release is too short to recognise (at least %d words)", syndication.MinShingles+syndication.ShingleWords-1)
		}
		bands = rel.bands()
	}
	if err := s.arch.AddWatch(ctx, &w, bands); err != nil {
		return w, err
	}
	if rel != nil {
		// The watch is stored: a failure here costs only the matches
		// already archived, so it is logged, not returned.
		if err := s.matchArchived(ctx, &w, rel); err != nil {
			s.log.Warn("watch: first matches", slog.String("watch", w.ID), slog.Any("error", err))
		}
	}
	return w, nil
}

func (sp Spec) kindField() string {
	switch {
	case sp.ArticleID != "":
		return "article_id"
	case sp.URL != "":
		return "url"
	case sp.Query != "":
		return "query"
	}
	return "text"
}

// build validates sp and turns it into a watch to store.
func (s *Service) build(ctx context.Context, sp Spec) (archive.Watch, error) {
	w := archive.Watch{Name: strings.TrimSpace(sp.Name), Source: strings.TrimSpace(sp.Source), Agency: strings.TrimSpace(sp.Agency),
		CreatedAt: s.now().UTC()}
	if w.Name == "" || utf8.RuneCountInString(w.Name) > maxName || !utf8.ValidString(w.Name) || strings.IndexFunc(w.Name, unicode.IsControl) >= 0 {
		return w, invalid("name", "give a name of 1 to %d characters", maxName)
	}
	if len(w.Source) > maxFieldLen || len(w.Agency) > maxFieldLen {
		return w, invalid("source", "too long")
	}
	set := 0
	for _, v := range []string{sp.ArticleID, sp.URL, sp.Text, sp.Query} {
		if strings.TrimSpace(v) != "" {
			set++
		}
	}
	if set != 1 {
		return w, invalid("article_id", `give exactly one of "article_id", "url", "text" and "query"`)
	}
	if len(sp.Credit) > maxCredit {
		return w, invalid("credit", "at most %d names", maxCredit)
	}
	for _, c := range sp.Credit {
		if c = strings.TrimSpace(c); c != "" && len(c) <= maxFieldLen {
			w.Credit = append(w.Credit, c)
		}
	}
	if w.Agency != "" {
		w.Credit = append(w.Credit, w.Agency)
	}
	switch {
	case sp.Query != "":
		w.Kind, w.Query = archive.WatchQuery, strings.TrimSpace(sp.Query)
		if len(w.Query) > maxQuery || !utf8.ValidString(w.Query) {
			return w, invalid("query", "at most %d bytes of UTF-8", maxQuery)
		}
		if s.ix != nil {
			// A query the index cannot parse is refused now, not at every match.
			if _, err := s.ix.Search(ctx, index.Request{Query: w.Query, Size: 1, NoFacets: true}); err != nil && !errors.Is(err, context.Canceled) {
				return w, invalid("query", "%s", config.Cut(err.Error()))
			}
		}
	case sp.ArticleID != "":
		a, _, err := s.arch.Get(ctx, strings.TrimSpace(sp.ArticleID))
		if errors.Is(err, archive.ErrNotFound) {
			return w, invalid("article_id", "no archived article %s", config.Quote(sp.ArticleID))
		}
		if err != nil {
			return w, err
		}
		w.Kind, w.ArticleID = archive.WatchRelease, a.ID
		s.release(&w, a.Title, a.Body, a.Agency)
		w.URL = a.URL
	case sp.URL != "":
		u, err := url.Parse(strings.TrimSpace(sp.URL))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return w, invalid("url", "give an absolute http(s) URL")
		}
		if s.fetch == nil {
			return w, invalid("url", "watches by URL are not available here")
		}
		p, err := s.fetch(ctx, u.String())
		if err != nil {
			return w, invalid("url", "cannot read the release: %s", config.Cut(err.Error()))
		}
		w.Kind, w.URL = archive.WatchRelease, u.String()
		s.release(&w, p.Title, p.Body, p.Agency)
	default:
		if len(sp.Text) > maxText || !utf8.ValidString(sp.Text) {
			return w, invalid("text", "at most %d bytes of UTF-8", maxText)
		}
		w.Kind = archive.WatchRelease
		s.release(&w, strings.TrimSpace(sp.Title), normaliseText(sp.Text), "")
	}
	if err := s.channels(&w, sp); err != nil {
		return w, err
	}
	var err error
	if w.ID, err = randomHex(8); err == nil {
		w.FeedToken, err = randomHex(24)
	}
	return w, err
}

// release sets a release watch's text and adds its agency to the credit.
func (s *Service) release(w *archive.Watch, title, body, agency string) {
	w.Title, w.Body = title, body
	if agency != "" && !slices.Contains(w.Credit, agency) {
		w.Credit = append(w.Credit, agency)
	}
}

// normaliseText makes pasted text's paragraphs those of an archived body:
// blank-line separated, lines of one paragraph joined.
func normaliseText(t string) string {
	t = strings.ReplaceAll(strings.ReplaceAll(t, "\r\n", "\n"), "\r", "\n")
	var paras []string
	for _, p := range strings.Split(t, "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

// channels validates and sets the webhook and e-mail of w.
func (s *Service) channels(w *archive.Watch, sp Spec) error {
	if h := sp.Webhook; h != nil && h.URL != "" {
		u, err := url.Parse(h.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return invalid("webhook.url", "give an absolute http(s) URL")
		}
		if !s.allowPrivate && fetch.IsPrivateHost(u.Hostname()) {
			return invalid("webhook.url", "%s is a private address", config.Quote(u.Hostname()))
		}
		if len(h.Secret) < minSecret || len(h.Secret) > 256 {
			return invalid("webhook.secret", "give a secret of %d to 256 bytes", minSecret)
		}
		w.WebhookURL, w.WebhookSecret = u.String(), h.Secret
	}
	if e := sp.Email; e != nil && len(e.To) > 0 {
		if len(e.To) > maxEmails {
			return invalid("email.to", "at most %d addresses", maxEmails)
		}
		for _, to := range e.To {
			a, err := mail.ParseAddress(to)
			if err != nil || strings.ContainsAny(a.Address, "\r\n") {
				return invalid("email.to", "%s is no e-mail address", config.Quote(to))
			}
			w.EmailTo = append(w.EmailTo, a.Address)
		}
		switch e.Every {
		case "":
			w.EmailEvery = "now"
		case "now", "hour", "day":
			w.EmailEvery = e.Every
		default:
			return invalid("email.every", `give "now", "hour" or "day"`)
		}
	}
	return nil
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("watch: random: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// matchArchived records the archived articles that carry a new release
// watch's text: those sharing an LSH band with it (then their clusters'
// other copies) and, for an archived release, the index's similar
// articles (rewrites share few shingles).
func (s *Service) matchArchived(ctx context.Context, w *archive.Watch, rel *release) error {
	ids := map[string]bool{}
	if w.ArticleID != "" {
		ids[w.ArticleID] = true
	}
	if b := rel.bands()[familyCopy]; b != nil {
		found, err := s.arch.Candidates(ctx, b, s.now(), archiveWindow)
		if err != nil {
			return err
		}
		for _, id := range found {
			ids[id] = true
		}
	}
	if s.ix != nil {
		// Rewrites share too few shingles for the bands: the index finds
		// articles on the same words, each then compared exactly.
		var res *index.Result
		var err error
		if w.ArticleID != "" {
			res, err = s.ix.Similar(ctx, w.ArticleID, similarHits)
		} else if terms := keyWords(w.Body, 12); len(terms) > 0 {
			res, err = s.ix.Search(ctx, index.Request{Query: strings.Join(terms, " OR "), Size: similarHits, NoFacets: true})
		}
		if err != nil {
			return err
		}
		if res != nil {
			for _, h := range res.Hits {
				ids[h.ID] = true
			}
		}
	}
	var arts []*article.Article
	clusters := map[string]bool{}
	for id := range ids {
		a, _, err := s.arch.Get(ctx, id)
		if errors.Is(err, archive.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		arts = append(arts, a)
		if !clusters[a.ClusterID] {
			clusters[a.ClusterID] = true
			members, err := s.arch.ClusterMembers(ctx, a.ClusterID)
			if err != nil {
				return err
			}
			for _, m := range members {
				if !ids[m.ID] {
					ids[m.ID] = true
					arts = append(arts, m)
				}
			}
		}
	}
	slices.SortFunc(arts, func(a, b *article.Article) int { return int(a.Seq - b.Seq) })
	var ms []archive.Match
	for _, a := range arts {
		if m, ok := rel.compare(w, newArticleText(a)); ok {
			ms = append(ms, m)
		}
	}
	_, err := s.arch.RecordMatches(ctx, archive.NewMatches{Matches: ms})
	return err
}

// similarHits is how many of the index's most similar articles a new
// release watch compares.
const similarHits = 50

// keyWords returns up to n of body's most frequent words of five letters
// or more (normalised as syndication.Words), most frequent first: a query
// for the articles on the same subject.
func keyWords(body string, n int) []string {
	count := map[string]int{}
	var order []string
	for _, w := range syndication.Words(body) {
		if utf8.RuneCountInString(w) < 5 {
			continue
		}
		if count[w] == 0 {
			order = append(order, w)
		}
		count[w]++
	}
	slices.SortStableFunc(order, func(a, b string) int { return count[b] - count[a] })
	return order[:min(n, len(order))]
}

// archiveWindow is how far back in first-seen time a new release watch
// looks for copies already archived.
const archiveWindow = 5 * 365 * 24 * time.Hour
