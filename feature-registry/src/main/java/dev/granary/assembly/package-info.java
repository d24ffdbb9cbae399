/**
 * {@link dev.granary.assembly.GranaryParts}: the one place the service's object graph is built from
 * {@code granary.yaml}. The server's {@code *Configuration} classes expose its parts as Spring beans; the command
 * line builds the same parts without Spring. Nothing here holds behaviour of its own; outside the
 * configuration classes, no class refers to it.
 */
package dev.granary.assembly;
