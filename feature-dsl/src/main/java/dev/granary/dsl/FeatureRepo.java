package dev.granary.dsl;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.RepoSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where definitions are declared. Every declaration is recorded as written, in order, and {@link #build()} turns
 * them into the canonical {@link RepoSpec}. Nothing is checked here apart from nulls and objects that belong to
 * another repo: names, duplicates and references are left to {@code SpecValidator} so that every error in the
 * definitions is reported at once.
 */
public final class FeatureRepo {
    private String project;
    private boolean projectSet;
    private final List<Entity> entities = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final List<FeatureView> views = new ArrayList<>();
    private final List<FeatureService> services = new ArrayList<>();

    /** A repo whose project is {@code defaultProject} unless the definitions call {@link #project(String)}. */
    public FeatureRepo(String defaultProject) {
        this.project = requireNonNull(defaultProject, "defaultProject is null");
    }

    /**
     * Sets the project. May be called by several definition classes as long as they agree.
     *
     * @throws IllegalStateException when an earlier call named a different project
     */
    public FeatureRepo project(String name) {
        requireNonNull(name, "project name is null");
        if (projectSet && !project.equals(name)) {
            throw new IllegalStateException("definitions name two projects, '" + project + "' and '" + name
                    + "'; declare one project per feature repository");
        }
        project = name;
        projectSet = true;
        return this;
    }

    /** Declares an entity; add its join keys with {@link Entity#key}. */
    public Entity entity(String name) {
        Entity entity = new Entity(this, name);
        entities.add(entity);
        return entity;
    }

    /** Declares a Parquet source: a file or a folder of files; a relative path resolves against the offline root. */
    public Source parquet(String name, String path) {
        Source source = new Source(this, name, path);
        sources.add(source);
        return source;
    }

    /** Declares a feature view of one entity. */
    public FeatureView featureView(String name, Entity entity, Source source) {
        return featureView(name, source, entity);
    }

    /** Declares a feature view of several entities (its key is all their join keys, in this order). */
    public FeatureView featureView(String name, Source source, Entity... entities) {
        requireNonNull(entities, "entities is null");
        List<Entity> list = Arrays.asList(entities);
        owned(source == null ? null : source.repo(), "source", name);
        list.forEach(e -> owned(e == null ? null : e.repo(), "entity", name));
        FeatureView view = new FeatureView(this, name, source, list);
        views.add(view);
        return view;
    }

    /** Declares a feature service from selections such as {@code stats.select("conv_rate", "trips")}. */
    public FeatureService featureService(String name, FeatureSelection... selections) {
        FeatureService service = new FeatureService(name).features(selections);
        services.add(service);
        return service;
    }

    /** Declares a feature service from references written as {@code view:feature}. */
    public FeatureService featureService(String name, String... refs) {
        return featureService(name, FeatureSelection.of(refs));
    }

    /** The canonical spec of everything declared so far, unvalidated. */
    public RepoSpec build() {
        return new RepoSpec(project,
                entities.stream().map(Entity::toSpec).toList(),
                sources.stream().map(Source::toSpec).toList(),
                views.stream().map(FeatureView::toSpec).toList(),
                services.stream().map(FeatureService::toSpec).toList());
    }

    private void owned(FeatureRepo owner, String what, String viewName) {
        if (owner != null && owner != this) {
            throw new IllegalArgumentException("feature view " + viewName + " uses a " + what
                    + " declared on another FeatureRepo; declare it on the repo passed to define()");
        }
    }
}
