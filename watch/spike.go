package watch

import (
	"context"
	"encoding/json"
	"time"

	"github.com/haberci/haberci/archive"
)

// A volume spike: a query watch's matching articles published today reach
// spikeMin and spikeFactor times the daily mean of the previous
// spikeDays days. One event per watch and day.
const (
	spikeDays   = 14
	spikeMin    = 5
	spikeFactor = 3.0
)

// Spike is the payload of a watch.spike event.
type Spike struct {
	Date     string  `json:"date"`      // the day, UTC
	Count    uint64  `json:"count"`     // articles published that day so far
	DailyAvg float64 `json:"daily_avg"` // over the previous 14 days
}

// spike adds a volume-spike event to nm when w's query spikes today.
func (m *Matcher) spike(ctx context.Context, w *archive.Watch, nm *archive.NewMatches) error {
	chans := channelsOf(w)
	if len(chans) == 0 {
		return nil
	}
	now := m.now().UTC()
	day := now.Truncate(24 * time.Hour)
	key := "spike:" + w.ID
	stamp := int64(day.Year()*10000 + int(day.Month())*100 + day.Day())
	last, err := m.arch.WatchState(ctx, key)
	if err != nil || last == stamp {
		return err
	}
	count := func(from, to time.Time) (uint64, error) {
		r := m.request(w)
		r.Sort, r.Size, r.Collapse, r.From, r.To = "", 1, false, from, to
		res, err := m.ix.Search(ctx, r)
		if err != nil {
			return 0, err
		}
		return res.Total, nil
	}
	today, err := count(day, now)
	if err != nil || today < spikeMin {
		return err
	}
	before, err := count(day.AddDate(0, 0, -spikeDays), day.Add(-time.Nanosecond))
	if err != nil {
		return err
	}
	avg := float64(before) / spikeDays
	if float64(today) < spikeFactor*max(avg, 1) {
		return nil
	}
	payload, _ := json.Marshal(Spike{Date: day.Format(time.DateOnly), Count: today, DailyAvg: round3(avg)})
	for _, ch := range chans {
		nm.Events = append(nm.Events, archive.OutboxItem{WatchID: w.ID, Channel: ch, Event: EventSpike, Payload: string(payload)})
	}
	if nm.State == nil {
		nm.State = map[string]int64{}
	}
	nm.State[key] = stamp
	return nil
}

// channelsOf lists the outbox channels w delivers to.
func channelsOf(w *archive.Watch) []string {
	var out []string
	if w.WebhookURL != "" {
		out = append(out, archive.ChannelWebhook)
	}
	if len(w.EmailTo) > 0 {
		out = append(out, archive.ChannelEmail)
	}
	return out
}
