/**
 * Forwarding: {@link dev.granary.cli.remote.ServerRepositoryBackend} implements the CLI's
 * {@link dev.granary.cli.backend.RepositoryBackend} by sending each command's work to the {@code granary serve} that
 * owns the repository's embedded stores, over the public REST API ({@code docs/api.md}).
 * {@link dev.granary.cli.remote.ServerConnection} is the HTTP and JSON edge (error bodies become
 * {@link dev.granary.cli.backend.ServerRejectedException}, a silent server
 * {@link dev.granary.cli.backend.ServerUnreachableException}); {@link dev.granary.cli.remote.JobWatcher} follows a
 * submitted job to its end, drawing its progress. Called by the commands of {@code dev.granary.cli} only.
 */
package dev.granary.cli.remote;
