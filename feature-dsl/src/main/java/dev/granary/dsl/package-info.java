/**
 * The Java DSL for feature definitions: a class implementing {@link dev.granary.dsl.FeatureDefinitions} declares
 * entities, sources, feature views and services on a {@link dev.granary.dsl.FeatureRepo}, and
 * {@link dev.granary.dsl.Definitions} turns them into the canonical {@code RepoSpec}. The builders record what
 * was written and do not validate (that is {@code SpecValidator}'s job); they do no I/O.
 */
package dev.granary.dsl;
