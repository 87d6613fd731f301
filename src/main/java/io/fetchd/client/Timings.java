package io.fetchd.client;

import java.time.Duration;

/**
 * How long each phase of a fetch took, measured with {@code System.nanoTime()} on the reactor. A
 * phase that did not happen (DNS for an IP literal or a reused connection, TLS for plain HTTP, any
 * phase after a failure) is null, never zero.
 *
 * <p>In a {@link FetchResult}, the phases describe the exchange that produced the final response
 * (its last attempt), except {@code queue}, which sums every wait for a connection slot, and
 * {@code total}, which spans the whole fetch: redirects, retries and backoff included.
 *
 * @param queue waiting for a per-origin or global connection slot
 * @param dns name resolution
 * @param connect TCP connect
 * @param tls TLS handshake
 * @param ttfb from the request written to the first response byte
 * @param transfer from the first response byte to the last
 * @param total the whole fetch (or, in a {@link Hop}, the whole hop)
 */
public record Timings(
    Duration queue,
    Duration dns,
    Duration connect,
    Duration tls,
    Duration ttfb,
    Duration transfer,
    Duration total) {}
