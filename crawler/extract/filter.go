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
	// rightsPhrases mark a copyright footer wherever they stand in it (folded).
	rightsPhrases = []string{"tum haklari saklidir", "her hakki saklidir", "all rights reserved", "izinsiz kullanilamaz", "kaynak gosterilmeden"}
)

// Length bounds of the filters, in characters: past them a paragraph is
// prose, whatever words it starts with.
const (
	maxRelatedTitle = 60  // a related-stories box title
	maxRelatedItem  = 120 // a headline listed under one
	maxChromeLine   = 40  // a button or box title
	maxRightsLine   = 300 // a copyright footer
	maxRepeatedLine = 80  // a label printed twice
)

// maxLinkShare is the most of a paragraph's text that may sit in links:
// above it the paragraph is a link line ("Related: …", a headline list).
// Prose that links many of its words (a news digest, a reference) stays.
const maxLinkShare = 0.7

// filterParas drops what survived cleaning but is not article text: link
// lines, buttons, related-story boxes, copyright lines, the title repeated
// as the first paragraph, and a short line repeated right after itself.
//
// Every rule reads the folded text of short paragraphs only, so a long one
// is measured and kept without being folded or matched.
func filterParas(ps []para, title string) []string {
	ftitle := fold(cleanSpace(title))
	titleLen := runeLen(ftitle)
	var out []string
	inRelated := false
	prev := ""
	for _, p := range ps {
		n := runeLen(p.text)
		if n == 0 {
			continue
		}
		f := "" // folding keeps the rune count: only a paragraph as short as a rule's bound or the title needs it
		if n < maxRightsLine || n == titleLen {
			f = fold(p.text)
		}
		switch {
		case n < maxRelatedTitle && relatedRe.MatchString(f):
			inRelated = true
			continue
		case inRelated && n < maxRelatedItem:
			continue // headlines listed under a related box
		}
		inRelated = false
		switch {
		case float64(p.linkChars) > maxLinkShare*float64(n):
			continue
		case n < maxChromeLine && chromeLineRe.MatchString(f):
			continue
		case n < maxRightsLine && rightsLine(f):
			continue
		case len(out) < 3 && ftitle != "" && f == ftitle:
			continue
		case n < maxRepeatedLine && f == prev:
			continue // a label or button printed twice; long repeats may be meant
		}
		prev = f
		out = append(out, p.text)
	}
	return out
}

// rightsLine reports whether the folded paragraph f is a copyright footer:
// it starts with "©" or the word "copyright", or holds a rights phrase.
func rightsLine(f string) bool {
	if strings.HasPrefix(f, "©") {
		return true
	}
	if rest, ok := strings.CutPrefix(f, "copyright"); ok && (rest == "" || !isWordByte(rest[0])) {
		return true
	}
	for _, ph := range rightsPhrases {
		if strings.Contains(f, ph) {
			return true
		}
	}
	return false
}

// isWordByte is regexp's \b notion of a word character: ASCII only.
func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// joinParas makes the Body text: NFC, paragraphs separated by a blank line.
func joinParas(ps []string) string {
	return nfc(strings.Join(ps, "\n\n"))
}
