// Package article holds Haberci's data model: the article, its captures and a
// source's fetch state. Every other package speaks in these types, so this one
// imports nothing of ours.
package article

import (
	"errors"
	"strings"
	"time"
)

// ErrStorage is wrapped by a store's errors when it cannot write: a full
// disk, a read-only file system, a file size limit, an I/O error. Nothing
// was half-written; the crawler pauses until the store is writable again.
var ErrStorage = errors.New("storage is full or not writable")

// Article is one news item as archived: one canonical URL, one row.
type Article struct {
	ID            string    `json:"id"` // stable: hash of the canonical URL
	Seq           int64     `json:"-"`  // archive append order: set once when stored, never changed
	ChangeSeq     int64     `json:"-"`  // archive change cursor: renewed whenever the stored row changes; the index follows it
	SourceID      string    `json:"source"`
	URL           string    `json:"url"`
	CanonicalURL  string    `json:"canonical_url"`
	GUID          string    `json:"guid,omitempty"`
	Title         string    `json:"title"`
	Lead          string    `json:"lead"`
	Body          string    `json:"body"` // plain text, paragraphs separated by "\n\n"
	Authors       []string  `json:"authors"`
	PublishedAt   time.Time `json:"published_at"`
	FirstSeenAt   time.Time `json:"first_seen_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	RemovedAt     time.Time `json:"removed_at"` // a revisit found the page gone (404/410); zero while it is not known
	Language      string    `json:"language"`
	Agency        string    `json:"agency"`
	Image         string    `json:"image,omitempty"`
	ContentSHA256 string    `json:"content_sha256,omitempty"`
	SimHash       uint64    `json:"-"` // cluster.SimHash of the body, computed by the archive
	ClusterID     string    `json:"cluster_id"`
}

// Capture is one HTTP response kept in a WARC file.
type Capture struct {
	URL         string    `json:"url"`
	FetchedAt   time.Time `json:"fetched_at"`
	Status      int       `json:"status"`
	ContentType string    `json:"content_type"`
	WARCFile    string    `json:"warc_file"` // relative to data_dir/warc
	Offset      int64     `json:"offset"`
	Length      int64     `json:"length"`
	Digest      string    `json:"digest"` // "sha1:BASE32" of the payload, as WARC-Payload-Digest
}

// Response is an HTTP response as the crawler received it, ready to be
// written to a WARC file. Body is the payload after transfer and content
// decoding (the bytes the server meant), before any charset conversion.
type Response struct {
	URL       string
	FetchedAt time.Time
	Status    int
	Proto     string      // "HTTP/1.1"
	Header    [][2]string // as received, in order; Content-Encoding/Length rewritten to match Body
	Body      []byte
}

// FetchState is what the crawler remembers about a source between runs.
type FetchState struct {
	SourceID            string    `json:"id"`
	ETag                string    `json:"-"`
	LastModified        string    `json:"-"`
	LastFetchAt         time.Time `json:"last_fetch_at"`
	LastStatus          int       `json:"last_status"`
	LastError           string    `json:"last_error"`
	ConsecutiveFailures int       `json:"consecutive_failures"`
	NextAllowedAt       time.Time `json:"next_allowed_at"`
	// Backlog is how many new items the last run found but left for later
	// runs (max_items); 0 once the source's backlog is done.
	Backlog int `json:"backlog"`
	// ResumeURL is where the next run goes on reading deeper: the next list
	// page past max_pages, or the next older child sitemap; "" when none.
	ResumeURL string `json:"-"`
}

// BacklogPending reports whether deeper pages of the source are still to be
// read: ResumeURL is a URL, not "" (none) or the crawler's "done".
func (st FetchState) BacklogPending() bool {
	return strings.HasPrefix(st.ResumeURL, "http")
}

// Paragraphs splits a Body into its paragraphs: the blank-line separated
// parts, trimmed, empty ones dropped.
func Paragraphs(body string) []string {
	var out []string
	for _, p := range strings.Split(body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
