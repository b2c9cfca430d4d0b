/**
 * What the gateway does when a route's upstream fails: connection refused, reset, unknown host, or
 * no answer within the route's connect or response timeout. Such a request gets a 502 or 504 (RFC
 * 9457 problem JSON, or the gateway's HTML error page for a browser navigation) instead of a 500,
 * each failure is counted, and the log gets one WARN line per route and kind of failure per
 * interval instead of a stack trace per request.
 */
@NullMarked
package dev.gatehouse.gateway.upstream;

import org.jspecify.annotations.NullMarked;
