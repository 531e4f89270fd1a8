package extract

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// junkTags never hold article text.
var junkTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Svg: true,
	atom.Button: true, atom.Input: true, atom.Select: true, atom.Textarea: true, atom.Template: true,
	atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Video: true, atom.Audio: true,
	atom.Map: true, atom.Dialog: true, atom.Figcaption: true, atom.Link: true, atom.Meta: true,
	atom.Head: true, atom.Title: true,
}

// chromeTags are page furniture: removed unless a site (mis)uses one as the
// wrapper of the article itself.
var chromeTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Menu: true,
}

var (
	// boilerWords name boxes around the article in their class or id.
	boilerWords = wordList("share|social|related|ilgili|comment|yorum|banner|advert|reklam|promo|newsletter|breadcrumb|tags|etiket|menu|footer|sidebar|cookie|popup|modal|subscribe|caption|sponsor|outbrain|taboola|disqus|author-bio|print|toolbar|pagination|masthead|signup|most-popular|trending|recommend|skip-link")
	// chromeRoles are ARIA landmarks that are not the article.
	chromeRoles = set("navigation", "complementary", "banner", "contentinfo", "dialog", "alertdialog", "menu", "menubar", "menuitem",
		"search", "alert", "button", "toolbar", "slider", "progressbar", "tablist", "tooltip")
	hiddenRe = regexp.MustCompile(`display\s*:\s*none|visibility\s*:\s*hidden`)
)

// cleaner removes page chrome from a parsed document. It never removes a
// box that holds most of the page's paragraph text, whatever its name: a
// "share-enabled" article wrapper or an ASP.NET page-wide <form> is content.
type cleaner struct {
	stats   map[*html.Node]*nodeStats
	total   nodeStats
	removed []removal // in order, for undo
}

// removal is one node detached by clean, and where it stood.
type removal struct{ parent, node, next *html.Node }

func newCleaner(root *html.Node) *cleaner {
	c := &cleaner{stats: map[*html.Node]*nodeStats{}}
	c.total = measure(root, c.stats)
	return c
}

// clean walks root and detaches every chrome element.
func (c *cleaner) clean(root *html.Node) {
	var next *html.Node
	for n := root.FirstChild; n != nil; n = next {
		next = n.NextSibling
		switch {
		case n.Type == html.CommentNode, n.Type == html.ElementNode && c.isChrome(n):
			c.removed = append(c.removed, removal{root, n, next})
			root.RemoveChild(n)
		case n.Type == html.ElementNode:
			c.clean(n)
		}
	}
}

// undo puts back what clean removed, last removal first, so that each
// node finds its next sibling where it left it: the tree is as it was.
func (c *cleaner) undo() {
	for i := len(c.removed) - 1; i >= 0; i-- {
		r := c.removed[i]
		r.parent.InsertBefore(r.node, r.next)
	}
	c.removed = nil
}

func (c *cleaner) isChrome(n *html.Node) bool {
	if junkTags[n.DataAtom] {
		return true
	}
	if n.DataAtom == atom.Body || n.DataAtom == atom.Html || isMath(n) {
		return false
	}
	chrome := chromeTags[n.DataAtom] || chromeRoles[strings.ToLower(attr(n, "role"))] || isHidden(n) ||
		boilerWords.in(classID(n))
	return chrome && !c.holdsArticle(n)
}

// holdsArticle reports whether n holds most of the page's paragraph text,
// or most of all its text (pages that write paragraphs between <br>s).
func (c *cleaner) holdsArticle(n *html.Node) bool {
	s := c.stats[n]
	if s == nil {
		return false
	}
	return (c.total.pChars > 0 && s.pChars*2 > c.total.pChars) || s.chars*2 > c.total.chars
}

func isHidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			if hiddenRe.MatchString(strings.ToLower(a.Val)) {
				return true
			}
		}
	}
	return false
}

// isMath reports whether n is a formula: MathML, or MathJax's rendering of
// one, whose classes ("ctxtmenu_attached") would read as a menu.
func isMath(n *html.Node) bool {
	return n.DataAtom == atom.Math || strings.HasPrefix(n.Data, "mjx-")
}
