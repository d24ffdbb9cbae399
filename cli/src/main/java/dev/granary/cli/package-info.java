/**
 * The {@code granary} command line ({@link dev.granary.cli.GranaryCommand}, picocli): one class per command that
 * parses its options, loads the repository's configuration ({@code Workspace}, which builds the service's parts
 * with {@link dev.granary.assembly.GranaryParts} as the server does), compiles definitions when it
 * needs a spec, and does its work through one {@link dev.granary.cli.backend.RepositoryBackend} chosen by
 * {@code RepoOptions.backend}: {@code LocalRepositoryBackend} on the stores opened in this process, or
 * {@link dev.granary.cli.remote.ServerRepositoryBackend} when a running {@code granary serve} owns an embedded
 * store the command uses ({@code ServerLock}, {@code RepositoryStore}). Printing is the command's; domain logic
 * belongs in the services, not in the commands. This module (artifact {@code granary-cli}) sits on top of the
 * registry service ({@code feature-registry}) and the client; nothing depends on it.
 */
package dev.granary.cli;
