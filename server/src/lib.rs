//! The reference backend: the `/api/v1` contract of SPEC §8 on axum and SQLite, with
//! files on local disk. Every rule is re-checked here with the `domain` crate.

pub mod api;
pub mod assets;
pub mod auth;
pub mod db;
pub mod error;
pub mod openapi;
pub mod quota;
pub mod store;
pub mod sweep;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Query;
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::IntoResponse;
use axum::Router;
use clap::Parser;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// How the server is run: flags, or the environment variables named below.
#[derive(Clone, Debug, Parser)]
#[command(name = "apx-server", about = "Reference backend of the API product publisher")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "APX_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Folder for the database and uploaded files; kept across restarts.
    #[arg(long, env = "APX_DATA_DIR", default_value = ".data")]
    pub data_dir: PathBuf,
    /// Database URL: `sqlite://…` or `postgres://…`; defaults to the SQLite file
    /// `apx.db` in the data folder.
    #[arg(long, env = "APX_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Where uploaded files go: `s3://bucket[/prefix]` (endpoint, region and credentials
    /// from `AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`);
    /// the data folder's `files` when absent.
    #[arg(long, env = "APX_STORE")]
    pub store: Option<String>,
    /// The built app to serve (trunk's `dist/`); the API alone if it does not exist.
    #[arg(long, env = "APX_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Seed demo sellers, a reviewer, services, categories and tags, and offer the
    /// demo accounts on the sign-in screen.
    #[arg(long, env = "APX_DEMO", default_value_t = true, action = clap::ArgAction::Set)]
    pub demo: bool,
    /// Per seller: at most this many products (drafts included).
    #[arg(long, env = "APX_QUOTA_PRODUCTS", default_value_t = 500)]
    pub quota_products: u64,
    /// Per seller: at most this many stored files.
    #[arg(long, env = "APX_QUOTA_FILES", default_value_t = 5000)]
    pub quota_files: u64,
    /// Per seller: at most this many megabytes of stored files.
    #[arg(long, env = "APX_QUOTA_MB", default_value_t = 2048)]
    pub quota_mb: u64,
    /// Origins of consoles served elsewhere (a dev server, the browser tests' page) that
    /// may read the demo accounts; repeat, or separate with commas.
    #[arg(long = "console-origin", env = "APX_CONSOLE_ORIGINS", value_delimiter = ',')]
    pub console_origins: Vec<String>,
    /// Who may show the standalone console in a frame (its CSP `frame-ancestors`):
    /// `'none'`, or origins separated by spaces.
    #[arg(long, env = "APX_FRAME_ANCESTORS", default_value = "'none'")]
    pub frame_ancestors: String,
    /// Seconds a client has to send a request's headers (also how long an idle
    /// connection stays open).
    #[arg(long, env = "APX_HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout: u64,
    /// Seconds a request may take, uploads excepted (their bodies may not stall instead).
    #[arg(long, env = "APX_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,
    /// Seconds a request body may stall between two pieces.
    #[arg(long, env = "APX_BODY_IDLE_TIMEOUT", default_value_t = 30)]
    pub body_idle_timeout: u64,
    /// Uploaded files no product refers to are removed after this many hours.
    #[arg(long, env = "APX_UNREFERENCED_HOURS", default_value_t = 24)]
    pub unreferenced_hours: u64,
}

impl Config {
    /// A config for tests: demo data, a private data folder, no app.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Config {
            listen: "127.0.0.1:0".parse().expect("literal address"),
            dist: data_dir.join("no-dist"),
            database_url: test_database(&data_dir),
            store: test_store(&data_dir),
            data_dir,
            demo: true,
            quota_products: 500,
            quota_files: 5000,
            quota_mb: 2048,
            unreferenced_hours: 24,
            console_origins: Vec::new(),
            frame_ancestors: "'none'".into(),
            header_timeout: 10,
            request_timeout: 30,
            body_idle_timeout: 30,
        }
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", self.data_dir.join("apx.db").display()))
    }
}

/// The database of a test's server: SQLite in its folder, or — when
/// `APX_TEST_DATABASE_URL` names a PostgreSQL database — a schema of its own in it,
/// named after the folder (a restarted server finds the same one).
fn test_database(data_dir: &std::path::Path) -> Option<String> {
    let base = std::env::var("APX_TEST_DATABASE_URL").ok().filter(|url| !url.is_empty())?;
    let schema = test_name(data_dir);
    let separator = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{separator}options=-c%20search_path%3D{schema}"))
}

/// The file store of a test's server: its folder, or — when `APX_TEST_STORE` names an
/// `s3://bucket` — a prefix of its own in the bucket, named after the folder.
fn test_store(data_dir: &std::path::Path) -> Option<String> {
    let base = std::env::var("APX_TEST_STORE").ok().filter(|url| !url.is_empty())?;
    Some(format!("{}/{}", base.trim_end_matches('/'), test_name(data_dir)))
}

