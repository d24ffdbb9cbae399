/**
 * The searchable catalog: every entity, source, feature view, feature and feature service of the registry, found
 * by name, description, tags and owner, with facet counts and ranking that adds usage to text relevance. The door
 * is {@link dev.granary.search.Catalog}; {@link dev.granary.search.LuceneCatalog} implements it on Lucene, and the
 * analysis, documents and queries behind it stay package-private. Nothing here reads the registry or computes
 * statistics: the caller hands in specs, statistics summaries and usage counts.
 */
package dev.granary.search;
