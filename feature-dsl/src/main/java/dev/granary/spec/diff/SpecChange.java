package dev.granary.spec.diff;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One object added, removed or changed. {@code details} lists the changed fields (empty for added and removed
 * objects); {@code reason} says why a breaking change breaks (empty when not breaking).
 */
public record SpecChange(ObjectKind kind, String name, ChangeType change, List<FieldChange> details,
                         boolean breaking, String reason) {
    public SpecChange {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        requireNonNull(change, "change is null");
        details = details == null ? List.of() : List.copyOf(details);
        reason = reason == null ? "" : reason;
        if (breaking && reason.isEmpty()) {
            throw new IllegalArgumentException("breaking change of " + kind.label() + " " + name + " needs a reason");
        }
    }

    /** The rendered plan lines of this change, such as {@code ~ feature v:f type: FLOAT64 -> STRING}. */
    public String render() {
        StringBuilder text = new StringBuilder(change.symbol()).append(' ').append(kind.label()).append(' ')
                .append(name);
        if (details.size() == 1) {
            text.append(' ').append(details.get(0));
        }
        if (breaking) {
            text.append(" (breaking: ").append(reason).append(')');
        }
        if (details.size() > 1) {
            details.forEach(d -> text.append("\n    ").append(d));
        }
        return text.toString();
    }
}
