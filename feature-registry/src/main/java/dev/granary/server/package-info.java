/**
 * The Granary HTTP service (Spring Boot): {@link dev.granary.server.GranaryServer} starts it from a
 * {@link dev.granary.config.GranaryConfig}. Packaged by feature ({@code registry/}, {@code system/}); controllers
 * are thin (parse, one service call) and package-private. Domain rules live in the modules, not here.
 */
package dev.granary.server;
