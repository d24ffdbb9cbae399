package dev.granary.spec;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a spec has errors; carries every one of them. Bad input: exit code 2, HTTP 400. */
public class SpecInvalidException extends RuntimeException {
    private final List<SpecError> errors;

    public SpecInvalidException(List<SpecError> errors) {
        super(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in the spec:\n"
                + errors.stream().map(e -> "  - " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }
}
