package io.fetchd.client.internal;

import io.fetchd.client.Hop;
import io.fetchd.client.internal.AttemptStage.AttemptResult;
import io.fetchd.client.redirect.RedirectDecider;
import io.fetchd.client.redirect.RedirectDecision;
import io.fetchd.defer.Deferred;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Set;

/**
 * The redirect stage: runs the call's hops. Each hop's final response (after the {@link
 * RetryStage}) is recorded as a {@link Hop}; the pure {@code RedirectDecider} says whether to
 * follow it (limits, loops, schemes, method rewriting, credentials), and a followed redirect starts
 * the next hop. Hands on the last hop's result. Reactor thread only.
 */
final class RedirectStage {
  private final RetryStage retries;
  private final CallEvents events;

  RedirectStage(RetryStage retries, CallEvents events) {
    this.retries = retries;
    this.events = events;
  }

  Deferred<AttemptResult> run(Call call) {
    call.beginHop();
    return Chains.typed(retries.run(call).addCallback(r -> afterHop(call, r)));
  }

  /** The final result itself (no Deferred made on the common path), or the next hop's Deferred. */
  private Object afterHop(Call call, AttemptResult r) throws Exception {
    int status = r.response().status();
    call.hops.add(new Hop(call.url.toString(), status, r.timings(), r.reused()));
    RedirectDecision next =
        RedirectDecider.decide(
            status,
            r.response().headers().get(HttpHeaderNames.LOCATION),
            call.url,
            call.method,
            call.options.followRedirects(),
            call.hops.size() - 1,
            call.options.maxRedirects(),
            call.options.detectRedirectLoops() ? call.visited : Set.of());
    if (!next.follow()) {
      return r;
    }
    events.redirected(status);
    call.credentialsDropped |= next.dropCredentials();
    call.bodyDropped |= status == 301 || status == 302 || status == 303;
    call.url = next.next();
    call.method = next.method();
    return run(call);
  }
}
