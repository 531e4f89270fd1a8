package extracteval

import (
	"math"
	"slices"
	"testing"
)

func TestCompare(t *testing.T) {
	tests := map[string]struct {
		want, got   string
		tp, fp, fn  int
		precision   float64
		recall, f1  float64
		wordsOfWant []string
	}{
		"identical": {"Kartal'da çalıştay yapıldı.", "kartal'da Çalıştay yapıldı", 4, 0, 0, 1, 1, 1,
			[]string{"kartal", "da", "çalıştay", "yapıldı"}},
		"half found": {"bir iki üç dört", "bir iki beş altı", 2, 2, 2, 0.5, 0.5, 0.5,
			[]string{"bir", "iki", "üç", "dört"}},
		"repeats count once each": {"a a b", "a a a", 2, 1, 1, 2.0 / 3, 2.0 / 3, 2.0 / 3,
			[]string{"a", "a", "b"}},
		"both empty agree":  {"", "", 0, 0, 0, 1, 1, 1, nil},
		"nothing extracted": {"bir iki", "", 0, 0, 2, 0, 0, 0, []string{"bir", "iki"}},
		"decomposed ş is ş": {"Kartal'da \u015fenlik", "kartal'da s\u0327enlik", 3, 0, 0, 1, 1, 1,
			[]string{"kartal", "da", "şenlik"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := WordTokens(tc.want); !slices.Equal(got, tc.wordsOfWant) {
				t.Errorf("WordTokens(%q) = %q, want %q", tc.want, got, tc.wordsOfWant)
			}
			s := Compare(name, WordTokens(tc.want), WordTokens(tc.got))
			if s.TP != tc.tp || s.FP != tc.fp || s.FN != tc.fn {
				t.Fatalf("tp/fp/fn = %d/%d/%d, want %d/%d/%d", s.TP, s.FP, s.FN, tc.tp, tc.fp, tc.fn)
			}
			for _, c := range []struct {
				what      string
				got, want float64
			}{{"precision", s.Precision(), tc.precision}, {"recall", s.Recall(), tc.recall}, {"F1", s.F1(), tc.f1}} {
				if math.Abs(c.got-c.want) > 1e-9 {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
		})
	}
}

func TestShingleTokens(t *testing.T) {
	tests := map[string]struct {
		text string
		want []string
	}{
		"five words":   {"Bir İki üç dört beş", []string{"Bir İki üç dört", "İki üç dört beş"}},
		"short text":   {"bir iki", []string{"bir iki"}},
		"nothing":      {"", nil},
		"punctuation":  {"a, b. c; d", []string{"a b c d"}},
		"case is kept": {"A B C D", []string{"A B C D"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := ShingleTokens(tc.text); !slices.Equal(got, tc.want) {
				t.Fatalf("ShingleTokens(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestSummarise(t *testing.T) {
	scores := []PageScore{
		{TP: 1, FP: 1, FN: 0}, // P 0.5, R 1, F1 2/3
		{TP: 0, FP: 0, FN: 4}, // nothing extracted: R 0, F1 0, no precision
		{TP: 3, FP: 0, FN: 1}, // P 1, R 0.75, F1 6/7
	}
	s := Summarise(scores)
	want := Summary{P: 0.75, R: 1.75 / 3, MedianF1: 2.0 / 3}
	want.F1 = 2 * want.P * want.R / (want.P + want.R)
	for _, c := range []struct {
		what      string
		got, want float64
	}{{"P", s.P, want.P}, {"R", s.R, want.R}, {"F1", s.F1, want.F1}, {"median", s.MedianF1, want.MedianF1}} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
}

func TestNodeText(t *testing.T) {
	tests := map[string]struct{ src, want string }{
		"blocks split words":   {"<p>bir</p><p>iki</p>", "bir iki"},
		"inline keeps words":   {"<p>Kar<b>tal</b>'da</p>", "Kartal'da"},
		"script is not text":   {"<div>a<script>var x</script></div><div>b</div>", "a b"},
		"NFC":                  {"<p>s\u0327enlik</p>", "\u015fenlik"},
		"white space collapse": {"<p> a \n\t b </p>", "a b"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := HTMLText([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("HTMLText(%q) = %q, want %q", tc.src, got, tc.want)
			}
		})
	}
}