/// The name of a test server's schema and bucket prefix, from its folder (`t_` + hash).
fn test_name(data_dir: &std::path::Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    data_dir.hash(&mut hasher);
    format!("t_{:016x}", hasher.finish())
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    pub files: Arc<dyn store::FileStore>,
    pub demo: bool,
    pub quotas: quota::Quotas,
    /// How long an upload no product refers to is kept.
    pub unreferenced_for: std::time::Duration,
    /// Consoles on other origins that may read the demo accounts.
    pub console_origins: Arc<Vec<String>>,
}

/// Opens the database (applying migrations), seeds demo data, and builds the router.
pub async fn build(config: &Config) -> Result<(Router, AppState), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(&config.data_dir)?;
    let db = db::connect(&config.database_url()).await?;
    if config.demo {
        db::seed_demo(&db).await?;
    } else {
        // Without demo mode, the demo accounts are gone: their tokens no longer sign in.
        db::revoke_demo_tokens(&db).await?;
    }
    let files = Arc::new(store::Objects::open_store(config.store.as_deref(), &config.data_dir)?);
    let quotas = quota::Quotas {
        products: config.quota_products,
        files: config.quota_files,
        bytes: config.quota_mb * 1024 * 1024,
    };
    let unreferenced_for = std::time::Duration::from_secs(config.unreferenced_hours * 3600);
    let console_origins = Arc::new(config.console_origins.clone());
    let state = AppState { db, files, demo: config.demo, quotas, unreferenced_for, console_origins };
    let mut router = api::router(state.clone(), Duration::from_secs(config.request_timeout));
    if config.dist.join("index.html").exists() {
        // The app, with index.html for every other path so client-side routes load.
        let bundle = Arc::new(assets::Bundle::load(&config.dist, &config.frame_ancestors)?);
        router = router
            .route("/seller-center", axum::routing::get(seller_center))
            .route("/seller-center/", axum::routing::get(seller_center))
            .route("/seller-center/host.css", axum::routing::get(seller_center_css))
            .route("/seller-center/host.js", axum::routing::get(seller_center_js))
            .route("/seller-center/{*rest}", axum::routing::get(seller_center))
            .fallback(move |uri: Uri, headers: HeaderMap| async move { bundle.respond(&uri, &headers) });
    }
    // Every answer, files and errors included: never sniffed into another type. A
    // request body that stalls ends the request.
    let router = router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(config.body_idle_timeout)));
    Ok((router, state))
}

/// Serves `router` on `listener` over HTTP/1.1 until `shutdown` completes: a client
/// has `config.header_timeout` seconds to send each request's headers (an idle
/// keep-alive connection is closed after as long), so slow or silent clients do not
/// hold connections.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    config: &Config,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let header_timeout = Duration::from_secs(config.header_timeout);
    let (closing, _) = tokio::sync::watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait a moment, go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let mut closed = closing.subscribe();
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = closed.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
    let _ = closing.send(true);
    Ok(())
}

/// The demo host page ("a seller center") that embeds the console as a widget, under a
/// strict Content-Security-Policy such as a real seller center may have: no inline
/// script or style, no `eval` (WebAssembly allowed), scripts and connections to itself
/// and to the console's origin only (`?console=<origin>` loads the console from there).
async fn seller_center(Query(query): Query<HostQuery>) -> impl IntoResponse {
    let console = query.console.filter(|o| is_origin(o)).unwrap_or_default();
    let csp = format!(
        "default-src 'none'; script-src 'self' {console} 'wasm-unsafe-eval'; connect-src 'self' {console}; \
         img-src 'self' blob:; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
    ([(header::CONTENT_SECURITY_POLICY, csp)], axum::response::Html(include_str!("../assets/seller-center.html")))
}

/// The seller center's query: where to load the console from.
#[derive(serde::Deserialize)]
struct HostQuery {
    console: Option<String>,
}

/// `http(s)://host[:port]`, nothing else (it goes into a header).
fn is_origin(text: &str) -> bool {
    let rest = text.strip_prefix("http://").or_else(|| text.strip_prefix("https://"));
    rest.is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)))
}

async fn seller_center_css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("../assets/seller-center.css"))
}

async fn seller_center_js() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], include_str!("../assets/seller-center.js"))
}

/// Runs the server until Ctrl-C.
pub async fn run(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let (router, state) = build(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let address = listener.local_addr()?;
    println!("apx-server: data in {}", config.data_dir.display());
    if config.dist.join("index.html").exists() {
        println!("apx-server: the console is at http://{address}/");
        println!("apx-server: a demo seller center embedding it is at http://{address}/seller-center/");
    }
    println!("apx-server: API at http://{address}/api/v1 (contract: /api/v1/openapi.json)");
    if state.demo {
        println!("apx-server: demo accounts (bearer tokens):");
        for account in db::demo_accounts(&state.db).await? {
            println!(
                "  {:<10} {:<16} {}",
                format!("{:?}", account.user.role).to_lowercase(),
                account.token,
                account.user.name
            );
        }
    }
    // Uploads no product came to refer to are swept every hour.
    tokio::spawn(sweep::every_hour(state.clone()));
    serve(listener, router, &config, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
