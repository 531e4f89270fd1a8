package extract

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, time.UTC) }
	tests := map[string]struct {
		in   string
		want time.Time // zero: no date
	}{
		"RFC 3339 with offset":      {"2020-06-24T14:35:00+03:00", utc(2020, 6, 24, 11, 35)},
		"RFC 3339 UTC":              {"2020-06-24T11:35:00Z", utc(2020, 6, 24, 11, 35)},
		"fraction and compact zone": {"2020-06-24T14:35:00.000+0300", utc(2020, 6, 24, 11, 35)},
		"no zone is Istanbul":       {"2020-06-24T14:35:00", utc(2020, 6, 24, 11, 35)},
		"minutes only":              {"2018-04-05T06:00", utc(2018, 4, 5, 3, 0)},
		"space separated":           {"2020-06-24 14:35:00", utc(2020, 6, 24, 11, 35)},
		"date only":                 {"2020-06-24", utc(2020, 6, 23, 21, 0)},
		"Istanbul summer time 2015": {"2015-07-01 12:00", utc(2015, 7, 1, 9, 0)},
		"Istanbul winter time 2015": {"2015-01-15 12:00", utc(2015, 1, 15, 10, 0)},
		"RFC 1123":                  {"Wed, 24 Jun 2020 14:35:00 +0300", utc(2020, 6, 24, 11, 35)},
		"Turkish text with time":    {"24 Haziran 2020 14:35", utc(2020, 6, 24, 11, 35)},
		"Turkish text, comma, day":  {"24 Haziran 2020 Çarşamba, 14:35", utc(2020, 6, 24, 11, 35)},
		"Turkish upper case":        {"24 MAYIS 2020 09:05", utc(2020, 5, 24, 6, 5)},
		"Turkish text no time":      {"3 Ağustos 2021", utc(2021, 8, 2, 21, 0)},
		"numeric with dash":         {"24.06.2020 - 14:35", utc(2020, 6, 24, 11, 35)},
		"numeric with space":        {"24.06.2020 14:35", utc(2020, 6, 24, 11, 35)},
		"numeric slashes":           {"24/06/2020", utc(2020, 6, 23, 21, 0)},
		"English month":             {"5 March 2019 10:00", utc(2019, 3, 5, 7, 0)},
		"impossible day":            {"31.02.2020 10:00", time.Time{}},
		"impossible hour":           {"24.06.2020 25:10", time.Time{}},
		"no date":                   {"dün akşam", time.Time{}},
		"empty":                     {"", time.Time{}},
		"year out of range":         {"12.12.1850", time.Time{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok := parseDate(tc.in)
			if ok != !tc.want.IsZero() || !got.Equal(tc.want) {
				t.Fatalf("parseDate(%q) = %v, %v; want %v", tc.in, got, ok, tc.want)
			}
			if ok && got.Location() != time.UTC {
				t.Fatalf("parseDate(%q) location %v, want UTC", tc.in, got.Location())
			}
		})
	}
}

func TestLabelledDate(t *testing.T) {
	tests := map[string]struct {
		text      string
		published string // RFC 3339, "" for none
		updated   string
	}{
		"both labels": {"Yayınlanma: 24.06.2020 - 14:35 | Güncelleme: 24.06.2020 16:10",
			"2020-06-24T11:35:00Z", "2020-06-24T13:10:00Z"},
		"giriş tarihi": {"Giriş Tarihi: 3 Mart 2021 08:00\nSon Güncelleme: 3 Mart 2021 09:30",
			"2021-03-03T05:00:00Z", "2021-03-03T06:30:00Z"},
		"label without colon": {"Yayınlanma 01.02.2022 10:00", "2022-02-01T07:00:00Z", ""},
		"no label":            {"31 Mart 2019'da yapılan seçimler", "", ""},
		"capitals":            {"KAYIT TARİHİ: 03.03.2021 08:00 SON GÜNCELLEME: 03.03.2021 09:30", "2021-03-03T05:00:00Z", "2021-03-03T06:30:00Z"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := fold(tc.text)
			for _, c := range []struct {
				got  time.Time
				want string
			}{{labelledDate(f, publishedLabel), tc.published}, {labelledDate(f, updatedLabel), tc.updated}} {
				got := ""
				if !c.got.IsZero() {
					got = c.got.Format(time.RFC3339)
				}
				if got != c.want {
					t.Errorf("labelled date in %q = %q, want %q", tc.text, got, c.want)
				}
			}
		})
	}
}
