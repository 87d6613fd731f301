package io.fetchd.deploy;

import static io.fetchd.deploy.DeployFiles.COMPOSE;
import static io.fetchd.deploy.DeployFiles.assertPinnedTag;
import static io.fetchd.deploy.DeployFiles.document;
import static io.fetchd.deploy.DeployFiles.documents;
import static io.fetchd.deploy.DeployFiles.texts;
import static io.fetchd.deploy.DeployFiles.yamlFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchd.api.ApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks deploy/compose without a Docker engine: the files parse, images are pinned, fetchd is
 * built from this repository with a /healthz health check and enough time to drain, every
 * bind-mounted file exists, and Prometheus and Grafana point at the compose services.
 */
class ComposeTest {
  @Test
  void everyComposeFileParses() {
    List<Path> files = yamlFiles(COMPOSE);
    assertTrue(files.contains(COMPOSE.resolve("docker-compose.yml")), "deploy/compose/docker-compose.yml is missing");
    for (Path f : files) {
      assertFalse(documents(f).isEmpty(), f + " holds no YAML document");
    }
  }

  /** Compose v1 (docker-compose 1.x) rejects a top-level name:; v2 calls version: obsolete. */
  @Test
  void composeFileWorksWithComposeV1AndV2() {
    Set<String> top = fieldNames(compose());
    assertFalse(top.contains("name"), "a top-level name: breaks Compose v1 (use -p fetchd)");
    assertFalse(top.contains("version"), "version: is obsolete in Compose v2 and not needed by v1 1.27+");
  }

  @Test
  void composeRunsFetchdPrometheusAndGrafanaFromPinnedImages() {
    JsonNode services = compose().path("services");
    assertEquals(Set.of("fetchd", "prometheus", "grafana"), fieldNames(services), "compose services");
    services.properties().forEach(e -> {
      if (e.getValue().has("build")) {
        return;
      }
      String image = e.getValue().path("image").asText("");
      assertTrue(image.matches("[^:]+:[^:]+"), e.getKey() + " image '" + image + "' has no tag");
      assertPinnedTag(image.substring(image.indexOf(':') + 1), e.getKey() + " image");
    });
  }

  @Test
  void composeBuildsFetchdFromTheRepositoryDockerfile() {
    JsonNode build = compose().path("services").path("fetchd").path("build");
    Path context = COMPOSE.resolve(build.isTextual() ? build.asText() : build.path("context").asText()).normalize();
    String dockerfile = build.path("dockerfile").asText("Dockerfile");
    assertTrue(Files.isRegularFile(context.resolve(dockerfile)), "fetchd build context " + context + " has no " + dockerfile);
    assertTrue(Files.isRegularFile(context.resolve("pom.xml")), "fetchd build context " + context + " is not the project");
  }

  @Test
  void composePublishesFetchdOn8080WithAHealthzHealthcheck() {
    JsonNode fetchd = compose().path("services").path("fetchd");
    boolean published = false;
    for (JsonNode p : fetchd.path("ports")) {
      published |= p.asText().matches("(.*:)?8080:8080(/tcp)?");
    }
    assertTrue(published, "fetchd should publish 8080:8080");
    String test = String.join(" ", texts(fetchd.path("healthcheck").path("test")));
    assertTrue(test.contains("/healthz"), "fetchd healthcheck should check /healthz, is: " + test);
  }

  @Test
  void composeStopGracePeriodCoversReadinessGraceDrainTimeoutAndCloseGrace() {
    JsonNode grace = compose().path("services").path("fetchd").path("stop_grace_period");
    assertTrue(grace.isTextual(), "fetchd should set stop_grace_period (Docker's default of 10 s cuts the drain short)");
    Duration needed = DeployFiles.builtInReadinessGrace().plus(DeployFiles.drainTimeout()).plus(ApiServer.CLOSE_GRACE);
    assertTrue(DeployFiles.duration(grace.asText()).compareTo(needed) > 0,
        "stop_grace_period " + grace.asText() + " should exceed the readiness grace plus the drain timeout plus the"
            + " close grace, " + needed.toSeconds() + " s");
  }

  @Test
  void composeBindMountsExist() {
    List<String> missing = new ArrayList<>();
    compose().path("services").properties().forEach(e -> {
      for (JsonNode v : e.getValue().path("volumes")) {
        String source = v.isTextual() ? v.asText().split(":")[0] : v.path("source").asText();
        if (source.startsWith(".") || source.startsWith("/")) {
          if (!Files.exists(COMPOSE.resolve(source).normalize())) {
            missing.add(e.getKey() + ": " + source);
          }
        }
      }
    });
    assertEquals(List.of(), missing, "bind-mount sources (relative to deploy/compose) that do not exist");
  }

  @Test
  void composePrometheusScrapesFetchdByItsServiceName() {
    JsonNode cfg = document(COMPOSE.resolve("prometheus.yml"));
    boolean found = false;
    for (JsonNode job : cfg.path("scrape_configs")) {
      for (JsonNode sc : job.path("static_configs")) {
        for (String t : texts(sc.path("targets"))) {
          if (t.equals("fetchd:8080")) {
            found = true;
            assertEquals("/metrics", job.path("metrics_path").asText("/metrics"), "metrics_path of the fetchd job");
          }
        }
      }
    }
    assertTrue(found, "deploy/compose/prometheus.yml should scrape fetchd:8080");
  }

  @Test
  void composeGrafanaProvisionsThePrometheusDatasource() {
    JsonNode ds = document(COMPOSE.resolve("grafana/datasources.yml"));
    boolean found = false;
    for (JsonNode d : ds.path("datasources")) {
      found |= d.path("type").asText().equals("prometheus") && d.path("url").asText().equals("http://prometheus:9090");
    }
    assertTrue(found, "grafana/datasources.yml should point a prometheus datasource at http://prometheus:9090");
  }

  // ------------------------------------------------------------------------------------------ helpers

  private static JsonNode compose() {
    return document(COMPOSE.resolve("docker-compose.yml"));
  }

  private static Set<String> fieldNames(JsonNode n) {
    Set<String> out = new TreeSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
