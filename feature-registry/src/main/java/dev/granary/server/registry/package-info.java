/**
 * The registry's REST API under {@code /api/v1}: plan, apply, projects, versions, rollback and the read-only
 * views of the current spec (entities, feature views, feature services). Controllers parse the request and make
 * one {@link dev.granary.registry.Registry} call; errors are mapped by {@code system.ErrorAdvice}.
 */
package dev.granary.server.registry;
