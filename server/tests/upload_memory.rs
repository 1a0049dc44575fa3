//! An upload past its limit is refused with 413 while streaming, without the server
//! holding the file in memory. Alone in its own test binary so the process's peak
//! memory (VmHWM) is this test's.

mod common;

use common::*;
use futures_util::stream;
use reqwest::StatusCode;

fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// `total` bytes of a PDF, produced a chunk at a time so the client holds none of it.
fn streamed_pdf(total: usize) -> reqwest::Body {
    const CHUNK: usize = 256 * 1024;
    let chunks = (0..total.div_ceil(CHUNK)).map(move |i| {
        let mut chunk = vec![b'0'; CHUNK.min(total - i * CHUNK)];
        if i == 0 {
            chunk[..5].copy_from_slice(b"%PDF-");
        }
        Ok::<_, std::io::Error>(bytes::Bytes::from(chunk))
    });
    reqwest::Body::wrap_stream(stream::iter(chunks))
}

async fn upload_streamed(s: &Server, field: &str, total: usize) -> reqwest::Response {
    let part = reqwest::multipart::Part::stream_with_length(streamed_pdf(total), total as u64).file_name("big.pdf");
    let form = reqwest::multipart::Form::new().part("file", part);
    s.request(reqwest::Method::POST, Some(SELLER_A), &format!("/files?field={field}"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_upload_past_its_limit_is_413_with_bounded_server_memory() {
    let s = start().await;
    let before = peak_rss_kb();
    let over = 60 * 1024 * 1024;
    let e = error(upload_streamed(&s, "usage_doc", over).await, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(e["field"], "usage_doc");
    let exactly = 50 * 1024 * 1024;
    let file: domain::model::FileRef =
        json(expect(upload_streamed(&s, "usage_doc", exactly).await, StatusCode::CREATED).await).await;
    assert_eq!(file.size, exactly as u64);
    let growth_mb = (peak_rss_kb().saturating_sub(before)) / 1024;
    println!("peak RSS growth while streaming 60 MB and 50 MB uploads: {growth_mb} MB");
    assert!(growth_mb < 32, "the server buffered the upload: peak RSS grew {growth_mb} MB");
    let files = s.state.files.keys().await.expect("the store lists").len();
    assert_eq!(files, 1, "the refused upload left nothing behind");
}
