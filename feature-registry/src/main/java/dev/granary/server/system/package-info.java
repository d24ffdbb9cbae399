/**
 * Cross-cutting parts of the service: liveness and readiness ({@code /health}, {@code /ready}) and
 * {@link dev.granary.server.system.ErrorAdvice}, the one place where errors become JSON responses
 * ({@code {"error", "message", "field", "errors"}}, never a stack trace). No domain logic here.
 */
package dev.granary.server.system;
