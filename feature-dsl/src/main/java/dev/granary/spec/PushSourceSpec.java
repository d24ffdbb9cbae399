package dev.granary.spec;

import static java.util.Objects.requireNonNull;

/**
 * A push source, as in Feast: a name that {@code /push} requests use ({@code push_source_name}) for rows of the batch
 * source {@code batchSource}; a push feeds every feature view over that batch source.
 */
public record PushSourceSpec(String name, String batchSource, String description) {
    public PushSourceSpec {
        requireNonNull(name, "name is null");
        requireNonNull(batchSource, "batchSource is null");
        description = description == null ? "" : description;
    }
}
