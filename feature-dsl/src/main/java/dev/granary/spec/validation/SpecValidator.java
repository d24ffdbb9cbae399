package dev.granary.spec.validation;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecError;
import dev.granary.spec.SpecInvalidException;
import java.util.List;

/**
 * Checks the meaning of a {@link RepoSpec}: names ({@code [a-z][a-z0-9_]*}), duplicates, references between
 * objects, TTLs and windows (with upper bounds), name lengths, aggregation functions against column types, and feature services. Every error is
 * reported at once, each with a path such as {@code featureViews[driver_stats].features[conv_rate].name} (an
 * index when the name is blank) and a fix. The full rule list is in {@code docs/dsl.md}.
 *
 * <p>What needs the data is not checked here: that source files and columns exist, and the types of columns the
 * spec does not state (an aggregation over a column that is no plain feature, join key or event timestamp of its
 * view is checked against the Parquet schema at plan time).
 */
public final class SpecValidator {
    private SpecValidator() {
    }

    /** Every error in {@code spec}, in spec order; empty when it is valid. */
    public static List<SpecError> validate(RepoSpec spec) {
        return validate(spec, List.of());
    }

    /**
     * Every error of a spec whose reading found problems (the JSON reader's or the DSL's {@code readErrors}, whose
     * values the partly read {@code spec} holds as placeholders): the read errors first, then the rules' errors,
     * leaving out those at or under a path a read error names (a missing name is one error, not two) and the
     * function-to-type check of a column whose type could not be read.
     */
    public static List<SpecError> validate(RepoSpec spec, List<SpecError> readErrors) {
        requireNonNull(spec, "spec is null");
        Problems problems = new Problems(List.copyOf(requireNonNull(readErrors, "readErrors is null")));
        CatalogRules.check(spec, problems);
        ViewRules.check(spec, problems);
        ServiceRules.check(spec, problems);
        BoundRules.check(spec, problems);
        return problems.errors();
    }

    /**
     * Returns {@code spec} when it is valid.
     *
     * @throws SpecInvalidException carrying every error
     */
    public static RepoSpec requireValid(RepoSpec spec) {
        List<SpecError> errors = validate(spec);
        if (!errors.isEmpty()) {
            throw new SpecInvalidException(errors);
        }
        return spec;
    }

    /** Whether {@code name} is a valid name for a project, entity, source, view, feature, service or join key. */
    public static boolean isValidName(String name) {
        return name != null && Problems.isValidName(name);
    }
}
