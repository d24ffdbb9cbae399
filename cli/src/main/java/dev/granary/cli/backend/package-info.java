/**
 * The one door through which every repository command of the CLI does its work:
 * {@link dev.granary.cli.backend.RepositoryBackend}, with the values it answers ({@link
 * dev.granary.cli.backend.PlannedChange}, {@link dev.granary.cli.backend.StoredVersion}, {@link
 * dev.granary.cli.backend.FeatureLookup}) and the errors a forwarded command can meet ({@link
 * dev.granary.cli.backend.ServerRejectedException}, {@link dev.granary.cli.backend.ServerUnreachableException},
 * {@link dev.granary.cli.backend.JobFailedException}).
 *
 * <p>Implementations: {@code dev.granary.cli.LocalRepositoryBackend} opens the repository's stores in the CLI
 * process; {@link dev.granary.cli.remote.ServerRepositoryBackend} sends the work to the {@code granary serve}
 * that owns them, over the public REST API. A command is given one of them, chosen once from
 * {@code .granary/server.lock}, and prints the same output whichever it got.
 */
package dev.granary.cli.backend;
