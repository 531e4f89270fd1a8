package syndication

import (
	"math/rand/v2"
	"strings"
)

// The edits outlets make when they republish an agency item.

var intros = []string{
	"Belediyemizden yapılan açıklamaya göre,",
	"Belediye Başkanımızın da katıldığı etkinlikte önemli mesajlar verildi.",
	"İlçemizi yakından ilgilendiren gelişme, vatandaşlar tarafından memnuniyetle karşılandı.",
	"Son dakika gelişmesi olarak duyurulan haberin ayrıntıları şöyle:",
}

var chrome = []string{
	"Paylaş", "Facebook Twitter WhatsApp E-posta", "Yorum Yap", "İlgili Haberler",
	"Bu haber 1234 kez okundu", "Etiketler: gündem, haber, son dakika", "Abone Ol",
}

var credits = []string{"Kaynak: İHA", "(İHA)", "Haber: AA", "DHA", "Kaynak: Demirören Haber Ajansı"}

// syndicate returns a republished copy of paras: at least two of intro
// added, paragraphs trimmed, paragraphs reordered, credit line added or
// removed, typos made or fixed, words retyped, site chrome around it.
func syndicate(r *rand.Rand, paras []string, typos map[string]string) string {
	out := append([]string(nil), paras...)
	ops := shuffled(r, []int{0, 1, 2, 3, 4, 5, 6})[:2+r.IntN(3)]
	for _, op := range ops {
		switch op {
		case 0: // intro line
			out = append([]string{intros[r.IntN(len(intros))]}, out...)
		case 1: // trim: keep a prefix of at least 60% of the paragraphs
			keep := max(2, (len(out)*(6+r.IntN(5))+9)/10)
			out = out[:min(keep, len(out))]
		case 2: // reorder two paragraphs after the first
			if len(out) > 3 {
				i, j := 1+r.IntN(len(out)-1), 1+r.IntN(len(out)-1)
				out[i], out[j] = out[j], out[i]
			}
		case 3: // credit line: drop a trailing one, or add one
			if last := out[len(out)-1]; len(strings.Fields(last)) <= 4 {
				out = out[:len(out)-1]
			} else {
				out = append(out, credits[r.IntN(len(credits))])
			}
		case 4: // the misspellings of the Kemik list, both ways
			out = retype(out, func(w string) string {
				if typo, ok := typos[w]; ok {
					return typo
				}
				return w
			})
		case 5: // character typos in about 2% of the words
			out = retype(out, func(w string) string {
				if len([]rune(w)) > 3 && r.IntN(50) == 0 {
					rs := []rune(w)
					k := r.IntN(len(rs) - 1)
					rs[k], rs[k+1] = rs[k+1], rs[k]
					return string(rs)
				}
				return w
			})
		case 6: // site chrome the extractor left in
			out = append([]string{chrome[r.IntN(len(chrome))]}, out...)
			out = append(out, chrome[r.IntN(len(chrome))], chrome[r.IntN(len(chrome))])
		}
	}
	return strings.Join(out, "\n\n")
}

// retype maps every word of every paragraph.
func retype(paras []string, f func(string) string) []string {
	out := make([]string, len(paras))
	for i, p := range paras {
		ws := strings.Fields(p)
		for j, w := range ws {
			ws[j] = f(w)
		}
		out[i] = strings.Join(ws, " ")
	}
	return out
}
