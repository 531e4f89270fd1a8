package extract

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestShortText checks shortText against the definition it stands for in
// bylineText: cleanSpace(Text()) kept when it is not empty and at most
// limit characters long.
func TestShortText(t *testing.T) {
	long := strings.Repeat("Kartal Belediyesi açıklama yaptı. ", 20)
	tests := map[string]string{
		"byline":           `<p>Ayşe  Yılmaz <b>| İHA</b></p>`,
		"exactly limit":    `<p>` + strings.Repeat("a", 12) + `</p>`,
		"one past limit":   `<p>` + strings.Repeat("ç", 13) + `</p>`,
		"spaces only":      "<p> \n\t\u00a0 </p>",
		"invisible only":   "<p>\u200b\ufeff</p>",
		"spaced to limit":  `<p>a b c d e f g h i j k l</p>`,
		"body":             `<div><p>` + long + `</p><p>` + long + `</p></div>`,
		"nested and empty": `<div><span></span><i> x </i><script>var a = 1;</script></div>`,
		"invalid utf-8":    "<p>ab\xffcd</p>",
	}
	const limit = 12
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + src + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			sel := doc.Find("body").Children().First()
			want := cleanSpace(sel.Text())
			wantOK := want != "" && runeLen(want) <= limit
			got, ok := shortText(sel, limit)
			if ok {
				got = cleanSpace(got)
			}
			if gotOK := ok && got != "" && runeLen(got) <= limit; gotOK != wantOK || gotOK && got != want {
				t.Errorf("shortText = %q, %v (kept %v); want %q kept %v", got, ok, gotOK, want, wantOK)
			}
		})
	}
}
