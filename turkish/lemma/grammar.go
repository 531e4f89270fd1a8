package lemma

// state is a point in a word's suffix sequence. Every state may end the
// word.
type state uint8

const (
	sNoun    state = iota // after a nominal root or a participle
	sPlural               // after -lAr
	sPoss                 // after a first- or second-person possessive
	sPoss3                // after a third-person possessive: cases take pronominal n
	sCase                 // after a case
	sLocGen               // after the locative or genitive: -ki may follow
	sKi                   // after -ki
	sVerb                 // after a verb root
	sVoice                // after one voice suffix (passive, causative)
	sVoice2               // after two: no more voice
	sNeg                  // after -mA: the negative, or the verbal noun
	sTense                // after a tense or aspect: persons, a second tense
	sTensePl              // after tense + -lAr: geliyorlardı
	sPast                 // after -DI or -sA: the short persons (m, n, k, nIz, lAr)
	sEvid                 // after the copula -(y)mIş
	sOpt                  // after the optative -(y)A
	sMak                  // after the infinitive -mAk
	sEnd                  // nothing follows
	nStates
)

// cond limits an arc to what the word so far ends in.
type cond uint8

const (
	always cond = iota
	afterVowel
	afterConsonant
	afterVowelRL // a vowel, r or l: the causative -t (okut, oturt, kısalt)
)

// arc is one suffix that may follow a state.
type arc struct {
	real realisations // the suffix's spellings by phon class
	to   state
	cond cond
	iyor bool // the progressive, the only suffix a verb root without its last vowel takes
	// derive marks a derivational suffix: the word up to it is a lemma of
	// its own (yolcu-luk, önem-li, mafya-laş), a noun or, with
	// deriveVerb, a verb.
	derive uint8
	// voice marks a passive, reflexive or causative suffix, taken only
	// where the lexicon does not list the voiced verb itself (bulunmak is
	// a verb of its own, not bulmak's passive).
	voice bool
}

// Kinds of derivation.
const (
	deriveNone uint8 = iota
	deriveNoun
	deriveAdjective // -lI, -sIz: renkli, renksiz, still read as the noun's
	deriveVerb
)

// arcs holds, for each state, the suffixes that may follow it: Turkish
// inflection (nominal: plural, possessives, cases, -ki, the copula; verbal:
// voice, negation, ability, tense and aspect, persons, participles,
// verbal nouns and converbs). Derivation (-lIk, -CI, -lI, -sIz) is left
// alone: the lexicon lists derived words, and a treebank lemmatises them
// as words of their own.
var arcs [nStates][]arc

func a(t string, to state) arc { return arc{real: compile(t).realisations(), to: to} }

func ac(t string, to state, c cond) arc { return arc{real: compile(t).realisations(), to: to, cond: c} }

func ad(t string, to state, kind uint8) arc {
	return arc{real: compile(t).realisations(), to: to, derive: kind}
}

