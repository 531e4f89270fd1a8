package web

import (
	"strconv"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/index"
)

// chart is a bar chart drawn as SVG on the server: the search's date
// histogram (each bar a link to its dates) and a story's copies per day.
type chart struct {
	Width, Height, Base int // Base: the bars' baseline; labels go below it
	Bars                []bar
	FirstLabel          string
	LastLabel           string
}

type bar struct {
	X, Y, W, H float64
	Label      string // what the bar counts, for its accessible name
	Count      int64
	URL        string // the search narrowed to the bar's dates ("" on a story)
}

// newChart lays out one bar per count in a width × height box of SVG user
// units (the SVG scales to its box, so the width is about the pixels it
// will get: labels keep their size); nil when every count is 0.
func newChart(counts []int64, width, height int) *chart {
	ch := &chart{Width: width, Height: height, Base: height - 16}
	var top int64
	for _, c := range counts {
		top = max(top, c)
	}
	if top == 0 {
		return nil
	}
	w := float64(ch.Width) / float64(len(counts))
	gap := min(2, w/5)
	for i, c := range counts {
		h := float64(ch.Base-14) * float64(c) / float64(top)
		if c > 0 {
			h = max(h, 1)
		}
		ch.Bars = append(ch.Bars, bar{X: round(float64(i)*w + gap/2), Y: round(float64(ch.Base) - h),
			W: round(w - gap), H: round(h), Count: c})
	}
	return ch
}

// newHistogram draws the search's publication dates; each bar links to the
// same search narrowed to its dates.
func newHistogram(buckets []index.DateCount, st searchState) *chart {
	counts := make([]int64, len(buckets))
	for i, b := range buckets {
		counts[i] = int64(b.Count)
	}
	ch := newChart(counts, 300, 100) // the sidebar's width
	if ch == nil {
		return nil
	}
	for i, b := range buckets {
		from, to := b.Start.Format(time.DateOnly), b.End.Add(-24*time.Hour).Format(time.DateOnly)
		label := from
		if to != from {
			label += " – " + to
		}
		ch.Bars[i].Label = label + ": " + strconv.Itoa(b.Count)
		ch.Bars[i].URL = st.with(func(n *searchState) { n.From, n.To = from, to })
	}
	ch.FirstLabel = buckets[0].Start.Format(time.DateOnly)
	ch.LastLabel = buckets[len(buckets)-1].End.Add(-24 * time.Hour).Format(time.DateOnly)
	return ch
}

// maxStoryDays bounds a story's chart: a story is carried over days, not
// months; later days are left off.
const maxStoryDays = 62

// newDayChart draws a story's copies per day, one bar a day from the first
// to the last, days without copies included; nil without days.
func newDayChart(days []archive.DayCount) *chart {
	if len(days) == 0 {
		return nil
	}
	first, err1 := time.Parse(time.DateOnly, days[0].Date)
	last, err2 := time.Parse(time.DateOnly, days[len(days)-1].Date)
	if err1 != nil || err2 != nil {
		return nil
	}
	byDay := map[string]int64{}
	for _, d := range days {
		byDay[d.Date] = d.Count
	}
	n := min(int(last.Sub(first).Hours()/24)+1, maxStoryDays)
	counts := make([]int64, n)
	for i := range n {
		counts[i] = byDay[first.AddDate(0, 0, i).Format(time.DateOnly)]
	}
	ch := newChart(counts, min(600, max(160, 48*n)), 140) // days keep a readable width
	if ch == nil {
		return nil
	}
	for i := range ch.Bars {
		ch.Bars[i].Label = first.AddDate(0, 0, i).Format(time.DateOnly) + ": " + strconv.FormatInt(counts[i], 10)
	}
	ch.FirstLabel = first.Format(time.DateOnly)
	ch.LastLabel = first.AddDate(0, 0, n-1).Format(time.DateOnly)
	return ch
}

func round(f float64) float64 { return float64(int(f*10+0.5)) / 10 }
