package io.fetchd.deploy;

import static io.fetchd.deploy.DeployFiles.K8S;
import static io.fetchd.deploy.DeployFiles.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus rules ship twice, as a plain rules file (promtool checks and unit-tests it in
 * .ci/run) and as a Prometheus Operator PrometheusRule: the two hold the same groups, and the
 * issue's alerts are all there.
 */
class PrometheusRuleTest {
  static final Path RULES = Path.of("deploy/prometheus/rules/fetchd.rules.yml");

  @Test
  void thePrometheusRuleHoldsExactlyTheRulesFilesGroups() {
    JsonNode file = document(RULES);
    JsonNode cr = document(K8S.resolve("monitoring/prometheusrule.yaml"));
    assertEquals("PrometheusRule", cr.path("kind").asText());
    assertEquals(file.path("groups"), cr.path("spec").path("groups"),
        "deploy/k8s/monitoring/prometheusrule.yaml spec.groups should equal " + RULES + " groups");
  }

  @Test
  void everyAlertTheOperatorNeedsIsThereWithASeverityAndASummary() {
    Set<String> alerts = new TreeSet<>();
    for (JsonNode g : document(RULES).path("groups")) {
      for (JsonNode r : g.path("rules")) {
        if (r.has("alert")) {
          alerts.add(r.path("alert").asText());
          assertTrue(Set.of("critical", "warning", "info").contains(r.path("labels").path("severity").asText()),
              r.path("alert").asText() + " needs a severity label");
          assertTrue(r.path("annotations").has("summary"), r.path("alert").asText() + " needs a summary");
        }
      }
    }
    for (String a : Set.of("FetchdDown", "FetchdFailureRatioHigh", "FetchdEventLoopLagHigh",
        "FetchdUrlSeriesCapDropping", "ProbeFailing", "ProbeCertificateExpiringSoon",
        "FetchdInFlightNearLimit", "FetchdQueueNearLimit", "FetchdMemoryBudgetNearLimit")) {
      assertTrue(alerts.contains(a), "missing alert " + a + " (has " + alerts + ")");
    }
  }
}
