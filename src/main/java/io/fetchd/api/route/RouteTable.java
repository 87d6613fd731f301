package io.fetchd.api.route;

import io.fetchd.api.http.ApiException;
import io.fetchd.api.http.ApiObserver;
import io.fetchd.api.http.ApiRequest;
import io.fetchd.api.http.ErrorType;
import io.fetchd.api.http.RequestHandler;
import io.fetchd.api.http.Responder;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The route table: authentication, path and method matching, the JSON content-type rule, and the
 * hand-off to one handler per route. Unknown path → 404 {@code NotFound}; known path, other method
 * → 405 {@code MethodNotAllowed} with {@code Allow}. /v1/** and extra routes that {@linkplain
 * ExtraRoute#fetches() fetch} (/probe) need a bearer token when tokens are configured; /healthz,
 * /readyz and the other extra routes (/metrics) only with {@code protectHealthAndMetrics}.
 * Every route served with GET also answers HEAD (the {@link Responder} sends the head only), and
 * its {@code Allow} lists HEAD.
 *
 * <p>A table made by {@link #management} serves health and the extra routes only: there, /v1/**
 * is as unknown as any other path (404, and no token needed unless {@code
 * protectHealthAndMetrics}).
 *
 * <p>Each request is labelled with its route's template ({@link #template}) before anything can
 * refuse it, so the {@link ApiObserver} sees {@code /v1/batches/{id}}, never a raw path.
 *
 * <p>Thread rule: reactor thread only.
 */
public final class RouteTable implements RequestHandler {
  private final BearerAuth auth;
  private final boolean protectHealth;
  private final FetchHandler fetch;
  private final JobsHandler jobs;
  private final HealthHandler health;
  /** False on the management listener: no /v1/** routes. */
  private final boolean servesApi;
  private final Map<String, ExtraRoute> extras = new HashMap<>();

  public RouteTable(
      BearerAuth auth,
      boolean protectHealth,
      FetchHandler fetch,
      JobsHandler jobs,
      HealthHandler health,
      List<ExtraRoute> extraRoutes) {
    this.auth = auth;
    this.protectHealth = protectHealth;
    this.fetch = fetch;
    this.jobs = jobs;
    this.health = health;
    this.servesApi = fetch != null && jobs != null;
    for (ExtraRoute r : extraRoutes) {
      String p = r.path();
      if (p == null || !p.startsWith("/") || isBuiltIn(p) || extras.containsKey(p)) {
        throw new IllegalArgumentException("extra route path must start with '/' and be new: " + p);
      }
      extras.put(p, r);
    }
  }

  /** Health and {@code extraRoutes} only, for the {@code ManagementServer}. */
  public static RouteTable management(
      BearerAuth auth, boolean protectHealth, HealthHandler health, List<ExtraRoute> extraRoutes) {
    return new RouteTable(auth, protectHealth, null, null, health, extraRoutes);
  }

  static final String FETCH = "/v1/fetch";
  static final String BATCHES = "/v1/batches";
  static final String BATCH = "/v1/batches/{id}";
  static final String HEALTHZ = "/healthz";
  static final String READYZ = "/readyz";

  /**
   * The template of the route serving {@code path} (whatever the method), or {@link
   * ApiObserver#UNMATCHED}. The result is one of a fixed set of strings.
   */
  @Override
  public String template(String path) {
    if (!servesApi && isV1(path)) {
      return ApiObserver.UNMATCHED;
    }
    switch (path) {
      case FETCH:
        return FETCH;
      case BATCHES:
        return BATCHES;
      case HEALTHZ:
        return HEALTHZ;
      case READYZ:
        return READYZ;
      default:
        break;
    }
    if (batchId(path) != null) {
      return BATCH;
    }
    ExtraRoute extra = extras.get(path);
    return extra != null ? extra.path() : ApiObserver.UNMATCHED;
  }

  /** The id in {@code /v1/batches/{id}}, or null when {@code path} is not of that form. */
  private static String batchId(String path) {
    if (path.startsWith(JobsHandler.PREFIX)) {
      String id = path.substring(JobsHandler.PREFIX.length());
      if (!id.isEmpty() && id.indexOf('/') < 0) {
        return id;
      }
    }
    return null;
  }

  private static boolean isBuiltIn(String p) {
    return p.equals(HEALTHZ) || p.equals(READYZ) || isV1(p);
  }

  private static boolean isV1(String p) {
    return p.equals("/v1") || p.startsWith("/v1/");
  }

  @Override
  public void serve(ApiRequest req, Responder out) throws Exception {
    String path = req.path();
    String method = req.method();
    out.route(template(path));
    boolean v1 = isV1(path);
    if ((v1 && servesApi) || protectHealth || fetchesForCaller(path)) {
      auth.check(req.header("Authorization"));
    }
    if (v1 && !servesApi) {
      throw notFound(path);
    }
    switch (path) {
      case FETCH -> {
        allow(method, "POST");
        requireJson(req);
        fetch.handle(req, out);
      }
      case BATCHES -> {
        allow(method, "POST");
        requireJson(req);
        jobs.create(req, out);
      }
      case HEALTHZ -> {
        allow(method, "GET");
        health.healthz(out);
      }
      case READYZ -> {
        allow(method, "GET");
        health.readyz(out);
      }
      default -> serveOther(path, method, req, out);
    }
  }

  private void serveOther(String path, String method, ApiRequest req, Responder out) throws Exception {
    String id = batchId(path);
    if (id != null) {
      allow(method, "GET", "DELETE");
      if (method.equals("DELETE")) {
        jobs.delete(id, out);
      } else {
        jobs.get(id, req, out);
      }
      return;
    }
    ExtraRoute extra = extras.get(path);
    if (extra != null) {
      allow(method, extra.methods().toArray(new String[0]));
      extra.handle(req, out);
      return;
    }
    throw notFound(path);
  }

  /** True for an extra route that fetches on the caller's behalf (/probe): always behind the token. */
  private boolean fetchesForCaller(String path) {
    ExtraRoute extra = extras.get(path);
    return extra != null && extra.fetches();
  }

  private static ApiException notFound(String path) {
    return new ApiException(ErrorType.NotFound, "no route for " + path);
  }

  /** Passes when {@code method} is allowed (HEAD wherever GET is); else 405 with {@code Allow}. */
  private static void allow(String method, String... allowed) throws ApiException {
    Set<String> sorted = new TreeSet<>(List.of(allowed));
    if (sorted.contains("GET")) {
      sorted.add("HEAD");
    }
    if (sorted.contains(method)) {
      return;
    }
    throw new ApiException(ErrorType.MethodNotAllowed, method + " is not allowed here")
        .withHeader("Allow", String.join(", ", sorted));
  }

  /** A POST body must be {@code application/json}, UTF-8 if a charset is named. */
  private static void requireJson(ApiRequest req) throws ApiException {
    CharSequence mime = HttpUtil.getMimeType(req.netty());
    boolean json = mime != null && mime.toString().trim().equalsIgnoreCase("application/json");
    if (json) {
      Charset cs = HttpUtil.getCharset(req.netty(), StandardCharsets.UTF_8);
      json = cs.equals(StandardCharsets.UTF_8);
    }
    if (!json) {
      throw new ApiException(
          ErrorType.UnsupportedMediaType, "the body must be application/json (UTF-8)");
    }
  }
}
