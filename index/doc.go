// Package index is Haberci's derived search index: a Bleve (scorch) index
// with Turkish analysis, fed by one batching writer from the archive and
// queried through a small query language.
//
// The index is rebuildable: it records the last archive sequence number it
// holds (the watermark) and the mapping version in Bleve's internal storage,
// so a crashed or outdated index catches up from, or is rebuilt from, the
// archive.
package index
