package io.fetchd.examples;

import io.fetchd.client.BodyMode;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.HttpFetcher;
import io.fetchd.client.RequestOptions;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Deferreds;
import io.fetchd.defer.Failure;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tutorial's {@code getPage} batch, the answer to "blocking input": ask for every page at
 * once and let each report when it arrives. Each fetch gets {@code report_success} /
 * {@code report_failure} as its (callback, errback) pair and then {@code save_result}, which
 * stores a line into a shared map. Pages complete in the order the servers answer, not the order
 * asked; {@code a_bad_url} fails before any connection is made. Run (public URLs, fetched with
 * the default address policy):
 * {@code java -cp target/fetchd.jar io.fetchd.examples.BlockingInput [URL...]}.
 *
 * <p>Thread rule: {@link #run} on the fetcher's reactor thread.
 */
public final class BlockingInput {
  /** The pages fetched when none is given on the command line. */
  public static final List<String> DEFAULT_URLS =
      List.of(
          "https://example.com/",
          "https://example.org/",
          "https://example.net/",
          "https://www.iana.org/help/example-domains",
          "https://twisted.org/",
          "a_bad_url");

  private BlockingInput() {}

  /**
   * Fetches every URL at once.
   *
   * @param fetcher the fetcher, on its reactor's thread
   * @param out where each report is printed, as it arrives
   * @param urls the pages to get
   * @return a Deferred of the shared map, URL to saved line, in the order results arrived, once
   *     every fetch has been reported
   */
  public static Deferred<Map<String, String>> run(
      HttpFetcher fetcher, PrintStream out, List<String> urls) {
    Map<String, String> results = new LinkedHashMap<>();
    List<Deferred<Void>> all = new ArrayList<>();
    for (String url : urls) {
      all.add(
          fetcher
              .fetch(new FetchRequest(url, RequestOptions.DEFAULTS.withBody(BodyMode.TEXT)))
              .addCallbacks(page -> reportSuccess(out, url, page), failure -> reportFailure(out, url, failure))
              .addCallback(line -> saveResult(results, url, line)));
    }
    return Deferreds.gatherResults(all).addCallback(ignored -> Collections.unmodifiableMap(results));
  }

  private static String reportSuccess(PrintStream out, String url, FetchResult page) {
    String line = "got " + url + ": status " + page.status() + ", " + page.bytes() + " bytes";
    out.println("report_success: " + line);
    return line;
  }

  private static String reportFailure(PrintStream out, String url, Failure failure) {
    String reason =
        failure.value() instanceof FetchException e ? e.type() : failure.type().getSimpleName();
    String line = "failed " + url + ": " + reason;
    out.println("report_failure: " + line);
    return line;
  }

  private static Void saveResult(Map<String, String> results, String url, String line) {
    results.put(url, line);
    return null;
  }

  /**
   * Fetches the given URLs (or {@link #DEFAULT_URLS}) on a real reactor and prints the map.
   *
   * @param args the URLs
   */
  public static void main(String[] args) {
    List<String> urls = args.length == 0 ? DEFAULT_URLS : List.of(args);
    System.exit(
        ExampleMain.run(
            reactor -> {
              HttpFetcher fetcher = new HttpFetcher(reactor, FetcherConfig.DEFAULTS);
              return run(fetcher, System.out, urls)
                  .addBothPassThrough(
                      (results, failure) -> {
                        fetcher.close();
                        if (results != null) {
                          results.forEach((url, line) -> System.out.println("saved " + url + " -> " + line));
                        }
                      });
            }));
  }
}
