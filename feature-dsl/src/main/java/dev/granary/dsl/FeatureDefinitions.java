package dev.granary.dsl;

/**
 * Feature definitions written in Java: a class implementing this interface declares entities, sources, feature
 * views and feature services on the {@link FeatureRepo} it is given. The CLI finds such classes in a feature
 * repository, compiles them with the JDK compiler and turns them into the canonical spec with
 * {@link Definitions#toSpec(String, FeatureDefinitions...)}.
 *
 * <p>Implementations need a public no-argument constructor (the CLI instantiates them) and should do nothing but
 * declare: no I/O, no reading of data.
 */
@FunctionalInterface
public interface FeatureDefinitions {
    /** Declares this class's definitions on {@code repo}. Several classes may declare on the same repo. */
    void define(FeatureRepo repo);
}
