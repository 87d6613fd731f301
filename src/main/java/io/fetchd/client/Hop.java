package io.fetchd.client;

/**
 * One request of a fetch's redirect chain: the URL asked, the status answered and its timings.
 *
 * @param url the hop's URL (userinfo removed)
 * @param status the response status
 * @param timings the hop's phases ({@link Timings#total()} is the hop's own duration)
 * @param connectionReused whether a pooled connection carried it
 */
public record Hop(String url, int status, Timings timings, boolean connectionReused) {}
