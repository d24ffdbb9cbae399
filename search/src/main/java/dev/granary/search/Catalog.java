package dev.granary.search;

import dev.granary.spec.FeatureRef;
import dev.granary.spec.RepoSpec;
import java.util.Map;

/**
 * The searchable catalog of every project's entities, sources, feature views, features (plain and aggregations)
 * and feature services. The registry keeps it in step: {@link #replaceProject} on apply and rollback,
 * {@link #updateUsage} as usage is counted, and on start a rebuild of each project whose {@link #indexedVersion}
 * differs from the registry's current version. Writes are visible to {@link #search} as soon as they return
 * (near-real-time); a reader never sees half of a write. Implementations are safe for concurrent use.
 *
 * <p>Every method throws {@link CatalogException} when the index cannot be read or written (disk full, directory
 * removed, catalog closed); a failed write leaves what searches see unchanged.
 */
public interface Catalog extends AutoCloseable {

    /**
     * Indexes the project exactly as {@code spec} and {@code extras} describe it, replacing what was indexed for
     * it: objects no longer in the spec disappear, statistics and usage absent from {@code extras} are dropped
     * (pass the current usage on every call). Durable when it returns; {@link #indexedVersion} then answers
     * {@code specVersion}.
     *
     * @param project     the project name; must equal {@code spec.project()}
     * @param specVersion the registry version of {@code spec} (>= 1)
     * @throws IllegalArgumentException when the project is blank or differs from the spec's, or the version is
     *                                  below 1; nothing is changed then
     */
    void replaceProject(String project, RepoSpec spec, int specVersion, CatalogExtras extras);

    /**
     * Sets the usage of features already indexed, without reindexing them (cheap: doc-value updates). Features
     * not in the catalog are ignored, features not in the map keep their usage. Visible to searches when it
     * returns; durable at the next {@link #replaceProject}, {@link #removeProject} or {@link #close}.
     */
    void updateUsage(String project, Map<FeatureRef, FeatureUsage> usage);

    /** Removes every object of the project and its version; a project never indexed is a no-op. Durable. */
    void removeProject(String project);

    /**
     * The registry version the project was last indexed at, or {@code -1} when it is not indexed (also after a
     * change of the catalog's analysis, which empties the index so that everything is rebuilt).
     */
    long indexedVersion(String project);

    /** True when no project is indexed (a new or emptied index: rebuild everything from the registry). */
    boolean isEmpty();

    /**
     * Searches the catalog. Text is matched word by word: every word must match the name (split on {@code _},
     * case changes), the description, or the owner, tags, view and entity names, directly, through a synonym,
     * with one typo (a wrong, missing, extra or swapped letter; words of 4+ letters) or, for the last word, as a prefix. An exact name match
     * ({@code conv_rate} or {@code driver_stats:conv_rate}) ranks first; usage raises a hit among equally
     * relevant ones. See {@code docs/search.md}.
     */
    SearchResult search(SearchQuery query);

    /** Commits pending usage updates and releases the index; later calls throw {@link CatalogException}. */
    @Override
    void close();
}
