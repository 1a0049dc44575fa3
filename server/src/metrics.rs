//! What the server measures, in Prometheus's exposition format (OpenMetrics text, which
//! Prometheus scrapes natively): requests by route template and status, their latency,
//! upload bytes and refused uploads by reason, the review queue, open event streams and
//! the sweeper. One registry per server (the tests run several in one process).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// The content type of `/metrics`.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Latency buckets, in seconds: a list page takes milliseconds, a 50 MB upload seconds.
const BUCKETS: [f64; 14] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    /// The route template (`/api/v1/products/{id}`), never the address itself.
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabels {
    pub reason: String,
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    Histogram::new(BUCKETS)
}

pub struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub latency: HistogramFamily,
    pub upload_bytes: Counter,
    pub uploads_rejected: Family<ReasonLabels, Counter>,
    pub review_queue: Gauge,
    pub event_streams: Gauge,
    pub sweeper_leader: Gauge,
    pub sweeps: Counter,
    pub swept_files: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("apx");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        let latency: HistogramFamily = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request (to its headers)",
            latency.clone(),
        );
        let upload_bytes = Counter::default();
        registry.register("upload_bytes", "Bytes of uploads accepted and stored", upload_bytes.clone());
        let uploads_rejected = Family::<ReasonLabels, Counter>::default();
        registry.register("uploads_rejected", "Uploads refused or abandoned, by reason", uploads_rejected.clone());
        let review_queue = Gauge::default();
        registry.register("review_queue_length", "Requests waiting for a reviewer", review_queue.clone());
        let event_streams = Gauge::default();
        registry.register("event_streams_open", "Event streams (GET /api/v1/events) open now", event_streams.clone());
        let sweeper_leader = Gauge::default();
        registry.register(
            "sweeper_leader",
            "1 when this process is the one sweeping unreferenced uploads",
            sweeper_leader.clone(),
        );
        let sweeps = Counter::default();
        registry.register("sweeps", "Sweeps of unreferenced uploads run by this process", sweeps.clone());
        let swept_files = Counter::default();
        registry.register("swept_files", "Unreferenced uploads removed by this process", swept_files.clone());
        Metrics {
            registry,
            requests,
            latency,
            upload_bytes,
            uploads_rejected,
            review_queue,
            event_streams,
            sweeper_leader,
            sweeps,
            swept_files,
        }
    }

    /// Counts a refused or abandoned upload.
    pub fn upload_rejected(&self, reason: &str) {
        self.uploads_rejected.get_or_create(&ReasonLabels { reason: reason.to_owned() }).inc();
    }

    /// Everything, in the exposition format.
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}
