package dev.granary.spec.diff;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.granary.spec.RepoSpec;
import java.util.List;

/**
 * The difference between two specs of one project, as {@code granary plan} shows it and {@code apply} stores it
 * with a registry version. Objects are matched by name (features as {@code view:feature}); the project name is not
 * compared. An added or removed view is one change (its features are not listed one by one).
 *
 * <p>Breaking changes, refused by {@code apply} unless forced: a feature's type changed (for an aggregation, a
 * function or column change unless the result type is known to stay the same); a feature or view removed while a
 * feature service of either spec uses it; an entity's join keys changed; a view's entities changed. Everything
 * else (TTL, source, online flag, descriptions, services) is not breaking.
 *
 * <p>Serialises with Jackson as {@code {"changes": [...], "empty": ..., "breaking": ...}}; the last two are
 * derived and ignored when read back.
 */
@JsonIgnoreProperties(value = {"empty", "breaking"}, allowGetters = true)
public record SpecDiff(List<SpecChange> changes) {
    public SpecDiff {
        changes = List.copyOf(requireNonNull(changes, "changes is null"));
    }

    /** The changes that turn {@code before} into {@code after}; pass {@code RepoSpec.empty(project)} for a first apply. */
    public static SpecDiff between(RepoSpec before, RepoSpec after) {
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
        return new SpecDiff(new Comparison(before, after).changes());
    }

    /** True when the specs are the same apart from order and the project name. */
    @JsonProperty("empty")
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    @JsonProperty("breaking")
    public boolean hasBreaking() {
        return changes.stream().anyMatch(SpecChange::breaking);
    }

    public List<SpecChange> breakingChanges() {
        return changes.stream().filter(SpecChange::breaking).toList();
    }

    /**
     * A plan for people, one change per line (details of multi-field changes indented), ending with a summary:
     * <pre>
     * + feature_view driver_activity
     * ~ feature driver_stats:conv_rate type: FLOAT64 -&gt; STRING (breaking: ...)
     * - feature_service old_ranking
     * Plan: 1 to add, 1 to change, 1 to remove (1 breaking).
     * </pre>
     */
    public String render() {
        if (changes.isEmpty()) {
            return "No changes.\n";
        }
        StringBuilder text = new StringBuilder();
        changes.forEach(c -> text.append(c.render()).append('\n'));
        long breaking = breakingChanges().size();
        text.append("Plan: ").append(count(ChangeType.ADDED)).append(" to add, ")
                .append(count(ChangeType.CHANGED)).append(" to change, ")
                .append(count(ChangeType.REMOVED)).append(" to remove")
                .append(breaking == 0 ? "" : " (" + breaking + " breaking)").append(".\n");
        return text.toString();
    }

    private long count(ChangeType type) {
        return changes.stream().filter(c -> c.change() == type).count();
    }
}
