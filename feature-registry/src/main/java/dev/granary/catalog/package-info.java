/**
 * The searchable catalog inside the service and the CLI: {@link dev.granary.catalog.CatalogSync} keeps the
 * {@code search} module's {@link dev.granary.search.Catalog} in step with the registry (every new version, a
 * rebuild of stale projects on start, usage and statistics as extras), and the REST side answers
 * {@code GET /api/v1/search} and the feature detail ({@link dev.granary.catalog.FeatureDetails}). Indexing and
 * ranking themselves belong to {@code search}; nothing here builds Lucene documents.
 */
package dev.granary.catalog;
