package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion is stored in the index; Open refuses an index built with
// another version (ErrMappingChanged) so the caller rebuilds it.
// Version 2: tr_folded keeps the whole word beside its stems.
// Version 4 (3 was never released): words are matched in one combined
// field per analysis (text, text_f), not in body and its twin; only the
// folded fields keep term vectors; short keywords with doc values serve
// the date sorts (sort_key) and all facets (facets) in place of dates' and
// per-facet doc values; cluster ids have doc values.
// Version 5: each text field holds tr's and tr_folded's terms in one
// (AnalyzerIndex) instead of a tr field and its folded _f twin; fields no
// query reads (id, first_seen, language, the authors keyword) are gone and
// the url is stored only.
// Version 6: the combined text holds the body first (body, title, lead:
// array positions 0, 1, 2), so that Bleve merges the short parts into the
// body's term frequencies rather than the body's into the title's.
// Version 7: words the lexicon knows are indexed under their lemmas
// (package turkish/lemma) instead of Snowball stems.
// Version 8: stop words are indexed, folded, at their positions (see
// stopMarkFilter), for queries of stop words only and phrases with them.
const MappingVersion = 8

// docType is the one Bleve document type the index holds.
const docType = "article"

// Field names in the index. Analysed fields hold Turkish stems and their
// ASCII-folded forms together (AnalyzerIndex). Title, lead and body are
// stored for hits and snippets; words are matched in text, which holds all
// three as an array (body, title, lead: positions 0, 1, 2), and again in
// the short title and lead fields, which add to the weight of a match there.
const (
	fURL       = "url"
	fTitle     = "title"
	fLead      = "lead"
	fBody      = "body"
	fText      = "text"
	fSource    = "source"
	fAgency    = "agency"
	fAuthors   = "authors"
	fAuthorsT  = "authors_t"
	fPublished = "published"
	fSortKey   = "sort_key"
	fFacets    = "facets"
	fCluster   = "cluster_id"
)

// newMapping builds the index mapping: explicit fields only, no _all field.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	if err := addAnalyzers(im); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = AnalyzerTR
	im.DefaultType = docType
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	dm := mapping.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fURL, storedOnly(mapping.NewKeywordFieldMapping()))
	dm.AddFieldMappingsAt(fTitle, textField(fTitle, true))
	dm.AddFieldMappingsAt(fLead, textField(fLead, true))
	dm.AddFieldMappingsAt(fBody, storedField())
	dm.AddFieldMappingsAt(fText, textField(fText, false))
	dm.AddFieldMappingsAt(fSource, keywordField(true, false))
	dm.AddFieldMappingsAt(fAgency, keywordField(true, false))
	dm.AddFieldMappingsAt(fAuthors, textField(fAuthorsT, false))
	dm.AddFieldMappingsAt(fPublished, dateField(true))
	dm.AddFieldMappingsAt(fSortKey, keywordField(false, true))
	dm.AddFieldMappingsAt(fFacets, keywordField(false, true))
	dm.AddFieldMappingsAt(fCluster, keywordField(true, true))

	im.DefaultMapping = mapping.NewDocumentDisabledMapping()
	im.AddDocumentMapping(docType, dm)
	return im, nil
}

// keywordField indexes the value as one exact term; docValues serve
// facets and sorts.
func keywordField(store, docValues bool) *mapping.FieldMapping {
	f := mapping.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.Store = store
	f.DocValues = docValues
	f.IncludeInAll = false
	return f
}

// textField is analysed text. It keeps term vectors: phrases need them
// (see queryBuilder.text), and their locations mark the snippets.
func textField(name string, store bool) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Name = name
	f.Analyzer = AnalyzerIndex
	f.Store = store
	f.IncludeTermVectors = true
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// storedField keeps text for hits and snippets without indexing it: the
// combined text fields index it.
func storedField() *mapping.FieldMapping {
	return storedOnly(mapping.NewTextFieldMapping())
}

// storedOnly makes f a stored value that is not indexed: no query reads
// it, and a unique term per article (a URL) is costly to index.
func storedOnly(f *mapping.FieldMapping) *mapping.FieldMapping {
	f.Index = false
	f.Store = true
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// dateField indexes a time for range queries. It has no doc values: a
// date's are sixteen prefix-coded terms, slow to read per match; sorts
// and the histogram read short keywords instead (fSortKey, fFacets).
func dateField(store bool) *mapping.FieldMapping {
	f := mapping.NewDateTimeFieldMapping()
	f.Store = store
	f.DocValues = false
	f.IncludeInAll = false
	return f
}
