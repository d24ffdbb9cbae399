/**
 * Security of {@code granary serve}: which files a caller may name ({@link dev.granary.security.ConfinedFiles}),
 * and (with {@code security.enabled}) who may call what. Nothing here knows HTTP frameworks beyond the filters that
 * apply the rules; domain modules do not depend on this package.
 */
package dev.granary.security;
