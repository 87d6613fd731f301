/**
 * What the REST API serves: the {@link io.fetchd.api.route.RouteTable} and one handler per route
 * (fetch, jobs, health, extra routes), batch request parsing and its ceilings, and the job store.
 * Uses {@code io.fetchd.api.http} and {@code io.fetchd.api.json}; only {@code io.fetchd.api}'s
 * servers use it.
 */
package io.fetchd.api.route;
