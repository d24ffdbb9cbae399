/**
 * The {@code granary} command line ({@link dev.granary.cli.GranaryCommand}, picocli): one class per command that
 * parses its options, opens a {@code Workspace} (configuration and stores of one feature repository) and calls
 * one service method. Java definitions are compiled here in-process; domain logic belongs in the services, not
 * in the commands.
 */
package dev.granary.cli;
