package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// exchange sends one GET for u (no redirects) in its host's turn. The
// response body holds the host and the request's timeout until it is
// closed. started is when the request left, after the wait.
func (c *Client) exchange(ctx context.Context, u *url.URL, header http.Header) (resp *http.Response, started time.Time, err error) {
	key := hostKey(u)
	release, err := c.hosts.acquire(ctx, key)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("fetch: GET %s: waiting for host: %w", u, err)
	}
	started = time.Now()
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	done := func() { cancel(); release() }

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		done()
		return nil, started, fmt.Errorf("fetch: GET %s: %w", u, err)
	}
	req.Header = header.Clone()
	resp, err = c.httpFor(ctx).Do(req)
	if err != nil {
		done()
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // it only repeats the method and URL
		}
		return nil, started, fmt.Errorf("fetch: GET %s: %w", u, err)
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		now := time.Now()
		if d := retryAfter(resp.Header.Get("Retry-After"), now); d > 0 {
			c.hosts.delay(key, now.Add(d))
		}
	}
	resp.Body = &heldBody{ReadCloser: resp.Body, done: done}
	return resp, started, nil
}

// heldBody frees the host and the request context once closed.
type heldBody struct {
	io.ReadCloser
	done func()
	once sync.Once
}

func (b *heldBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}
