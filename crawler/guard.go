package crawler

import (
	"context"
	"net/url"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/fetch"
)

// fetchContext is the context src's fetches run under. A fetch may reach
// loopback, private or link-local addresses only when the source's own
// URL is on such an address (the operator's choice: a local test site, an
// intranet) and the source may (one from the config file, or any with
// allow_private_sources); every other source's fetches, its redirects and
// the links it lists included, are refused such addresses in the shared
// client's dialer, after DNS, so neither a redirect nor DNS rebinding
// reaches them. The cloud metadata addresses are refused to all. The
// politeness queue stays the one every source shares.
func (c *Crawler) fetchContext(ctx context.Context, src config.Source) context.Context {
	ctx = context.WithValue(ctx, sourceKey{}, src.ID)
	if c.cfg.PrivateBlocked(src) {
		return fetch.WithPrivateBlocked(ctx)
	}
	u, err := url.Parse(src.URL)
	if err != nil || !c.client.OnPrivateAddress(ctx, u.Hostname()) {
		return fetch.WithPrivateBlocked(ctx)
	}
	return ctx
}
