package dev.granary.bench.online;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that calls an API forbidden-apis forbids (the build's check of the JDK's traps) on purpose; the
 * method's comment says why. The check recognizes any annotation of this name.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
@interface SuppressForbidden {
}
