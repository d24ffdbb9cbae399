/**
 * The {@code granary} command line ({@link dev.granary.cli.GranaryCommand}, picocli): one class per command that
 * parses its options, loads the repository's configuration ({@code Workspace}), compiles definitions when it
 * needs a spec, and does its work through one {@link dev.granary.cli.backend.RepositoryBackend} chosen by
 * {@code RepoOptions.backend}: {@code LocalRepositoryBackend} on the stores opened in this process, or
 * {@link dev.granary.cli.remote.ServerRepositoryBackend} when a running {@code granary serve} owns an embedded
 * store the command uses ({@code ServerLock}, {@code RepositoryStore}). Printing is the command's; domain logic
 * belongs in the services, not in the commands.
 */
package dev.granary.cli;
