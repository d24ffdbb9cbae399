package dev.granary.registry;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.diff.SpecChange;
import dev.granary.spec.diff.SpecDiff;
import java.util.List;

/**
 * The JSON shape of a diff, stored with each version ({@code registry_versions.diff_json}) and returned by the
 * REST API.
 *
 * @param empty    nothing changed
 * @param breaking at least one change is breaking (apply needs force)
 * @param summary  one line, e.g. {@code "Plan: 1 to add, 1 to change, 0 to remove (1 breaking)."}
 * @param text     the readable plan, one change per line ({@link SpecDiff#render()})
 * @param changes  every change, field by field
 */
public record DiffDocument(boolean empty, boolean breaking, String summary, String text, List<SpecChange> changes) {
    public DiffDocument {
        requireNonNull(summary, "summary is null");
        requireNonNull(text, "text is null");
        changes = List.copyOf(changes);
    }

    public static DiffDocument of(SpecDiff diff) {
        String text = diff.render();
        String[] lines = text.strip().split("\n");
        return new DiffDocument(diff.isEmpty(), diff.hasBreaking(), lines[lines.length - 1], text, diff.changes());
    }
}
