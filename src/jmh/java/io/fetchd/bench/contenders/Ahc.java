package io.fetchd.bench.contenders;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import org.asynchttpclient.AsyncHandler;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.AsyncHttpClientConfig;
import org.asynchttpclient.DefaultAsyncHttpClientConfig;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.HttpResponseBodyPart;
import org.asynchttpclient.HttpResponseStatus;

/**
 * Contender 3: AsyncHttpClient 3.0.x on the same Netty as fetchd. Settings matched to fetchd's:
 * one I/O thread (fetchd runs one event loop), the native epoll transport, {@code
 * maxConnectionsPerHost} = {@code --per-host}, {@code maxConnections} = {@code --concurrency},
 * keep-alive, no redirects, and a 30 s wait for a free channel. AHC's per-host limit counts open
 * connections and has no request queue (a request over it blocks the caller, then fails), unlike
 * fetchd's, which queues; the workloads never put more than the limit on one host at once. Bodies are counted and dropped by a
 * streaming {@link AsyncHandler} with lazy body parts (no copy), as fetchd's body mode NONE drops
 * them.
 *
 * <p>Thread rule: main thread; completions arrive on AHC's I/O thread.
 */
public final class Ahc {
  private Ahc() {}

  public static void main(String[] argv) throws Exception {
    Run run = new Run("ahc", argv);
    if (run.warmup > 0) {
      // AHC's per-host limit counts connections and does not queue requests: one over the limit
      // blocks the caller until a connection closes. The warm-up window (64 on one host) gets a
      // limit that fits it; the measured workloads never exceed theirs.
      int window = run.warmupConcurrency;
      try (AsyncHttpClient warm = Dsl.asyncHttpClient(config(Math.max(run.perHost, window), window))) {
        Run warmRun = new Run("ahc", new String[] {"--urls", String.join(",", run.warmupUrls)});
        Window.drive(warmRun, run.warmup, window, run.timeoutSeconds, launcher(warm));
      }
    }
    try (AsyncHttpClient client = Dsl.asyncHttpClient(config(run.perHost, run.concurrency))) {
      System.gc();
      Run.Outcome o = Window.drive(run, run.count, run.concurrency, run.timeoutSeconds, launcher(client));
      run.print(o);
    }
  }

  static AsyncHttpClientConfig config(int perHost, int concurrency) {
    return new DefaultAsyncHttpClientConfig.Builder()
        .setIoThreadsCount(1)
        .setUseNativeTransport(true)
        // Same transport as fetchd's default (epoll), unless -Dfetchd.transport=io_uring asks
        // both sides for io_uring (AHC would otherwise pick io_uring wherever it is available).
        .setUseOnlyEpollNativeTransport(!"io_uring".equals(System.getProperty("fetchd.transport")))
        .setMaxConnectionsPerHost(perHost)
        .setMaxConnections(Math.max(concurrency, perHost))
        .setAcquireFreeChannelTimeout(30_000)
        .setKeepAlive(true)
        .setFollowRedirect(false)
        .setConnectTimeout(Duration.ofSeconds(5))
        .setReadTimeout(Duration.ofSeconds(15))
        .setRequestTimeout(Duration.ofSeconds(60))
        .setPooledConnectionIdleTimeout(Duration.ofSeconds(30))
        .setResponseBodyPartFactory(AsyncHttpClientConfig.ResponseBodyPartFactory.LAZY)
        .build();
  }

  static Window.Launcher launcher(AsyncHttpClient client) {
    return (index, url, done) -> client.prepareGet(url).execute(new AsyncHandler<Void>() {
      int status;
      long bytes;

      @Override
      public State onStatusReceived(HttpResponseStatus s) {
        status = s.getStatusCode();
        return State.CONTINUE;
      }

      @Override
      public State onHeadersReceived(HttpHeaders headers) {
        return State.CONTINUE;
      }

      @Override
      public State onBodyPartReceived(HttpResponseBodyPart part) {
        bytes += part.length();
        return State.CONTINUE;
      }

      @Override
      public void onThrowable(Throwable t) {
        done.complete(0, String.valueOf(t));
      }

      @Override
      public Void onCompleted() {
        done.complete(bytes, status / 100 == 2 ? null : "HttpStatus_" + status);
        return null;
      }
    });
  }
}
