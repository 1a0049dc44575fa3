//! The server binary as a process manager runs it: it stops on SIGTERM without losing
//! an upload in flight and exits 0; it logs one JSON line per request with its id and
//! never a token; metrics can live on an address of their own; of two processes on one
//! PostgreSQL database, one sweeps.

mod common;
mod spawn;

use std::time::Duration;

use common::*;
use domain::model::FileRef;
use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::Value;
use spawn::*;

/// A PDF of `size` bytes (a usage document may be 50 MB).
fn big_pdf(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend((0..size - 9 - 6).map(|i| b'a' + (i % 23) as u8));
    bytes.extend_from_slice(b"\n%%EOF");
    bytes
}

#[tokio::test]
async fn sigterm_during_a_50_mb_upload_lets_it_finish_then_exits_0() {
    let temp = tempfile::tempdir().unwrap();
    let mut args = storage_args(temp.path());
    args.extend(["--shutdown-grace".into(), "30".into()]);
    let started = spawn_server(temp.path(), &args, std::process::Stdio::null()).await;
    let mut process = started.process;
    let origin = started.origin;

    let bytes = big_pdf(50 * 1024 * 1024 - 1024);
    let total = bytes.len() as u64;
    // Sent in 1 MiB pieces, 25 ms apart: about 1.3 s on the wire.
    let pieces: Vec<Vec<u8>> = bytes.chunks(1024 * 1024).map(<[u8]>::to_vec).collect();
    let stream = futures_util::stream::iter(pieces).then(|piece| async move {
        tokio::time::sleep(Duration::from_millis(25)).await;
        Ok::<_, std::io::Error>(piece)
    });
    let part =
        reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(stream), total).file_name("guide.pdf");
    let form = reqwest::multipart::Form::new().part("file", part);
    let upload = reqwest::Client::new()
        .post(format!("{origin}/api/v1/files?field=usage_doc"))
        .bearer_auth(SELLER_A)
        .multipart(form)
        .send();
    let upload = tokio::spawn(upload);

    tokio::time::sleep(Duration::from_millis(300)).await;
    process.terminate();
    tokio::time::sleep(Duration::from_millis(200)).await;
    // Stopping: no new connection is taken…
    let refused = reqwest::Client::new().get(format!("{origin}/healthz")).timeout(Duration::from_secs(2)).send().await;
    assert!(refused.is_err(), "a new request after SIGTERM was answered");
    // …while the upload in flight finishes and is stored whole.
    let response = upload.await.unwrap().expect("the upload was answered");
    let file: FileRef = json(expect(response, StatusCode::CREATED).await).await;
    assert_eq!(file.size, total);
    let status = process.exited_within(Duration::from_secs(20)).await.expect("the server exited");
    assert_eq!(status.code(), Some(0), "a clean stop exits 0");

    // Started again on the same data: the file is there, every byte.
    let again = spawn_server(temp.path(), &storage_args(temp.path()), std::process::Stdio::null()).await;
    let r = reqwest::Client::new()
        .get(format!("{}/api/v1/files/{}", again.origin, file.id))
        .bearer_auth(SELLER_A)
        .send()
        .await
        .unwrap();
    let stored = expect(r, StatusCode::OK).await.bytes().await.unwrap();
    assert_eq!(stored.len(), bytes.len());
    assert!(stored.as_ref() == bytes.as_slice(), "the stored file is the uploaded one");
}

