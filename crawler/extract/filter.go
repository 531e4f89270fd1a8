package extract

import (
	"regexp"
	"strings"
)

var (
	// chromeLineRe matches whole short paragraphs that are buttons or box
	// titles, on folded text.
	chromeLineRe = regexp.MustCompile(`^(paylas|paylasin|share( this)?( article| story)?|tweet|yazdir|print|e-?posta|email|facebook|twitter|whatsapp|linkedin|telegram|abone ol|yorum yap|yorumlar|yorum yazin|devamini oku|haberin devami|read more|continue reading|advertisement|reklam|sponsored|kaydet|save|listen|dinle|copy link|link kopyala)\W*$`)
	// relatedRe matches the title of a related-stories box.
	relatedRe = regexp.MustCompile(`^(ilgili haber(ler)?|benzer haber(ler)?|diger haberler|onerilen haberler|bunlar da ilginizi cekebilir|ilginizi cekebilir|gundemdeki haberler|son dakika haberleri|related( articles| stories| news| content)?|read (more|next|also)|also read|more from|you may also like|recommended( for you)?|more stories|popular|most read|en cok okunan(lar)?)\W*$`)
	// rightsRe matches copyright footers.
	rightsRe = regexp.MustCompile(`tum haklari saklidir|her hakki saklidir|all rights reserved|^©|^copyright\b|izinsiz kullanilamaz|kaynak gosterilmeden`)
)

// maxLinkShare is the most of a paragraph's text that may sit in links:
// above it the paragraph is a link line ("Related: …", a headline list).
// Prose that links many of its words (a news digest, a reference) stays.
const maxLinkShare = 0.7

// filterParas drops what survived cleaning but is not article text: link
// lines, buttons, related-story boxes, copyright lines, the title repeated
// as the first paragraph, and a short line repeated right after itself.
func filterParas(ps []para, title string) []string {
	ftitle := fold(cleanSpace(title))
	var out []string
	inRelated := false
	prev := ""
	for _, p := range ps {
		n := runeLen(p.text)
		f := fold(p.text)
		switch {
		case n == 0:
			continue
		case relatedRe.MatchString(f) && n < 60:
			inRelated = true
			continue
		case inRelated && n < 120:
			continue // headlines listed under a related box
		}
		inRelated = false
		switch {
		case float64(p.linkChars) > maxLinkShare*float64(n):
			continue
		case n < 40 && chromeLineRe.MatchString(f):
			continue
		case n < 300 && rightsRe.MatchString(f):
			continue
		case len(out) < 3 && ftitle != "" && f == ftitle:
			continue
		case f == prev && n < 80:
			continue // a label or button printed twice; long repeats may be meant
		}
		prev = f
		out = append(out, p.text)
	}
	return out
}

// joinParas makes the Body text: NFC, paragraphs separated by a blank line.
func joinParas(ps []string) string {
	return nfc(strings.Join(ps, "\n\n"))
}
