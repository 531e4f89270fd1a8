package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion is stored in the index; Open refuses an index built with
// another version (ErrMappingChanged) so the caller rebuilds it.
// Version 2: tr_folded keeps the whole word beside its stems.
const MappingVersion = 2

// docType is the one Bleve document type the index holds.
const docType = "article"

// Field names in the index. Each text field has a folded twin (suffix _f).
const (
	fID        = "id"
	fURL       = "url"
	fTitle     = "title"
	fTitleF    = "title_f"
	fLead      = "lead"
	fLeadF     = "lead_f"
	fBody      = "body"
	fBodyF     = "body_f"
	fSource    = "source"
	fAgency    = "agency"
	fAuthors   = "authors"
	fAuthorsT  = "authors_t"
	fAuthorsF  = "authors_f"
	fPublished = "published"
	fFirstSeen = "first_seen"
	fSortTime  = "sort_time"
	fCluster   = "cluster_id"
	fLanguage  = "language"
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
	dm.AddFieldMappingsAt(fID, keywordField(true, false))
	dm.AddFieldMappingsAt(fURL, keywordField(true, false))
	dm.AddFieldMappingsAt(fTitle, textField(fTitle, AnalyzerTR, true), textField(fTitleF, AnalyzerTRFolded, false))
	dm.AddFieldMappingsAt(fLead, textField(fLead, AnalyzerTR, true), textField(fLeadF, AnalyzerTRFolded, false))
	dm.AddFieldMappingsAt(fBody, textField(fBody, AnalyzerTR, true), textField(fBodyF, AnalyzerTRFolded, false))
	dm.AddFieldMappingsAt(fSource, keywordField(true, true))
	dm.AddFieldMappingsAt(fAgency, keywordField(true, true))
	dm.AddFieldMappingsAt(fAuthors, keywordField(false, false),
		textField(fAuthorsT, AnalyzerTR, false), textField(fAuthorsF, AnalyzerTRFolded, false))
	dm.AddFieldMappingsAt(fPublished, dateField(true))
	dm.AddFieldMappingsAt(fFirstSeen, dateField(false))
	dm.AddFieldMappingsAt(fSortTime, dateField(false))
	dm.AddFieldMappingsAt(fCluster, keywordField(true, false))
	dm.AddFieldMappingsAt(fLanguage, keywordField(false, false))

	im.DefaultMapping = mapping.NewDocumentDisabledMapping()
	im.AddDocumentMapping(docType, dm)
	return im, nil
}

// keywordField indexes the value as one exact term; docValues serve facets.
func keywordField(store, docValues bool) *mapping.FieldMapping {
	f := mapping.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.Store = store
	f.DocValues = docValues
	f.IncludeInAll = false
	return f
}

// textField is analysed text with term vectors, which phrase queries and
// highlight locations need. Only the tr twin stores the text for snippets.
func textField(name, analyzer string, store bool) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Name = name
	f.Analyzer = analyzer
	f.Store = store
	f.IncludeTermVectors = true
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// dateField indexes a time; docValues let it sort and facet.
func dateField(store bool) *mapping.FieldMapping {
	f := mapping.NewDateTimeFieldMapping()
	f.Store = store
	f.DocValues = true
	f.IncludeInAll = false
	return f
}
