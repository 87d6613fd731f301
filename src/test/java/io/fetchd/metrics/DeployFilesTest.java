package io.fetchd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard and the Prometheus config in deploy/ agree with the meter enum. */
class DeployFilesTest {
  private static final Path DASHBOARD = Path.of("deploy/grafana/fetchd-dashboard.json");
  private static final Path PROMETHEUS = Path.of("deploy/prometheus/prometheus.yml");
  private static final Pattern METRIC = Pattern.compile("(?<!\\$)\\b((?:fetchd|probe)_[a-z0-9_]+)\\b");
  /**
   * The blackbox_exporter names the dashboard's probe panels read ({@code /probe} emits them, as
   * any blackbox job does; prometheus-smoke.sh proves each panel answers against a live probe).
   */
  private static final Set<String> PROBE_FAMILIES = Set.of("probe_success", "probe_duration_seconds",
      "probe_http_duration_seconds", "probe_http_status_code", "probe_ssl_earliest_cert_expiry");
  private static final Pattern SERIES_SUFFIX = Pattern.compile("_(bucket|count|sum|max)$");

  private static Set<String> families() {
    Set<String> out = new HashSet<>();
    for (FetchdMeter m : FetchdMeter.values()) {
      out.add(m.prometheusName());
    }
    out.addAll(PROBE_FAMILIES);
    return out;
  }

  @Test
  void everyDashboardQueryNamesAMeterOfTheEnum() throws Exception {
    JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
    Set<String> families = families();
    List<String> unknown = new ArrayList<>();
    int exprs = 0;
    for (JsonNode panel : dash.get("panels")) {
      assertTrue(panel.get("targets").size() > 0, panel.get("title") + " has no query");
      for (JsonNode target : panel.get("targets")) {
        String expr = target.get("expr").asText();
        exprs++;
        Matcher m = METRIC.matcher(expr);
        boolean any = false;
        while (m.find()) {
          any = true;
          String name = m.group(1);
          String family = families.contains(name) ? name : SERIES_SUFFIX.matcher(name).replaceFirst("");
          if (!families.contains(family)) {
            unknown.add(panel.get("title").asText() + ": " + name);
          }
        }
        assertTrue(any, "query names no fetchd metric: " + expr);
      }
    }
    assertEquals(List.of(), unknown);
    assertTrue(exprs >= 8);
  }

  @Test
  void dashboardLoadsWithoutEdits() throws Exception {
    JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
    assertEquals(39, dash.get("schemaVersion").asInt());
    assertFalse(dash.has("id") && !dash.get("id").isNull(), "no instance-specific id");
    boolean dsVariable = false;
    for (JsonNode v : dash.get("templating").get("list")) {
      if (v.get("name").asText().equals("DS_PROMETHEUS")) {
        dsVariable = v.get("type").asText().equals("datasource") && v.get("query").asText().equals("prometheus");
      }
    }
    assertTrue(dsVariable, "a prometheus datasource variable DS_PROMETHEUS");
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dash.get("panels")) {
      assertTrue(ids.add(panel.get("id").asInt()), "panel ids are unique");
      assertEquals("${DS_PROMETHEUS}", panel.get("datasource").get("uid").asText());
      for (JsonNode target : panel.get("targets")) {
        assertEquals("${DS_PROMETHEUS}", target.get("datasource").get("uid").asText());
      }
    }
  }

  @Test
  void dashboardHasThePanelsTheServiceNeeds() throws Exception {
    JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
    String all = dash.get("panels").toString();
    for (String needed : List.of(
        "fetchd_url_fetch_duration_seconds_bucket", "fetchd_fetches_total", "error_type",
        "fetchd_fetch_phase_duration_seconds_bucket", "fetchd_event_loop_lag", "fetchd_fetches_in_flight",
        "fetchd_urls_queued", "fetchd_connections_open", "fetchd_fetches_in_flight_limit",
        "fetchd_urls_queued_limit", "fetchd_memory_budget_limit_bytes", "probe_success",
        "probe_duration_seconds", "probe_http_duration_seconds", "probe_http_status_code",
        "probe_ssl_earliest_cert_expiry")) {
      assertTrue(all.contains(needed), needed);
    }
  }

  @Test
  void prometheusScrapesMetricsAndProbesTheBlackboxWay() throws Exception {
    JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(PROMETHEUS.toFile());
    JsonNode fetchd = null;
    JsonNode probe = null;
    for (JsonNode job : config.get("scrape_configs")) {
      switch (job.get("job_name").asText()) {
        case "fetchd" -> fetchd = job;
        case "fetchd-probe" -> probe = job;
        default -> { }
      }
    }
    assertEquals("/metrics", fetchd.get("metrics_path").asText());
    assertEquals("127.0.0.1:18089", fetchd.get("static_configs").get(0).get("targets").get(0).asText());
    assertEquals("/probe", probe.get("metrics_path").asText());
    JsonNode relabel = probe.get("relabel_configs");
    assertEquals("__address__", relabel.get(0).get("source_labels").get(0).asText());
    assertEquals("__param_target", relabel.get(0).get("target_label").asText());
    assertEquals("__param_target", relabel.get(1).get("source_labels").get(0).asText());
    assertEquals("instance", relabel.get(1).get("target_label").asText());
    assertEquals("__address__", relabel.get(2).get("target_label").asText());
    assertEquals("127.0.0.1:18089", relabel.get(2).get("replacement").asText());
  }
}
