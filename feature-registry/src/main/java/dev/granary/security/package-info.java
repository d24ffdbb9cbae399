/**
 * Security of {@code granary serve}: which files a caller may name ({@link dev.granary.security.ConfinedFiles}),
 * and (with {@code security.enabled}) who may call what: tokens and roles ({@link dev.granary.security.AccessRules}
 * on both ports), which restricted features a caller may read ({@link dev.granary.security.FeatureAccess}, asked by
 * the lookup, push, export, statistics and catalog services), and the audit log. Nothing here knows HTTP
 * frameworks beyond the filters that apply the rules; domain modules do not depend on this package.
 */
package dev.granary.security;
