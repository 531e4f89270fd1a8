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

// exchange sends one GET for u (no redirects) in its host's turn, after
// ready (when not nil) allowed it. The response body holds the host and
// the request's timeout until it is closed. started is when the request
// left, after the wait.
func (c *Client) exchange(ctx context.Context, u *url.URL, header http.Header, ready func(context.Context) error) (resp *http.Response, started time.Time, err error) {
	key := hostKey(u)
	release, err := c.hosts.acquire(ctx, key)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("fetch: GET %s: waiting for host: %w", u, err)
	}
	if err := c.reserveSlot(ctx, key); err != nil {
		release()
		return nil, time.Time{}, fmt.Errorf("fetch: GET %s: waiting for host: %w", u, err)
	}
	if ready != nil {
		if err := ready(ctx); err != nil {
			release() // a shared slot reserved and unused only leaves a pause
			return nil, time.Time{}, fmt.Errorf("fetch: GET %s: %w", u, err)
		}
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
			if c.opts.HostSlots != nil {
				// Best effort: this client keeps the delay either way, and
				// a store that cannot write it fails the next reservation.
				_ = c.opts.HostSlots.DelayHost(context.WithoutCancel(ctx), key, now.Add(d))
			}
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

// reserveSlot waits for key's next request slot among the processes that
// share Options.HostSlots; nothing without it. The slots are at least the
// host's interval apart, start to start: the spacing this client keeps
// from the end of its own previous response still holds on top.
func (c *Client) reserveSlot(ctx context.Context, key string) error {
	if c.opts.HostSlots == nil {
		return nil
	}
	_, wait, err := c.opts.HostSlots.ReserveHost(ctx, key, c.hosts.spacing(key))
	if err != nil {
		return err
	}
	if wait <= 0 {
		return nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
