package io.fetchd.bench.contenders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * Contender 4: the JDK's {@link HttpClient} forced to HTTP/1.1, {@code sendAsync} with the same
 * window of outstanding requests. It has no per-host connection limit: over HTTP/1.1 it opens one
 * connection per concurrent request to an origin and pools them, so the window bounds the
 * connections. Default executor; no redirects; bodies counted and dropped.
 *
 * <p>Thread rule: main thread; completions arrive on the client's executor.
 */
public final class JdkHttpClient {
  private JdkHttpClient() {}

  public static void main(String[] argv) throws Exception {
    Run run = new Run("jdk-httpclient", argv);
    if (run.warmup > 0) {
      HttpClient warm = client();
      Run warmRun = new Run("jdk-httpclient", new String[] {"--urls", String.join(",", run.warmupUrls)});
      Window.drive(warmRun, run.warmup, run.warmupConcurrency, run.timeoutSeconds, launcher(warm));
      // Java 17's HttpClient has no close(); dropping it lets its selector thread end when collected.
      warm = null;
    }
    HttpClient client = client();
    System.gc();
    Run.Outcome o = Window.drive(run, run.count, run.concurrency, run.timeoutSeconds, launcher(client));
    run.print(o);
    System.exit(0);
  }

  static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  static Window.Launcher launcher(HttpClient client) {
    return (index, url, done) -> {
      HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build();
      long[] bytes = new long[1];
      client.sendAsync(req, info -> HttpResponse.BodySubscribers.fromSubscriber(counter(bytes)))
          .whenComplete((resp, err) -> {
            if (err != null) {
              done.complete(0, String.valueOf(err));
            } else {
              done.complete(bytes[0], resp.statusCode() / 100 == 2 ? null : "HttpStatus_" + resp.statusCode());
            }
          });
    };
  }

  private static Flow.Subscriber<List<ByteBuffer>> counter(long[] bytes) {
    return new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
          bytes[0] += b.remaining();
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onComplete() {}
    };
  }
}
