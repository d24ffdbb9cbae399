package dev.granary.cli;

/** Definitions that cannot be read or compiled: bad input, exit code 2. */
final class DefinitionException extends RuntimeException {
    DefinitionException(String message) {
        super(message);
    }
}
