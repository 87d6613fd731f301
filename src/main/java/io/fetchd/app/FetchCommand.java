package io.fetchd.app;

import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchEngine;
import io.fetchd.batch.BatchLimits;
import io.fetchd.batch.BatchListener;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.fetchd.client.FetchMethod;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.Header;
import io.fetchd.client.HttpFetcher;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.url.HeaderSyntaxException;
import io.fetchd.client.url.HeaderValidator;
import io.fetchd.config.ConfigLoader;
import io.fetchd.config.FetchdConfig;
import io.fetchd.reactor.Reactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code fetchd fetch}: fetches the URLs given (arguments, {@code --file}, standard input) as one
 * batch on a reactor of its own, prints each URL's JSON line as its Deferred fires and a summary
 * line at the end; see {@link Usage#FETCH}.
 *
 * <p>The server's batch limits do not cut a command-line batch short: the batch may hold every
 * URL given, and {@code --concurrency} (else {@code batches.maxInFlightPerBatch}) bounds how many
 * are fetched at once. On SIGINT the batch is cancelled, so the URLs left end as {@code Cancelled}
 * lines and the summary is still written.
 *
 * <p>Thread rule: {@link #run} on the main thread; it blocks until the batch is done.
 */
final class FetchCommand {
  private static final String NAME = "fetchd fetch";
  /** How long the SIGINT hook waits for the cancelled batch's last lines: 5 s. */
  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(5);
  private static final long MAX_MS = 86_400_000L;

  private final ProcessContext ctx;
  private final List<UrlSource> sources = new ArrayList<>();
  private final List<Header> headers = new ArrayList<>();
  private String configFlag;
  private FetchMethod method;
  private BodyMode body;
  private Long timeoutMs;
  private Long connectTimeoutMs;
  private Integer maxRedirects;
  private boolean noFollow;
  private boolean noSha256;
  private Long maxBodyBytes;
  private Integer retries;
  private Integer concurrency;
  private boolean allowLoopback;
  private boolean failOnAny = true;

  FetchCommand(ProcessContext ctx) {
    this.ctx = ctx;
  }

  int run(List<String> argv) {
    if (!parse(argv)) {
      ctx.out().print(Usage.FETCH);
      return 0;
    }
    FetchdConfig config = ConfigLoader.load(ctx.configFile(configFlag), ctx.env());
    checkCeilings(config.toCeilings());
    RequestOptions options = requestOptions(config.toRequestOptions());
    FetcherConfig fetcherConfig = config.toFetcherConfig();
    if (allowLoopback) {
      fetcherConfig = fetcherConfig.withAddressPolicy(config.addressPolicy().withAllowLoopback(true).toAddressPolicy());
    }
    List<String> urls = UrlSource.readAll(sources, ctx, NAME);
    if (urls.isEmpty()) {
      throw new UsageException(NAME, "no URLs given; pass them as arguments, with --file PATH, or '-' for standard input");
    }
    BatchLimits configured = config.toBatchLimits();
    BatchLimits limits = configured
        .withMaxUrlsPerBatch(Math.max(urls.size(), configured.maxUrlsPerBatch()))
        .withMaxQueuedUrls(Math.max(urls.size(), configured.maxQueuedUrls()))
        .withMaxInFlightPerBatch(concurrency != null ? concurrency : configured.maxInFlightPerBatch());
    Batch batch = fetchAll(new Reactor(config.reactorThreads(), config.reactorTransport()), fetcherConfig, limits, urls, options);
    return failOnAny && batch.failed() > 0 ? 1 : 0;
  }

  /** Reads the options; false when help was asked for. */
  private boolean parse(List<String> argv) {
    ArgCursor args = new ArgCursor(NAME, argv);
    while (args.more()) {
      String a = args.next();
      if (a == null) {
        break;
      }
      if (!args.isOption(a)) {
        sources.add(a.equals("-") ? UrlSource.stdin() : UrlSource.url(a));
        continue;
      }
      switch (a) {
        case "-h", "--help" -> {
          return false;
        }
        case "--file" -> {
          String path = args.value();
          sources.add(path.equals("-") ? UrlSource.stdin() : UrlSource.file(path));
        }
        case "--config" -> configFlag = args.value();
        case "--method" -> method = choice(args, "GET", "HEAD").equals("GET") ? FetchMethod.GET : FetchMethod.HEAD;
        case "--header" -> headers.add(header(args));
        case "--body" -> body = switch (choice(args, "none", "text", "base64")) {
          case "none" -> BodyMode.NONE;
          case "text" -> BodyMode.TEXT;
          default -> BodyMode.BYTES;
        };
        case "--timeout-ms" -> timeoutMs = args.number(1, MAX_MS);
        case "--connect-timeout-ms" -> connectTimeoutMs = args.number(1, MAX_MS);
        case "--max-redirects" -> maxRedirects = (int) args.number(0, 20);
        case "--no-follow" -> {
          args.flag();
          noFollow = true;
        }
        case "--no-sha256" -> {
          args.flag();
          noSha256 = true;
        }
        case "--max-body-bytes" -> maxBodyBytes = args.number(0, Long.MAX_VALUE);
        case "--retries" -> retries = (int) args.number(0, 10);
        case "--concurrency" -> concurrency = (int) args.number(1, 100_000);
        case "--allow-loopback" -> {
          args.flag();
          allowLoopback = true;
        }
        case "--fail-on" -> failOnAny = choice(args, "any", "none").equals("any");
        default -> throw args.usage("unknown option '" + a + "'");
      }
    }
    return true;
  }

  /**
   * The request options given on the command line stay within requests.ceilings, exactly as the
   * same options in a /v1 request do: one rule for both doors.
   */
  private void checkCeilings(io.fetchd.api.route.RequestCeilings c) {
    above("--timeout-ms", timeoutMs, c.maxTimeout().toMillis(), "requests.ceilings.maxTimeoutMs");
    above("--connect-timeout-ms", connectTimeoutMs, c.maxConnectTimeout().toMillis(),
        "requests.ceilings.maxConnectTimeoutMs");
    above("--max-redirects", maxRedirects == null ? null : (long) maxRedirects, c.maxRedirects(),
        "requests.ceilings.maxRedirects");
    above("--max-body-bytes", maxBodyBytes, c.maxBodyBytes(), "requests.ceilings.maxBodyBytes");
    above("--retries", retries == null ? null : (long) retries, c.maxRetries(), "requests.ceilings.maxRetries");
    above("--header (count)", headers.isEmpty() ? null : (long) headers.size(), c.maxHeaders(),
        "requests.ceilings.maxHeaders");
  }

  private static void above(String option, Long given, long ceiling, String setting) {
    if (given != null && given > ceiling) {
      throw new UsageException(NAME, option + " " + given + " is above " + setting + " (" + ceiling
          + "); raise that setting to allow it");
    }
  }

  private static String choice(ArgCursor args, String... allowed) {
    String v = args.value();
    for (String c : allowed) {
      if (c.equalsIgnoreCase(v.trim())) {
        return c;
      }
    }
    throw args.usage(args.option() + " expects one of " + String.join(", ", allowed) + ", got '" + v + "'");
  }

  private static Header header(ArgCursor args) {
    String v = args.value();
    int colon = v.indexOf(':');
    if (colon <= 0) {
      throw args.usage("--header needs 'Name: value', got '" + v + "'");
    }
    String name = v.substring(0, colon).trim();
    try {
      HeaderValidator.validateName(name);
      return new Header(name, HeaderValidator.validateValue(name, v.substring(colon + 1)));
    } catch (HeaderSyntaxException e) {
      throw args.usage(e.getMessage());
    }
  }

  private RequestOptions requestOptions(RequestOptions o) {
    if (method != null) {
      o = o.withMethod(method);
    }
    if (!headers.isEmpty()) {
      o = o.withHeaders(headers);
    }
    if (body != null) {
      o = o.withBody(body);
    }
    if (timeoutMs != null) {
      o = o.withTimeouts(o.timeouts().withDeadline(Duration.ofMillis(timeoutMs)));
    }
    if (connectTimeoutMs != null) {
      o = o.withTimeouts(o.timeouts().withConnect(Duration.ofMillis(connectTimeoutMs)));
    }
    if (maxRedirects != null) {
      o = o.withMaxRedirects(maxRedirects);
    }
    if (noSha256) {
      o = o.withSha256(false);
    }
    if (noFollow) {
      o = o.withFollowRedirects(false);
    }
    if (maxBodyBytes != null) {
      o = o.withMaxBodyBytes(maxBodyBytes);
    }
    if (retries != null) {
      o = o.withRetry(o.retry().withMaxRetries(retries));
    }
    return o;
  }

  /** Runs the batch on a reactor of its own and returns it once every URL has its outcome. */
  private Batch fetchAll(Reactor reactor, FetcherConfig fetcherConfig, BatchLimits limits, List<String> urls,
      RequestOptions options) {
    try {
      HttpFetcher fetcher = Service.onLoop(reactor, () -> new HttpFetcher(reactor, fetcherConfig));
      NdjsonOutput output = new NdjsonOutput(ctx.out(), options.body());
      CompletableFuture<Batch> done = new CompletableFuture<>();
      AtomicReference<Batch> running = new AtomicReference<>();
      Thread hook = new Thread(() -> cancelOnInterrupt(reactor, running, done), "fetchd-fetch-interrupt");
      ctx.addShutdownHook().accept(hook);
      reactor.callFromThread(() -> {
        try {
          BatchEngine engine = new BatchEngine(fetcher::fetch, reactor, limits);
          Progress progress = ctx.stderrIsTerminal() ? new Progress(reactor, ctx.err(), urls.size()) : null;
          if (progress != null) {
            progress.start();
          }
          running.set(engine.start(urls, options, listener(output, progress, done)));
        } catch (Throwable t) {
          done.completeExceptionally(t);
        }
      });
      Batch batch = awaitBatch(done);
      try {
        ctx.removeShutdownHook().accept(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down; the hook runs and finds the batch done
      }
      Service.onLoop(reactor, () -> {
        fetcher.close();
        return null;
      });
      return batch;
    } finally {
      reactor.close();
    }
  }

  private static BatchListener listener(NdjsonOutput output, Progress progress, CompletableFuture<Batch> done) {
    return new BatchListener() {
      @Override
      public void onOutcome(Batch batch, UrlOutcome outcome) {
        output.outcome(outcome);
        batch.release(outcome.index()); // written: nothing reads it again
        if (progress != null) {
          progress.record(outcome.ok());
        }
        if (output.broken()) {
          batch.cancel(); // nobody reads standard output any more
        }
      }

      @Override
      public void onFinished(Batch batch) {
        if (progress != null) {
          progress.finish();
        }
        output.summary(batch);
        done.complete(batch);
      }
    };
  }

  /** Waits for the batch; every fetch has a deadline, so this ends. */
  private static Batch awaitBatch(CompletableFuture<Batch> done) {
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted", e);
    } catch (ExecutionException e) {
      throw new StartupException("the batch failed: " + Main.oneLine(e.getCause()), e.getCause());
    }
  }

  /** The SIGINT/SIGTERM hook: cancel the batch and give its last lines a moment to be written. */
  private static void cancelOnInterrupt(Reactor reactor, AtomicReference<Batch> running, CompletableFuture<Batch> done) {
    Batch batch = running.get();
    if (batch == null || done.isDone()) {
      return;
    }
    try {
      reactor.callFromThread(batch::cancel);
      done.get(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // exiting anyway
    }
  }
}
