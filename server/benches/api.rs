//! Benchmark figures, not a test (`make bench-server`): list-endpoint throughput and
//! latency with 64 concurrent clients on loopback, and a 50 MB PDF upload next to a
//! plain loopback transfer of the same bytes, with the server's peak RSS growth.

use std::time::{Duration, Instant};

use apx_server::Config;
use domain::model::{NewProduct, ProductContent};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CLIENTS: usize = 64;
const LIST_SECONDS: u64 = 5;
const UPLOAD_BYTES: usize = 50 * 1024 * 1024;

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let temp = tempfile::tempdir().expect("temp dir");
    let (router, _) = apx_server::build(&Config::for_tests(temp.path().to_path_buf())).await.expect("server");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}/api/v1", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    let http = reqwest::Client::new();

    for i in 0..60 {
        let content =
            ProductContent {
                name: format!("天气查询 API {i:02}"), summary: "全国天气".into(), ..Default::default()
            };
        http.post(format!("{base}/products"))
            .bearer_auth("demo-seller-a")
            .json(&NewProduct { content })
            .send()
            .await
            .expect("create");
    }

    // --- list throughput and latency ----------------------------------------------------
    let deadline = Instant::now() + Duration::from_secs(LIST_SECONDS);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (http, url) = (http.clone(), format!("{base}/products?tab=pending&per_page=20"));
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let start = Instant::now();
                    let response = http.get(&url).bearer_auth("demo-seller-a").send().await.expect("list");
                    assert!(response.status().is_success());
                    response.bytes().await.expect("body");
                    latencies.push(start.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for client in clients {
        latencies.extend(client.await.expect("client"));
    }
    latencies.sort();
    println!("GET /products (20 of 60 products), {CLIENTS} concurrent clients, {LIST_SECONDS} s on loopback:");
    println!(
        "  {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, {} requests",
        latencies.len() as f64 / LIST_SECONDS as f64,
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.len()
    );

    // --- a plain loopback transfer of the same bytes (the floor) -------------------------
    let mut pdf = vec![b'0'; UPLOAD_BYTES];
    pdf[..5].copy_from_slice(b"%PDF-");
    let sink = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let sink_address = sink.local_addr().expect("address");
    let reader = tokio::spawn(async move {
        let (mut socket, _) = sink.accept().await.expect("accept");
        let mut buffer = vec![0u8; 256 * 1024];
        while socket.read(&mut buffer).await.expect("read") > 0 {}
    });
    let start = Instant::now();
    let mut socket = tokio::net::TcpStream::connect(sink_address).await.expect("connect");
    socket.write_all(&pdf).await.expect("write");
    socket.shutdown().await.expect("shutdown");
    reader.await.expect("reader");
    let plain = start.elapsed();

    // --- the upload through the API ------------------------------------------------------
    let before = peak_rss_kb();
    let start = Instant::now();
    let part = reqwest::multipart::Part::bytes(pdf).file_name("guide.pdf");
    let response = http
        .post(format!("{base}/files?field=usage_doc"))
        .bearer_auth("demo-seller-a")
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    let upload = start.elapsed();
    let mb = UPLOAD_BYTES as f64 / (1024.0 * 1024.0);
    println!("50 MB PDF:");
    println!("  plain loopback transfer {:.0} ms ({:.0} MB/s)", plain.as_secs_f64() * 1e3, mb / plain.as_secs_f64());
    println!(
        "  POST /files (multipart, sniffed, streamed to the store) {:.0} ms ({:.0} MB/s), {:.1} × the plain transfer",
        upload.as_secs_f64() * 1e3,
        mb / upload.as_secs_f64(),
        upload.as_secs_f64() / plain.as_secs_f64()
    );
    println!(
        "  peak RSS growth during the upload (server and client in one process): {} MB",
        peak_rss_kb().saturating_sub(before) / 1024
    );
}
