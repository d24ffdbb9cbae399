package dev.granary.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The canonical spec of one project: what {@code granary apply} stores as a registry version. It round-trips
 * through the JSON of {@code contract.md} ({@code SpecJson}); {@code SpecValidator} checks it.
 */
public record RepoSpec(String project, List<EntitySpec> entities, List<SourceSpec> sources,
                       List<FeatureViewSpec> featureViews, List<FeatureServiceSpec> featureServices) {
    public RepoSpec {
        requireNonNull(project, "project is null");
        entities = entities == null ? List.of() : List.copyOf(entities);
        sources = sources == null ? List.of() : List.copyOf(sources);
        featureViews = featureViews == null ? List.of() : List.copyOf(featureViews);
        featureServices = featureServices == null ? List.of() : List.copyOf(featureServices);
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
}
