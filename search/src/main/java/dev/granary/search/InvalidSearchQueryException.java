package dev.granary.search;

import static java.util.Objects.requireNonNull;

/** A search query with a bad field (unknown filter value, limit out of range); {@link #field()} names it. */
public class InvalidSearchQueryException extends IllegalArgumentException {
    private final String field;

    public InvalidSearchQueryException(String field, String message) {
        super(message);
        this.field = requireNonNull(field, "field is null");
    }

    /** The query parameter at fault: {@code limit}, {@code offset}, {@code type}, {@code kind}, ... */
    public String field() {
        return field;
    }
}
