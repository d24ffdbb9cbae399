package dev.granary.search;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * One object as the catalog sees it, before it becomes a Lucene document: its words, its facet values, its
 * statistics and usage. {@code stats} is null when there are none.
 */
record CatalogObject(ObjectKind type, String project, String name, String view, String description, String meta,
                     String valueType, FeatureKind kind, String owner, List<String> tags, Set<String> entities,
                     FeatureStatsSummary stats, FeatureUsage usage) {
    CatalogObject {
        requireNonNull(type, "type is null");
        requireNonNull(project, "project is null");
        requireNonNull(name, "name is null");
        view = view == null ? "" : view;
        description = description == null ? "" : description;
        meta = meta == null ? "" : meta;
        valueType = valueType == null ? "" : valueType;
        owner = owner == null ? "" : owner;
        tags = tags == null ? List.of() : List.copyOf(tags);
        entities = entities == null ? Set.of() : Set.copyOf(entities);
        usage = usage == null ? FeatureUsage.NONE : usage;
    }
}
