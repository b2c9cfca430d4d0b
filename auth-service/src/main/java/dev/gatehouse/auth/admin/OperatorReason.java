package dev.gatehouse.auth.admin;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operator's optional {@code reason}: at most {@value OperatorReasons#MAX_LENGTH} characters, no
 * control characters (see {@link OperatorReasons}). Each violation is reported as its own
 * constraint's, exactly as if both were written out.
 */
@Size(max = OperatorReasons.MAX_LENGTH)
@Pattern(regexp = OperatorReasons.PATTERN)
@Constraint(validatedBy = {})
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@interface OperatorReason {

  String message() default "is not a valid reason";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
