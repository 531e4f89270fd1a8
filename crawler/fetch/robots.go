package fetch

import (
	"bytes"
	"strconv"
	"strings"
	"time"
)

// maxCrawlDelay bounds a robots.txt Crawl-delay, so one file cannot park a
// host for hours.
const maxCrawlDelay = time.Minute

// robotsRule is one Allow or Disallow line, its pattern normalised.
type robotsRule struct {
	pattern string
	allow   bool
}

// robotsPolicy is what robots.txt says to our user agent.
type robotsPolicy struct {
	rules []robotsRule
	delay time.Duration // Crawl-delay, 0 when absent
	why   string        // set when the policy stands in for an unusable robots.txt
	// err is set when robots.txt could not be reached at all: the host is
	// then down for us, a network failure rather than a robots block.
	err error
}

// denyAll stands in for a robots.txt the host failed to serve.
func denyAll(why string) robotsPolicy {
	return robotsPolicy{rules: []robotsRule{{pattern: "/"}}, why: why}
}

// parseRobots reads robots.txt (RFC 9309) for the product token agent: the
// groups naming agent, merged, else the "*" groups, merged.
func parseRobots(body []byte, agent string) robotsPolicy {
	var ours, star robotsPolicy
	foundOurs := false
	forOurs, forStar := false, false // the current group's audience
	inAgents := false                // the previous record was a user-agent line
	body = bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF"))
	for line := range strings.Lines(string(body)) {
		line, _, _ = strings.Cut(line, "#")
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		switch key {
		case "user-agent", "useragent", "user agent":
			if !inAgents {
				forOurs, forStar = false, false
				inAgents = true
			}
			switch productToken(value) {
			case agent:
				forOurs, foundOurs = true, true
			case "*":
				forStar = true
			}
		case "allow", "disallow":
			inAgents = false
			if value == "" {
				continue // "Disallow:" with nothing allows everything
			}
			r := robotsRule{pattern: normalizeRobotsPath(value), allow: key == "allow"}
			if forOurs {
				ours.rules = append(ours.rules, r)
			}
			if forStar {
				star.rules = append(star.rules, r)
			}
		case "crawl-delay":
			inAgents = false
			secs, err := strconv.ParseFloat(value, 64)
			if err != nil || secs <= 0 {
				continue
			}
			d := min(time.Duration(secs*float64(time.Second)), maxCrawlDelay)
			if forOurs {
				ours.delay = d
			}
			if forStar {
				star.delay = d
			}
		}
	}
	if foundOurs {
		return ours
	}
	return star
}

// allows applies the most specific (longest) matching rule; Allow wins a
// tie, and no match allows.
func (p robotsPolicy) allows(path string) bool {
	if path == "/robots.txt" {
		return true
	}
	best, allowed := -1, true
	for _, r := range p.rules {
		if n := len(r.pattern); n >= best && robotsMatch(r.pattern, path) {
			if n > best || r.allow {
				allowed = r.allow
			}
			best = n
		}
	}
	return allowed
}

// robotsMatch reports whether path starts with pattern, where "*" matches
// any run of characters and a final "$" anchors the end.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	if len(parts) == 1 {
		return !anchored || path == pattern
	}
	pos := len(parts[0])
	middle, last := parts[1:len(parts)-1], parts[len(parts)-1]
	for _, part := range middle {
		i := strings.Index(path[pos:], part)
		if i < 0 {
			return false
		}
		pos += i + len(part)
	}
	if anchored {
		return len(path)-len(last) >= pos && strings.HasSuffix(path, last)
	}
	return strings.Contains(path[pos:], last)
}

// normalizeRobotsPath percent-encodes non-ASCII bytes and upper-cases
// escapes, so that patterns and URL paths compare as the RFC asks.
func normalizeRobotsPath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c >= 0x80 || c == ' ':
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		case c == '%' && i+2 < len(p):
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(p[i+1 : i+3]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
