//! The server binary started by a test (the process tests and the two-process tests).

#![allow(dead_code)]

use std::path::Path;

use apx_server::Config;

/// A server binary started by a test, killed when dropped.
pub struct Process(pub std::process::Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Process {
    pub fn id(&self) -> u32 {
        self.0.id()
    }

    /// Sends SIGTERM, as a process manager stopping it would.
    pub fn terminate(&self) {
        let sent = std::process::Command::new("kill").args(["-TERM", &self.id().to_string()]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -TERM");
    }

    /// Waits up to `limit` for the process to exit; its status, or None if it did not.
    pub async fn exited_within(&mut self, limit: std::time::Duration) -> Option<std::process::ExitStatus> {
        let until = std::time::Instant::now() + limit;
        while std::time::Instant::now() < until {
            if let Ok(Some(status)) = self.0.try_wait() {
                return Some(status);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        None
    }
}

/// A free local port (bound, then released for the process to take).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A started server binary and its origin (`http://127.0.0.1:port`).
pub struct Started {
    pub process: Process,
    pub origin: String,
}

/// Starts the server binary on the data folder `dir` with `args` (after its own
/// `--listen`, `--data-dir`, `--dist`), its standard output to `stdout`; waits until it
/// answers.
pub async fn spawn_server(dir: &Path, args: &[String], stdout: std::process::Stdio) -> Started {
    let port = free_port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_apx-server"))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(dir)
        .arg("--dist")
        .arg(dir.join("no-app"))
        .args(args)
        .stdout(stdout)
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("apx-server starts");
    let process = Process(child);
    let origin = format!("http://127.0.0.1:{port}");
    for _ in 0..200 {
        if reqwest::get(format!("{origin}/healthz")).await.is_ok_and(|r| r.status().is_success()) {
            return Started { process, origin };
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("apx-server on port {port} did not answer");
}

/// The arguments that put a started server on this test run's database and store
/// (PostgreSQL and S3 when the run names them), as `Config::for_tests` would for `dir`.
pub fn storage_args(dir: &Path) -> Vec<String> {
    let config = Config::for_tests(dir.to_path_buf());
    let mut args = vec!["--database-url".to_owned(), config.database_url()];
    if let Some(store) = config.store {
        args.extend(["--store".to_owned(), store]);
    }
    args
}
