// Package fetch is the crawler's polite, bounded HTTP client.
//
// One Client serves the whole process. It keeps one connection pool, spaces
// requests to each host:port and lets at most one run at a time there, obeys
// robots.txt, honours Retry-After, caps time and decompressed body size, and
// hands back the payload both as received (for the WARC archive) and
// converted to UTF-8 (for parsing).
//
// Politeness is keyed by host and port, so a slow or rate-limited site never
// stalls another one, even on the same machine.
package fetch
