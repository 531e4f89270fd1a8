package extract

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

func TestZZDebug(t *testing.T) {
	src, _ := os.ReadFile(os.Getenv("DBG_FILE"))
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(string(src)))
	body := doc.Find("body").Get(0)
	newCleaner(body).clean(body)
	probe := os.Getenv("DBG_TEXT")
	found := false
	doc.Find("p,div").Each(func(_ int, s *goquery.Selection) {
		if !found && strings.Contains(directText(s.Get(0)), probe) {
			found = true
			for a := s.Get(0); a != nil && a.Type == html.ElementNode; a = a.Parent {
				fmt.Printf("  anc %s %.80q\n", a.Data, classID(a))
			}
		}
	})
	fmt.Println("probe found after cleaning:", found)
	nodes, _ := bestContent(body)
	s := &scorer{stats: map[*html.Node]*nodeStats{}, scores: map[*html.Node]float64{}}
	measure(body, s.stats)
	s.vote(body)
	for _, n := range s.order {
		s.scores[n] *= 1 - linkDensity(s.stats[n])
	}
	for i, n := range s.ranked()[:8] {
		fmt.Printf("rank %d %.1f %s %.80q\n", i, s.scores[n], n.Data, classID(n))
	}
	for _, n := range nodes {
		fmt.Printf("chosen %s %.100q\n", n.Data, classID(n))
	}
}

func TestZZDebug2(t *testing.T) {
	src, _ := os.ReadFile(os.Getenv("DBG_FILE"))
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(string(src)))
	body := doc.Find("body").Get(0)
	newCleaner(body).clean(body)
	nodes, stats := bestContent(body)
	for i, p := range collect(nodes, stats)[:6] {
		fmt.Printf("para %d link=%d h=%v %.120q\n", i, p.linkChars, p.heading, p.text)
	}
}
