package watch

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
)

// SignatureHeader carries a webhook's signature.
const SignatureHeader = "X-Haberci-Signature"

// Signature returns the X-Haberci-Signature value of a webhook body sent
// at t: "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>".
func Signature(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + sign(secret, ts, body)
}

func sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// ErrSignature is returned by VerifySignature.
var ErrSignature = errors.New("watch: bad webhook signature")

// VerifySignature checks a webhook's signature header against its raw body,
// as a receiver does: the HMAC must match and the timestamp be within
// tolerance of now, so that a captured request cannot be replayed later.
func VerifySignature(header, secret string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts, v1 string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			v1 = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || v1 == "" {
		return fmt.Errorf("%w: malformed header", ErrSignature)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: timestamp %s off by %s", ErrSignature, ts, d)
	}
	if !hmac.Equal([]byte(v1), []byte(sign(secret, ts, body))) {
		return fmt.Errorf("%w: HMAC mismatch", ErrSignature)
	}
	return nil
}

// Delivery tuning: a failed delivery is retried after retryBase, doubling
// per attempt up to retryMax; a batch holds at most deliverBatch rows.
const (
	retryBase    = 30 * time.Second
	retryMax     = 6 * time.Hour
	deliverBatch = 500
	hookTimeout  = 15 * time.Second
)

// Deliverer sends what the outbox owes: webhooks and e-mail. A row is
// marked delivered only after its delivery succeeded, so a crash at any
// point delivers it again (at least once).
type Deliverer struct {
	arch      Outbox
	http      *http.Client
	mail      config.SMTP
	userAgent string
	log       *slog.Logger
	now       func() time.Time
	retryBase time.Duration
}

// DeliverOption changes a Deliverer.
type DeliverOption func(*Deliverer)

// WithRetryBase sets the first retry delay (tests use a short one).
func WithRetryBase(d time.Duration) DeliverOption {
	return func(dl *Deliverer) { dl.retryBase = d }
}

// WithClock sets the Deliverer's clock (tests of digests).
func WithClock(now func() time.Time) DeliverOption {
	return func(dl *Deliverer) { dl.now = now }
}

// NewDeliverer returns a Deliverer. Webhooks may reach private addresses
// only with allowPrivate (the config's allow_private_sources): the check
// runs at dial time, after DNS, so a name cannot be rebound past it.
func NewDeliverer(arch Outbox, cfg *config.Config, log *slog.Logger, opts ...DeliverOption) *Deliverer {
	if log == nil {
		log = slog.Default()
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	if !cfg.AllowPrivateSources {
		dialer.Control = publicOnly
	}
	tr := &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: 10 * time.Second, MaxIdleConnsPerHost: 2}
	d := &Deliverer{
		arch: arch, mail: cfg.SMTP, userAgent: cfg.UserAgent, log: log, now: time.Now, retryBase: retryBase,
		http: &http.Client{Transport: tr, Timeout: hookTimeout,
			// A redirect is a failure: the receiver must answer itself.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
	}
	for _, o := range opts {
		o(d)
	}
	return d
}

// publicOnly refuses to dial non-public addresses.
func publicOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return err
	}
	a = a.Unmap()
	if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || a.IsUnspecified() || a.IsMulticast() {
		return fmt.Errorf("watch: webhook address %s is not public", a)
	}
	return nil
}

// Run delivers until ctx ends: at start, whenever notify fires and every
// `every`.
func (d *Deliverer) Run(ctx context.Context, notify <-chan struct{}, every time.Duration) {
	loop(ctx, notify, every, func() {
		if _, err := d.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			d.log.Warn("watch: delivery", slog.Any("error", err))
		}
	})
}

// DeliverDue delivers every outbox row due now, a batch per watch and
// channel. It returns how many rows it delivered.
func (d *Deliverer) DeliverDue(ctx context.Context) (int, error) {
	done := 0
	for _, ch := range []string{archive.ChannelWebhook, archive.ChannelEmail} {
		items, err := d.arch.DueOutbox(ctx, ch, d.now(), deliverBatch)
		if err != nil {
			return done, err
		}
		var order []string
		byWatch := map[string][]archive.OutboxItem{}
		for _, it := range items {
			if _, ok := byWatch[it.WatchID]; !ok {
				order = append(order, it.WatchID)
			}
			byWatch[it.WatchID] = append(byWatch[it.WatchID], it)
		}
		for _, id := range order {
			n, err := d.deliver(ctx, ch, id, byWatch[id])
			if err != nil {
				return done, err
			}
			done += n
		}
	}
	return done, nil
}

