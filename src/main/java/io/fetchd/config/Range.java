package io.fetchd.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The bounds of a numeric setting, on its record component; for a duration, {@link #min} is in
 * milliseconds and there is no maximum. Without it a number may take any value of its Java type.
 * Immutable; any thread.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface Range {
  long min() default Long.MIN_VALUE;

  /** {@link Long#MAX_VALUE}: as large as the component's type allows. */
  long max() default Long.MAX_VALUE;
}
