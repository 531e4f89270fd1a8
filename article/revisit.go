package article

import "time"

// Revisit is an archived article whose page is due to be fetched again, to
// learn whether it was edited or taken down.
type Revisit struct {
	Article *Article  // as stored now
	Step    int       // which revisit of the schedule this is, from 0
	DueAt   time.Time // when it became due
	// The validators of the page's last fetch, for a conditional GET.
	ETag, LastModified string
}

// Revisited is what a revisit found, for the store to record in one go.
type Revisited struct {
	ArticleID, SourceID string
	At                  time.Time  // when the page was fetched
	Responses           []Response // archived as the article's captures
	// Changed, when not nil, holds the page's new title, lead and body: the
	// article takes them, UpdatedAt becomes At, and the text it had is kept.
	Changed *Article
	Removed bool // the page answered 404 or 410: RemovedAt becomes At
	// The next revisit; a zero NextAt ends the article's revisits.
	NextStep           int
	NextAt             time.Time
	ETag, LastModified string
}
