//go:build race

package syndication

// raceEnabled: the evaluation, single-goroutine and slow under the race
// detector, runs without it.
const raceEnabled = true
