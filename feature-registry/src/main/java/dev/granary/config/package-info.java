/**
 * Configuration of a feature repository: {@link dev.granary.config.GranaryConfig}, one validated record tree
 * (a {@code *Settings} record per section of the file) loaded by {@code ConfigLoader} from {@code granary.yaml}
 * with {@code GRANARY_*} environment overrides and the embedded defaults of the contract. The CLI and the server
 * read the same type. Nothing here opens a store; secrets never print.
 */
package dev.granary.config;