#[tokio::test]
async fn logs_are_json_lines_with_the_request_id_and_never_a_token() {
    let temp = tempfile::tempdir().unwrap();
    let metrics_port = free_port();
    let mut args = storage_args(temp.path());
    args.extend(["--log-format".into(), "json".into(), "--metrics-listen".into(), format!("127.0.0.1:{metrics_port}")]);
    let started = spawn_server(temp.path(), &args, std::process::Stdio::piped()).await;
    let mut process = started.process;
    let origin = started.origin;
    let http = reqwest::Client::new();

    let r = http
        .get(format!("{origin}/api/v1/me?token=secret-in-the-query"))
        .bearer_auth(SELLER_A)
        .header("x-request-id", "log-check-1")
        .send()
        .await
        .unwrap();
    expect(r, StatusCode::OK).await;
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(b"%PDF-1.4 file-body-marker".to_vec()).file_name("x.pdf"));
    let r =
        http.post(format!("{origin}/api/v1/files?field=usage_doc")).bearer_auth(SELLER_A).multipart(form).send().await;
    expect(r.unwrap(), StatusCode::CREATED).await;

    // Metrics on their own address, not on the public one.
    assert_eq!(http.get(format!("{origin}/metrics")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let metrics = http.get(format!("http://127.0.0.1:{metrics_port}/metrics")).send().await.unwrap();
    let text = expect(metrics, StatusCode::OK).await.text().await.unwrap();
    assert!(text.contains("apx_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"200\"} 1"), "{text}");

    process.terminate();
    assert_eq!(process.exited_within(Duration::from_secs(10)).await.and_then(|s| s.code()), Some(0));
    let mut out = String::new();
    std::io::Read::read_to_string(process.0.stdout.as_mut().unwrap(), &mut out).unwrap();
    let lines: Vec<Value> =
        out.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}"))).collect();
    let answered = lines
        .iter()
        .find(|l| l["span"]["id"] == "log-check-1")
        .unwrap_or_else(|| panic!("no line with the request id: {out}"));
    assert_eq!(answered["fields"]["route"], "/api/v1/me");
    assert_eq!(answered["fields"]["status"], 200);
    assert_eq!(answered["span"]["user"], "seller-a");
    assert!(lines.iter().any(|l| l["fields"]["route"] == "/api/v1/files" && l["fields"]["status"] == 201));
    for secret in [SELLER_A, "secret-in-the-query", "file-body-marker", "Bearer"] {
        assert!(!out.contains(secret), "the log holds {secret:?}: {out}");
    }
}

/// The sweeper's gauge and count of a process, read from its metrics.
async fn sweeper(origin: &str) -> (f64, f64) {
    let text = reqwest::get(format!("{origin}/metrics")).await.unwrap().text().await.unwrap();
    let read = |name: &str| {
        text.lines().find_map(|l| l.strip_prefix(name).and_then(|v| v.trim().parse::<f64>().ok())).unwrap_or(0.0)
    };
    (read("apx_sweeper_leader "), read("apx_sweeps_total "))
}

#[tokio::test]
async fn of_two_processes_on_postgresql_one_sweeps_and_the_other_takes_over() {
    if std::env::var("APX_TEST_DATABASE_URL").map_or(true, |url| url.is_empty()) {
        eprintln!("skipped: the sweeper's lock is PostgreSQL's (make test runs this on PostgreSQL)");
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let mut args = storage_args(temp.path());
    args.extend(["--sweep-interval".into(), "1".into()]);
    let a = spawn_server(temp.path(), &args, std::process::Stdio::null()).await;
    let b = spawn_server(temp.path(), &args, std::process::Stdio::null()).await;
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let (lead_a, sweeps_a) = sweeper(&a.origin).await;
    let (lead_b, sweeps_b) = sweeper(&b.origin).await;
    assert_eq!(lead_a + lead_b, 1.0, "one leads: a {lead_a}, b {lead_b}");
    let (leader, follower, follower_sweeps) = if lead_a == 1.0 { (a, b, sweeps_b) } else { (b, a, sweeps_a) };
    assert!(sweeper(&leader.origin).await.1 >= 2.0, "the leader sweeps every second");
    assert_eq!(follower_sweeps, 0.0, "the other never swept");

    // The leader goes (killed, its connection and lock with it): the other takes over.
    drop(leader);
    let mut took_over = false;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let (lead, sweeps) = sweeper(&follower.origin).await;
        if lead == 1.0 && sweeps >= 1.0 {
            took_over = true;
            break;
        }
    }
    assert!(took_over, "the remaining process did not take over the sweep");
}