// deliver sends one watch's due rows of one channel. A failed send is
// logged and retried later; only a storage error is returned.
func (d *Deliverer) deliver(ctx context.Context, ch, watchID string, items []archive.OutboxItem) (int, error) {
	w, err := d.arch.Watch(ctx, watchID)
	if errors.Is(err, archive.ErrNotFound) {
		return 0, nil // deleted: its rows went with it
	}
	if err != nil {
		return 0, err
	}
	if ch == archive.ChannelEmail && w.EmailEvery != "now" && w.EmailEvery != "" {
		if due := digestDue(items[0].CreatedAt, w.EmailEvery); d.now().Before(due) {
			return 0, d.arch.Postpone(ctx, ids(items), due)
		}
	}
	var matchIDs []int64
	var spikes []json.RawMessage
	attempt := 0
	for _, it := range items {
		attempt = max(attempt, it.Attempts+1)
		if it.MatchID != 0 {
			matchIDs = append(matchIDs, it.MatchID)
		} else if it.Event == EventSpike {
			spikes = append(spikes, json.RawMessage(it.Payload))
		}
	}
	ms, err := d.arch.MatchesByID(ctx, matchIDs)
	if err != nil {
		return 0, err
	}
	views, err := Views(ctx, d.arch, &w, ms)
	if err != nil {
		return 0, err
	}
	log := archive.Delivery{WatchID: w.ID, Channel: ch, At: d.now().UTC(), Items: len(items), Attempt: attempt}
	if ch == archive.ChannelWebhook {
		log.Status, err = d.postAll(ctx, &w, views, spikes)
	} else {
		err = d.sendMail(ctx, &w, views, spikes)
	}
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err() // stopping: not the receiver's fault
		}
		log.Error = err.Error()
		next := d.now().Add(backoff(d.retryBase, attempt))
		var ra *retryAfterError
		if errors.As(err, &ra) {
			next = d.now().Add(ra.after)
		}
		d.log.Info("watch: delivery failed", slog.String("watch", w.ID), slog.String("channel", ch),
			slog.Int("attempt", attempt), slog.Time("retry_at", next), slog.Any("error", err))
		return 0, d.arch.DeliveryFailed(ctx, ids(items), log, next)
	}
	return len(items), d.arch.Delivered(ctx, ids(items), log)
}

func ids(items []archive.OutboxItem) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

// backoff is base·2^(attempt-1), at most retryMax.
func backoff(base time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < retryMax; i++ {
		d *= 2
	}
	return min(d, retryMax)
}

// digestDue is when a digest holding a row created at t is sent: the end
// of t's hour or (UTC) day.
func digestDue(t time.Time, every string) time.Time {
	if every == "day" {
		return t.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	}
	return t.Truncate(time.Hour).Add(time.Hour)
}

// Payload is a webhook's JSON body.
type Payload struct {
	Event   string          `json:"event"`
	WatchID string          `json:"watch_id"`
	Matches []View          `json:"matches,omitempty"`
	Spike   json.RawMessage `json:"spike,omitempty"`
}

// postAll posts the matches as one watch.matches event and each spike as a
// watch.spike event; it stops at the first failure.
func (d *Deliverer) postAll(ctx context.Context, w *archive.Watch, views []View, spikes []json.RawMessage) (int, error) {
	status := 0
	if len(views) > 0 {
		var err error
		if status, err = d.post(ctx, w, Payload{Event: EventMatches, WatchID: w.ID, Matches: views}); err != nil {
			return status, err
		}
	}
	for _, s := range spikes {
		var err error
		if status, err = d.post(ctx, w, Payload{Event: EventSpike, WatchID: w.ID, Spike: s}); err != nil {
			return status, err
		}
	}
	return status, nil
}

// post sends one signed webhook; a 2xx answer is success.
func (d *Deliverer) post(ctx context.Context, w *archive.Watch, p Payload) (int, error) {
	body, err := json.Marshal(p)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", d.userAgent)
	req.Header.Set("X-Haberci-Event", p.Event)
	req.Header.Set(SignatureHeader, Signature(w.WebhookSecret, d.now(), body))
	resp, err := d.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		err := fmt.Errorf("webhook answered %s", resp.Status)
		if secs, perr := strconv.Atoi(resp.Header.Get("Retry-After")); perr == nil && secs >= 0 {
			after := min(max(time.Duration(secs)*time.Second, time.Second), retryMax)
			return resp.StatusCode, &retryAfterError{err: err, after: after}
		}
		return resp.StatusCode, err
	}
	return resp.StatusCode, nil
}

// retryAfterError is a failed webhook whose receiver said when to retry
// (Retry-After in seconds, at least one second, at most retryMax): that
// delay replaces the backoff.
type retryAfterError struct {
	err   error
	after time.Duration
}

func (e *retryAfterError) Error() string { return fmt.Sprintf("%v (retry after %s)", e.err, e.after) }
func (e *retryAfterError) Unwrap() error { return e.err }
