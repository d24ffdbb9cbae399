/**
 * The versioned registry of project specs: {@link dev.granary.registry.Registry} is the door (plan, apply,
 * history, rollback), {@link dev.granary.registry.JooqRegistry} its jOOQ implementation on PostgreSQL or
 * embedded H2, opened without Spring by {@link dev.granary.registry.RegistryDatabase}. Flyway owns the schema;
 * jOOQ's generated classes live apart in {@code dev.granary.registry.db}. No HTTP or console code here.
 */
package dev.granary.registry;
