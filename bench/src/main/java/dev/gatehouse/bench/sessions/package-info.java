/**
 * Benchmarks about sessions at scale: what one cold introspection costs auth-service ({@link
 * IntrospectionCost}) and 100 000 sessions across two gateways sharing Redis ({@link
 * ManySessions}). Sessions are seeded straight into PostgreSQL with real tokens, as auth-service's
 * {@code SessionService} writes them, because 100 000 password logins would take hours.
 */
@NullMarked
package dev.gatehouse.bench.sessions;

import org.jspecify.annotations.NullMarked;
