/**
 * The error types of Granary: {@link dev.granary.error.GranaryException} and its subtypes, each naming the
 * object and the fix and carrying the HTTP status and the command-line exit code it maps to. The server maps
 * them to JSON in one place and the CLI to exit codes via {@link dev.granary.error.ExitCodes}; nothing here
 * knows about HTTP frameworks or the console. {@link dev.granary.error.InstantField} refuses a user's instant
 * text in the same words at every door.
 */
package dev.granary.error;
