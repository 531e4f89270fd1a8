package crawler

import (
	"context"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/fetch"
)

// fetchContext is the context src's fetches run under: for a source added
// at run time (unless allow_private_sources) the shared client refuses
// loopback, private and link-local addresses in its dialer, after DNS, so
// neither a redirect nor DNS rebinding reaches them. The politeness queue
// stays the one every source shares.
func (c *Crawler) fetchContext(ctx context.Context, src config.Source) context.Context {
	if c.cfg.PrivateBlocked(src) {
		return fetch.WithPrivateBlocked(ctx)
	}
	return ctx
}
