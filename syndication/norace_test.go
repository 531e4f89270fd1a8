//go:build !race

package syndication

const raceEnabled = false
