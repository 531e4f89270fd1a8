package params

import (
	"net/url"
	"testing"
)

// A search as the web page sends it: what strict parsing costs beside
// net/url's lenient parser.
const benchQuery = "q=%C3%A7al%C4%B1%C5%9Ftay+-spor+title%3AKartal&source=ajans,belediye&from=2020-06-01&to=2020-06-30&sort=newest&size=20&page=3"

func BenchmarkValues(b *testing.B) {
	for b.Loop() {
		if _, err := Values(benchQuery); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseQuery(b *testing.B) {
	for b.Loop() {
		if _, err := url.ParseQuery(benchQuery); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	v, _ := Values(benchQuery)
	for b.Loop() {
		if _, err := Search(v); err != nil {
			b.Fatal(err)
		}
	}
}
