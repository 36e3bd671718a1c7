//! Prometheus metrics of tool calls, with the `prometheus-client` crate:
//! per tool, calls, error results, upstream responses by status class, and
//! latency. Tool names are the only labels; arguments and credentials never
//! are. A submodule of `runtime`, whose items it re-exports.

use std::sync::OnceLock;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ToolLabels {
    tool: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct UpstreamLabels {
    tool: &'static str,
    /// `2xx` to `5xx`, or `failed` when no response came (a timeout, a
    /// refused connection).
    class: &'static str,
}

struct Metrics {
    registry: Registry,
    calls: Family<ToolLabels, Counter>,
    errors: Family<ToolLabels, Counter>,
    upstream: Family<UpstreamLabels, Counter>,
    seconds: Family<ToolLabels, Histogram, fn() -> Histogram>,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let mut registry = Registry::default();
        let calls = Family::default();
        let errors = Family::default();
        let upstream = Family::default();
        let seconds = Family::new_with_constructor(latency_histogram as fn() -> Histogram);
        registry.register("mcp_tool_calls", "Tool calls, by tool", calls.clone());
        registry.register("mcp_tool_errors", "Tool calls whose result is an error, by tool", errors.clone());
        registry.register(
            "mcp_upstream_responses",
            "Upstream responses, by tool and status class (failed: no response)",
            upstream.clone(),
        );
        registry.register(
            "mcp_tool_call_duration_seconds",
            "Time from a tool call to its result, by tool",
            seconds.clone(),
        );
        Metrics {
            registry,
            calls,
            errors,
            upstream,
            seconds,
        }
    })
}

/// The status class of an upstream response, for [`record_call`].
pub fn status_class(status: Option<u16>) -> &'static str {
    match status {
        Some(200..=299) => "2xx",
        Some(300..=399) => "3xx",
        Some(400..=499) => "4xx",
        Some(500..=599) => "5xx",
        Some(_) => "other",
        None => "failed",
    }
}

/// Counts one call of `tool`, which took `elapsed`, ended in an error
/// result or not, and reached the upstream with the status class `class`
/// (none when it was refused before sending).
pub fn record_call(tool: &'static str, elapsed: Duration, error: bool, class: Option<&'static str>) {
    let m = metrics();
    let labels = ToolLabels { tool };
    m.calls.get_or_create(&labels).inc();
    if error {
        m.errors.get_or_create(&labels).inc();
    }
    if let Some(class) = class {
        m.upstream.get_or_create(&UpstreamLabels { tool, class }).inc();
    }
    m.seconds.get_or_create(&labels).observe(elapsed.as_secs_f64());
}

/// Every metric in the Prometheus text exposition format (OpenMetrics).
pub fn render_metrics() -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = prometheus_client::encoding::text::encode(&mut out, &metrics().registry);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_counted_by_tool_and_class() {
        record_call("metrics_test_tool", Duration::from_millis(3), true, Some(status_class(Some(503))));
        let text = render_metrics();
        assert!(text.contains(r#"mcp_tool_calls_total{tool="metrics_test_tool"} 1"#), "{text}");
        assert!(text.contains(r#"mcp_tool_errors_total{tool="metrics_test_tool"} 1"#));
        assert!(text.contains(r#"mcp_upstream_responses_total{tool="metrics_test_tool",class="5xx"} 1"#));
        assert!(text.contains(r#"mcp_tool_call_duration_seconds_count{tool="metrics_test_tool"} 1"#));
        assert_eq!(status_class(None), "failed");
    }
}
