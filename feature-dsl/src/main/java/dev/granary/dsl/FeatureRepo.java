package dev.granary.dsl;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.PushSourceSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecError;
import dev.granary.spec.SpecInvalidException;
import dev.granary.spec.validation.SpecValidator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where definitions are declared. Every declaration is recorded as written, in order, and {@link #build()} turns
 * them into the canonical {@link RepoSpec}. Nothing here throws on a mistake: names, duplicates and references
 * are left to {@code SpecValidator}, and what cannot be recorded as written (a null type, a duration that is not
 * whole seconds, a second project, an object of another repo) is noted with its path and fix, so that
 * {@link #build()} reports every error in the definitions at once.
 */
public final class FeatureRepo {
    private String project;
    private boolean projectSet;
    private final List<Entity> entities = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final List<PushSourceSpec> pushSources = new ArrayList<>();
    private final List<FeatureView> views = new ArrayList<>();
    private final List<FeatureService> services = new ArrayList<>();
    private final List<SpecError> errors = new ArrayList<>();

    /** A repo whose project is {@code defaultProject} unless the definitions call {@link #project(String)}. */
    public FeatureRepo(String defaultProject) {
        this.project = requireNonNull(defaultProject, "defaultProject is null");
    }

    /**
     * Sets the project. May be called by several definition classes as long as they agree; two different names
     * are an error of the spec.
     */
    public FeatureRepo project(String name) {
        if (name == null) {
            error("project", "the project name is null", "pass a name such as \"rides\"");
        } else if (projectSet && !project.equals(name)) {
            error("project", "definitions name two projects, '" + project + "' and '" + name + "'",
                    "declare one project per feature repository");
        } else {
            project = name;
            projectSet = true;
        }
        return this;
    }

    /** Declares an entity; add its join keys with {@link Entity#key}. */
    public Entity entity(String name) {
        Entity entity = new Entity(this, name, entities.size());
        entities.add(entity);
        return entity;
    }

    /** Declares a Parquet source: a file or a folder of files; a relative path resolves against the offline root. */
    public Source parquet(String name, String path) {
        Source source = new Source(this, name, path, sources.size());
        sources.add(source);
        return source;
    }

    /** Declares a feature view of one entity. */
    public FeatureView featureView(String name, Entity entity, Source source) {
        return featureView(name, source, entity);
    }

    /** Declares a feature view of several entities (its key is all their join keys, in this order). */
    public FeatureView featureView(String name, Source source, Entity... entities) {
        FeatureView view = new FeatureView(this, name, source, entities == null ? null : Arrays.asList(entities),
                views.size());
        views.add(view);
        return view;
    }

    /** Declares a feature service from selections such as {@code stats.select("conv_rate", "trips")}. */
    public FeatureService featureService(String name, FeatureSelection... selections) {
        FeatureService service = new FeatureService(this, name, services.size()).features(selections);
        services.add(service);
        return service;
    }

    /** Declares a feature service from references written as {@code view:feature}. */
    public FeatureService featureService(String name, String... refs) {
        return featureService(name, refs == null ? null : FeatureSelection.of(refs));
    }

    /**
     * Declares a push source: {@code /push} requests naming it ({@code push_source_name}) write rows of {@code batch}
     * into every feature view over that source, as a Feast push source does.
     */
    public void pushSource(String name, Source batch) {
        if (batch == null || isForeign(batch.repo())) {
            error(element("pushSources", name, pushSources.size()) + ".batchSource", "push source '" + name
                    + "' needs a source declared on this repo", "pass a source from repo.parquet(...)");
            return;
        }
        pushSources.add(new PushSourceSpec(name, batch.name(), ""));
    }

    /**
     * The canonical spec of everything declared so far, not yet validated when the declarations could all be
     * recorded as written.
     *
     * @throws SpecInvalidException when some could not: it carries those errors and every one the validator finds
     *                              in the rest, each with its path and fix
     */
    public RepoSpec build() {
        RepoSpec spec = new RepoSpec(project,
                entities.stream().map(Entity::toSpec).toList(),
                sources.stream().map(Source::toSpec).toList(),
                views.stream().map(FeatureView::toSpec).toList(),
                services.stream().map(FeatureService::toSpec).toList(),
                pushSources);
        if (!errors.isEmpty()) {
            throw new SpecInvalidException(SpecValidator.validate(spec, errors));
        }
        return spec;
    }

    /** Notes a declaration that cannot be recorded as written; {@link #build()} reports it. */
    void error(String path, String message, String fix) {
        errors.add(new SpecError(path, message, fix));
    }

    /**
     * The description a declaration keeps when {@code description(text)} is called on it: {@code text}, or
     * {@code current} when {@code text} is null, which is noted as an error at {@code path.description} naming
     * {@code declared} (such as {@code entity 'driver'}).
     */
    String description(String path, String declared, String current, String text) {
        if (text == null) {
            error(path + ".description", "the description of " + declared + " is null",
                    "pass a text, or leave the call out");
            return current;
        }
        return text;
    }

    /** Whether {@code owner} is another repo (its objects cannot be used here). */
    boolean isForeign(FeatureRepo owner) {
        return owner != null && owner != this;
    }

    /** {@code array[name]}, or {@code array[index]} when the name is blank: the paths the validator uses. */
    static String element(String array, String name, int index) {
        return array + "[" + (name == null || name.isBlank() ? String.valueOf(index) : name) + "]";
    }
}
