package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Istanbul must resolve on hosts without a zoneinfo database
)

// istanbul is the zone of a date written without an offset: the sources are
// Turkish, and Turkey kept summer time until 2016, so a fixed +03:00 would
// be wrong for older pages.
var istanbul = mustLoad("Europe/Istanbul")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("+03", 3*60*60)
	}
	return loc
}

// machineLayouts are the forms met in JSON-LD, meta tags and <time datetime>.
// Layouts without a zone are read in Istanbul time.
var machineLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"20060102",
}

// parseDate reads a machine date or a Turkish (or English) text date and
// returns it in UTC. ok is false when s holds no date.
func parseDate(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range machineLayouts {
		if t, err := time.ParseInLocation(layout, s, istanbul); err == nil {
			return t.UTC(), true
		}
	}
	return parseTextDate(fold(s), false)
}

var (
	// "24 haziran 2020 carsamba, 14:35" (folded text); weekday and time optional.
	textDateRe = regexp.MustCompile(`\b(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})(?:[\s,]+[a-z]+)?(?:[\s,\-–|/]+(?:saat\s*)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?`)
	// "24.06.2020 - 14:35", "24/06/2020 14:35", "24-06-2020".
	numDateRe = regexp.MustCompile(`\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:\s*[\-–|,]?\s*(?:saat\s*)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?`)
	// The time first, as some papers print it: "13:13 - 2 eylul 2020",
	// "13:13 02.09.2020".
	timeTextDateRe = regexp.MustCompile(`\b(\d{1,2}):(\d{2})(?::(\d{2}))?\s*[\-–|,/]?\s*(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})`)
	timeNumDateRe  = regexp.MustCompile(`\b(\d{1,2}):(\d{2})(?::(\d{2}))?\s*[\-–|,/]?\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})`)
)

// datePatterns are the text date forms with the group of each part. A
// month group holds a name (months) or a number; a name not in months
// gives month 0, which is refused.
var datePatterns = []struct {
	re                               *regexp.Regexp
	day, month, year, hour, min, sec int
}{
	{textDateRe, 1, 2, 3, 4, 5, 6},
	{numDateRe, 1, 2, 3, 4, 5, 6},
	{timeTextDateRe, 4, 5, 6, 1, 2, 3},
	{timeNumDateRe, 4, 5, 6, 1, 2, 3},
}

// months maps folded Turkish and English month names and abbreviations.
var months = map[string]time.Month{
	"ocak": 1, "subat": 2, "mart": 3, "nisan": 4, "mayis": 5, "haziran": 6,
	"temmuz": 7, "agustos": 8, "eylul": 9, "ekim": 10, "kasim": 11, "aralik": 12,
	"oca": 1, "sub": 2, "mar": 3, "nis": 4, "may": 5, "haz": 6, "tem": 7, "agu": 8, "agst": 8,
	"eyl": 9, "eki": 10, "kas": 11, "ara": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

// parseTextDate finds the first date written for people in folded text.
// With needTime, a date without a clock time is ignored: a bare day found
// somewhere in a page is too often a date the article talks about.
func parseTextDate(folded string, needTime bool) (time.Time, bool) {
	type hit struct {
		at int
		t  time.Time
	}
	var best *hit
	consider := func(at int, y, mo, d, hh, mm, ss string) {
		if needTime && hh == "" {
			return
		}
		year, _ := strconv.Atoi(y)
		day, _ := strconv.Atoi(d)
		month, named := months[mo]
		if !named {
			m, _ := strconv.Atoi(mo)
			month = time.Month(m)
		}
		h, mi, sec := atoiOr0(hh), atoiOr0(mm), atoiOr0(ss)
		if year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || mi > 59 || sec > 59 {
			return
		}
		t := time.Date(year, month, day, h, mi, sec, 0, istanbul)
		if t.Day() != day { // 31 Şubat and the like
			return
		}
		if best == nil || at < best.at {
			best = &hit{at, t.UTC()}
		}
	}
	for _, p := range datePatterns {
		for _, m := range p.re.FindAllStringSubmatchIndex(folded, 4) {
			g := groups(folded, m)
			consider(m[0], g[p.year], g[p.month], g[p.day], g[p.hour], g[p.min], g[p.sec])
		}
	}
	if best == nil {
		return time.Time{}, false
	}
	return best.t, true
}

func groups(s string, idx []int) []string {
	out := make([]string, len(idx)/2)
	for i := range out {
		if idx[2*i] >= 0 {
			out[i] = s[idx[2*i]:idx[2*i+1]]
		}
	}
	return out
}

func atoiOr0(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