func init() {
	copula := []arc{
		a("(y)Im", sEnd), a("sIn", sEnd), a("(y)Iz", sEnd), a("sInIz", sEnd), a("DIr", sEnd),
		a("DIrlAr", sEnd), a("(y)DI", sPast), a("(y)mIş", sEvid), a("(y)sA", sPast), a("(y)ken", sEnd),
	}
	cases := []arc{
		a("(y)I", sCase), a("(y)A", sCase), a("DA", sLocGen), a("DAn", sCase), a("(n)In", sLocGen),
		a("(y)lA", sCase), a("CA", sCase),
	}
	pronominal := []arc{
		a("nI", sCase), a("nA", sCase), a("nDA", sLocGen), a("nDAn", sCase), a("nIn", sLocGen),
		a("(y)lA", sCase), a("ncA", sCase),
	}
	poss := []arc{
		a("(I)m", sPoss), a("(I)n", sPoss), a("(s)I", sPoss3), a("(I)mIz", sPoss), a("(I)nIz", sPoss),
		a("lArI", sPoss3),
	}
	possAfterPlural := []arc{
		a("Im", sPoss), a("In", sPoss), a("I", sPoss3), a("ImIz", sPoss), a("InIz", sPoss),
	}
	join := func(parts ...[]arc) []arc {
		var out []arc
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	// Derivations the treebank and a searcher treat as words of their own.
	// Verbs in -lA are left out: -lA is also the instrumental (aşkla).
	derivations := []arc{
		ad("lIK", sNoun, deriveNoun), ad("CI", sNoun, deriveNoun), ad("lI", sNoun, deriveAdjective),
		ad("sIz", sNoun, deriveAdjective), ad("CIK", sNoun, deriveNoun), ad("sAl", sNoun, deriveNoun),
		ad("lAş", sVerb, deriveVerb),
	}
	arcs[sNoun] = join([]arc{a("lAr", sPlural)}, poss, cases, copula, derivations)
	arcs[sPlural] = join(possAfterPlural, cases, copula)
	arcs[sPoss] = join(cases, copula)
	arcs[sPoss3] = join(pronominal, copula)
	arcs[sCase] = copula
	arcs[sLocGen] = join([]arc{a("ki", sKi)}, copula)
	arcs[sKi] = join([]arc{a("lAr", sPlural)}, pronominal[:5])

	persons := []arc{
		a("(y)Im", sEnd), a("sIn", sEnd), a("(y)Iz", sEnd), a("sInIz", sEnd), a("lAr", sTensePl),
		a("DIr", sEnd), a("DIrlAr", sEnd), a("(y)DI", sPast), a("(y)mIş", sEvid), a("(y)sA", sPast),
		a("(y)ken", sEnd),
	}
	nonfinite := []arc{
		a("(y)An", sNoun), a("DIK", sNoun), a("(y)AcAK", sNoun), a("mAk", sMak), a("(y)Iş", sNoun),
		a("(y)Ip", sEnd), a("(y)ArAk", sEnd), a("(y)IncA", sEnd), a("(y)AlI", sEnd), a("DIkçA", sEnd),
		a("mAdAn", sEnd), a("mAksIzIn", sEnd), a("(y)AsIyA", sEnd), a("(y)IncAyA", sEnd),
		ad("(y)IcI", sNoun, deriveNoun),
	}
	finite := []arc{
		a("DI", sPast), a("mIş", sTense), {real: compile("(I)yor").realisations(), to: sTense, iyor: true},
		a("(y)AcAK", sTense), ac("r", sTense, afterVowel), ac("Ar", sTense, afterConsonant),
		ac("Ir", sTense, afterConsonant), a("mAlI", sTense), a("sA", sPast), a("(y)A", sOpt),
		a("mAktA", sTense),
		a("sIn", sEnd), a("(y)In", sEnd), a("(y)InIz", sEnd), a("sInlAr", sEnd),
		a("mA", sNeg), a("mIyor", sTense), a("(y)AmA", sNeg), a("(y)AmIyor", sTense),
		a("(y)Abil", sVoice2), a("(y)Iver", sVoice2),
	}
	voice := func(to state) []arc {
		out := []arc{
			a("(I)n", to), ac("Il", to, afterConsonant), a("DIr", to), ac("t", to, afterVowelRL),
		}
		for i := range out {
			out[i].voice = true
		}
		return out
	}
	arcs[sVerb] = join(voice(sVoice), finite, nonfinite)
	arcs[sVoice] = join(voice(sVoice2), finite, nonfinite)
	arcs[sVoice2] = join(finite, nonfinite)
	arcs[sNeg] = join([]arc{
		a("z", sTense), a("m", sEnd), a("yIz", sEnd), a("DI", sPast), a("mIş", sTense),
		a("(y)AcAK", sTense), a("sA", sPast), a("(y)A", sOpt), a("mAlI", sTense),
		a("sIn", sEnd), a("(y)In", sEnd), a("(y)InIz", sEnd), a("(y)An", sNoun), a("DIK", sNoun),
		a("(y)AcAK", sNoun), a("(y)Ip", sEnd), a("(y)ArAk", sEnd), a("DAn", sEnd), a("(y)IncA", sEnd),
		a("mAk", sMak), a("(y)Abil", sVoice2), a("mA", sNoun),
	}, arcs[sNoun])
	arcs[sTense] = persons
	arcs[sTensePl] = []arc{a("DI", sEnd), a("mIş", sEnd), a("sA", sEnd)}
	arcs[sPast] = []arc{a("m", sEnd), a("n", sEnd), a("k", sEnd), a("nIz", sEnd), a("lAr", sEnd),
		a("(y)DI", sPast), a("(y)mIş", sEvid), a("(y)sA", sPast)}
	arcs[sEvid] = []arc{a("(y)Im", sEnd), a("sIn", sEnd), a("(y)Iz", sEnd), a("sInIz", sEnd), a("lAr", sEnd), a("DIr", sEnd)}
	arcs[sOpt] = []arc{a("(y)Im", sEnd), a("lIm", sEnd), a("sIn", sEnd), a("sInIz", sEnd), a("lAr", sEnd)}
	arcs[sMak] = join([]arc{a("tA", sTense), a("tAn", sEnd), a("lA", sEnd), a("sIzIn", sEnd)}, copula)
}

// allows reports whether c admits a suffix after p.
func (c cond) allows(p phon) bool {
	switch c {
	case afterVowel:
		return p.vowel
	case afterConsonant:
		return !p.vowel
	case afterVowelRL:
		return p.vowel || p.last == 'r' || p.last == 'l'
	}
	return true
}
