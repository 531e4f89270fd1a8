// Package index is Haberci's derived search index: a Bleve (scorch) index
// with Turkish analysis, fed by one batching writer from the archive and
// queried through a small query language.
//
// The index is rebuildable: it records the last archive sequence number it
// holds (the watermark) and the mapping version in Bleve's internal storage,
// so a crashed or outdated index catches up from, or is rebuilt from, the
// archive.
//
// # Analysis
//
// Text has two readings (see analysis.go): tr (Unicode word boundaries,
// the suffix after an apostrophe dropped, Turkish lower case, circumflex
// dropped, stop words, then each word's lemmas from package turkish/lemma
// — kitabını → kitap, gidiyorlar → git-mek — or, for a word the lexicon does
// not know, Snowball's Turkish stem with candidate stems) and tr_folded (the
// same, keeping each whole word beside its stems, then folded to ASCII). The text fields are analysed once, by tr_index, and
// hold both readings' terms at each position (see union.go), and each stop
// word folded as written (see stopwords.go): queries drop stop words, save
// a query of nothing else (ve, ama ve), which finds them as written, and
// a phrase, which matches them where they stand. What that does with the
// words news is full of:
//
//   - Numbers stay whole, with their separators: 1.500, 3,5 and 14.30 are
//     one term each; %45 is 45. A suffix after an apostrophe goes with a
//     number as with a word (2019'da → 2019), except that the tokenizer
//     cuts between digit and letter, so a suffix that is not a stop word
//     stays as a short term of its own (1980'li → 1980, li).
//   - Dates are not understood as dates in text: 15.07.2016 is one term,
//     2016-07-15 three (2016, 07, 15) and 15 Temmuz 2016 three words, each
//     found by typing it the same way. Searching by date uses the
//     published date: date:2020-06..2020-07 in the query, or from and to.
//   - Acronyms are lower-cased by the Turkish rules and lose their suffix:
//     İBB'nin → ibb, CHP'li → chp, TBMM'de → tbmm. A dotless I stays dotless
//     in tr (IMF → ımf) and becomes i in the folded reading (imf), so IMF,
//     imf and İMF all match.
//   - Hyphenated words are split into their parts at consecutive
//     positions: sosyal-demokrat → sosyal, demokrat; Türk-İş → türk, iş. A
//     query word with a hyphen is therefore searched as the phrase of its
//     parts, so covid-19 finds "Covid-19" and "covid 19" but not covid
//     alone.
//   - Domain names stay one word (cnnturk.com), so cnnturk alone does not
//     find them.
package index
