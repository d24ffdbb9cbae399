package dev.granary.search;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * One object as the catalog sees it, before it becomes a Lucene document: its words, its facet values, its
 * statistics and usage. {@code stats} is null when there are none; {@code context} is {@link Context#NONE} except
 * for features.
 */
record CatalogObject(ObjectKind type, String project, String name, String view, String description, String meta,
                     String valueType, FeatureKind kind, String owner, List<String> tags, Set<String> entities,
                     FeatureStatsSummary stats, FeatureUsage usage, Context context) {
    /**
     * The words a feature is found by beside its own, weaker than its name and description: its view's name and
     * description, its entities' names and descriptions, its source's name and description, and the names of the
     * feature services that use it. Empty strings where there is nothing.
     */
    record Context(String view, String entities, String source, String services) {
        static final Context NONE = new Context("", "", "", "");

        Context {
            view = view == null ? "" : view;
            entities = entities == null ? "" : entities;
            source = source == null ? "" : source;
            services = services == null ? "" : services;
        }
    }

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
        context = context == null ? Context.NONE : context;
    }
}
