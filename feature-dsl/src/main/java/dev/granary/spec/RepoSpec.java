package dev.granary.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The canonical spec of one project: what {@code granary apply} stores as a registry version. It round-trips
 * through the JSON of {@code contract.md} ({@code SpecJson}); {@code SpecValidator} checks it.
 */
public record RepoSpec(String project, List<EntitySpec> entities, List<SourceSpec> sources,
                       List<FeatureViewSpec> featureViews, List<FeatureServiceSpec> featureServices,
                       List<PushSourceSpec> pushSources) {
    public RepoSpec {
        requireNonNull(project, "project is null");
        entities = entities == null ? List.of() : List.copyOf(entities);
        sources = sources == null ? List.of() : List.copyOf(sources);
        featureViews = featureViews == null ? List.of() : List.copyOf(featureViews);
        featureServices = featureServices == null ? List.of() : List.copyOf(featureServices);
        pushSources = pushSources == null ? List.of() : List.copyOf(pushSources);
    }

    /** A spec without push sources. */
    public RepoSpec(String project, List<EntitySpec> entities, List<SourceSpec> sources,
                    List<FeatureViewSpec> featureViews, List<FeatureServiceSpec> featureServices) {
        this(project, entities, sources, featureViews, featureServices, List.of());
    }

    public static RepoSpec empty(String project) {
        return new RepoSpec(project, List.of(), List.of(), List.of(), List.of());
    }

    public Optional<EntitySpec> entity(String name) {
        return entities.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Optional<SourceSpec> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<PushSourceSpec> pushSource(String name) {
        return pushSources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<FeatureViewSpec> featureView(String name) {
        return featureViews.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public Optional<FeatureServiceSpec> featureService(String name) {
        return featureServices.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The join keys of a view, in entity then key order. */
    public List<JoinKey> joinKeys(FeatureViewSpec view) {
        return view.entities().stream()
                .map(this::entity)
                .flatMap(Optional::stream)
                .flatMap(e -> e.joinKeys().stream())
                .toList();
    }

    /**
     * The type of a source column of {@code view} as far as the spec states it: a plain feature reading the
     * column, a join key of the view's entities, or the source's event timestamp ({@code TIMESTAMP}). Empty when
     * only the Parquet schema can tell.
     */
    public Optional<ValueType> statedColumnType(FeatureViewSpec view, String column) {
        for (FeatureSpec feature : view.features()) {
            if (feature.sourceColumn().equals(column)) {
                return Optional.of(feature.type());
            }
        }
        for (JoinKey key : joinKeys(view)) {
            if (key.name().equals(column)) {
                return Optional.of(key.type());
            }
        }
        return source(view.source()).filter(s -> s.timestampField().equals(column)).map(s -> ValueType.TIMESTAMP);
    }

    /**
     * The value type of feature {@code feature} of view {@code view}: a plain feature's type, or an aggregation's
     * result type ({@code COUNT} is {@code INT64}, {@code MEAN} {@code FLOAT64}, others follow the column type when
     * {@link #statedColumnType} knows it). Empty when the feature is unknown or the type needs the Parquet schema.
     */
    public Optional<ValueType> featureType(String view, String feature) {
        Optional<FeatureViewSpec> spec = featureView(view);
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        Optional<FeatureSpec> plain = spec.get().feature(feature);
        if (plain.isPresent()) {
            return Optional.of(plain.get().type());
        }
        return spec.get().aggregation(feature).flatMap(a -> switch (a.function()) {
            case COUNT -> Optional.of(ValueType.INT64);
            case MEAN -> Optional.of(ValueType.FLOAT64);
            default -> statedColumnType(spec.get(), a.column()).flatMap(a.function()::resultType);
        });
    }

    /** Whether feature {@code feature} of view {@code view} is restricted ({@link FeatureViewSpec#restricted(String)}). */
    public boolean restricted(String view, String feature) {
        return featureView(view).map(v -> v.restricted(feature)).orElse(false);
    }
}
