//! The reference backend: the `/api/v1` contract of SPEC §8 on axum and SQLite, with
//! files on local disk. Every rule is re-checked here with the `domain` crate.

pub mod api;
pub mod assets;
pub mod auth;
pub mod catalog;
pub mod changes;
pub mod claims;
pub mod db;
pub mod error;
pub mod events;
pub mod files;
pub mod gateway;
pub mod health;
pub mod history;
pub mod lifecycle;
pub mod metrics;
pub mod observe;
pub mod openapi;
pub mod products;
pub mod queue;
pub mod quota;
pub mod ratelimit;
pub mod reviews;
pub mod seed;
pub mod shares;
pub mod store;
pub mod sweep;
pub mod timeline;
pub mod users;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Query;
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::IntoResponse;
use axum::Router;
use clap::Parser;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// How the server writes its log: a line of text, or a JSON object, per event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

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
    /// Seconds between two sweeps of unreferenced uploads (tests shorten it).
    #[arg(long, env = "APX_SWEEP_INTERVAL", default_value_t = 3600, hide = true)]
    pub sweep_interval: u64,
    /// The seller center's JSON Web Key Set: a file, or an `https://` URL (cached, fetched
    /// again for an unknown `kid` at most once a minute). Bearer tokens that are JWTs are
    /// verified against it; needs `--auth-issuer` and `--auth-audience`.
    #[arg(long, env = "APX_AUTH_JWKS")]
    pub auth_jwks: Option<String>,
    /// The `iss` every JWT must carry, exactly.
    #[arg(long, env = "APX_AUTH_ISSUER")]
    pub auth_issuer: Option<String>,
    /// The `aud` every JWT must carry, exactly.
    #[arg(long, env = "APX_AUTH_AUDIENCE")]
    pub auth_audience: Option<String>,
    /// Seconds before an unknown `kid` may fetch a JWKS URL again (tests shorten it).
    #[arg(long, env = "APX_AUTH_JWKS_REFETCH", default_value_t = 60, hide = true)]
    pub auth_jwks_refetch: u64,
    /// A JSON file mapping sellers (user ids) to the services they deployed on the API
    /// gateway: `{"<seller>": [{"id", "name", "access_url"}]}`; the demo data when absent.
    #[arg(long, env = "APX_SERVICES")]
    pub services: Option<PathBuf>,
    /// Serve `/metrics` on this address instead of the main one (keep it private).
    #[arg(long, env = "APX_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// `text` or `json` (one JSON object per line, for a log collector).
    #[arg(long, env = "APX_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Seconds requests in flight (an upload) may take to finish after SIGTERM or Ctrl-C.
    #[arg(long, env = "APX_SHUTDOWN_GRACE", default_value_t = 30)]
    pub shutdown_grace: u64,
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
            sweep_interval: 3600,
            auth_jwks: None,
            auth_issuer: None,
            auth_audience: None,
            auth_jwks_refetch: 60,
            services: None,
            metrics_listen: None,
            log_format: LogFormat::Text,
            shutdown_grace: 30,
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
    /// Bearer tokens to users.
    pub auth: Arc<auth::Authenticator>,
    /// The sellers' services on the API gateway.
    pub gateway: Arc<dyn gateway::Gateway>,
    pub metrics: Arc<metrics::Metrics>,
    /// Cancelled when the server begins to stop: long-lived answers (event streams) end.
    pub shutdown: CancellationToken,
    /// The clock share links expire by.
    pub clock: db::Clock,
    /// Failed guesses of share tokens, by address.
    pub guesses: Arc<ratelimit::Guesses>,
    /// The event streams of this process, woken by writes here and (PostgreSQL) in others.
    pub events: Arc<events::Hub>,
}

/// The identity the server accepts: the seller center's JWTs when a JWKS is given, the
/// `users` table's tokens in demo mode.
async fn authenticator(config: &Config) -> Result<auth::Authenticator, Box<dyn std::error::Error>> {
    let jwt = match &config.auth_jwks {
        None => None,
        Some(jwks) => {
            let (Some(issuer), Some(audience)) = (&config.auth_issuer, &config.auth_audience) else {
                return Err("--auth-jwks needs --auth-issuer and --auth-audience".into());
            };
            let source = auth::jwt::JwksSource::parse(jwks)?;
            let refetch = Duration::from_secs(config.auth_jwks_refetch);
            Some(auth::jwt::JwtVerifier::new(source, issuer.clone(), audience.clone(), refetch).await?)
        }
    };
    if jwt.is_none() && !config.demo {
        tracing::warn!("no one can sign in: not in demo mode and no --auth-jwks");
    }
    Ok(auth::Authenticator::new(config.demo, jwt))
}

/// Opens the database (applying migrations), seeds demo data, and builds the router.
pub async fn build(config: &Config) -> Result<(Router, AppState), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(&config.data_dir)?;
    let db = db::connect(&config.database_url()).await?;
    if config.demo {
        seed::seed(&db).await?;
    } else {
        // Without demo mode, the demo accounts are gone: their tokens no longer sign in.
        users::revoke_demo_tokens(&db).await?;
    }
    let files = Arc::new(store::Objects::open_store(config.store.as_deref(), &config.data_dir)?);
    let quotas = quota::Quotas {
        products: config.quota_products,
        files: config.quota_files,
        bytes: config.quota_mb * 1024 * 1024,
    };
    let unreferenced_for = std::time::Duration::from_secs(config.unreferenced_hours * 3600);
    let console_origins = Arc::new(config.console_origins.clone());
    let auth = Arc::new(authenticator(config).await?);
    let gateway: Arc<dyn gateway::Gateway> = match &config.services {
        Some(path) => Arc::new(gateway::FileGateway::open(path.clone())?),
        None => Arc::new(gateway::DemoGateway { db: db.clone() }),
    };
    let metrics = Arc::new(metrics::Metrics::new());
    let hub = Arc::new(events::Hub::new(metrics.event_streams.clone()));
    let shutdown = CancellationToken::new();
    if db.postgres {
        // Events other processes commit wake this one's streams (LISTEN/NOTIFY).
        tokio::spawn(events::listen(config.database_url(), db.clone(), hub.clone(), shutdown.clone()));
    }
    let state = AppState {
        db,
        files,
        demo: config.demo,
        quotas,
        unreferenced_for,
        console_origins,
        auth,
        gateway,
        metrics: metrics.clone(),
        shutdown,
        clock: db::Clock::default(),
        guesses: Arc::default(),
        events: hub,
    };
    let docs = Router::new().route("/openapi.json", axum::routing::get(openapi::document));
    let mut router = api::router(state.clone(), Duration::from_secs(config.request_timeout), docs)
        .merge(operations_router(state.clone(), config.metrics_listen.is_none()));
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
        .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(config.body_idle_timeout)))
        .layer(axum::middleware::from_fn_with_state(metrics, observe::observe));
    Ok((router, state))
}

/// `/healthz`, `/readyz` and (`with_metrics`) `/metrics`.
fn operations_router(state: AppState, with_metrics: bool) -> Router {
    let router = Router::new()
        .route("/healthz", axum::routing::get(health::healthz))
        .route("/readyz", axum::routing::get(health::readyz));
    let router = if with_metrics { router.merge(metrics_router()) } else { router };
    router.with_state(state)
}

fn metrics_router() -> Router<AppState> {
    Router::new().route("/metrics", axum::routing::get(health::metrics))
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
    let grace = Duration::from_secs(config.shutdown_grace);
    let (closing, _) = tokio::sync::watch::channel(false);
    let connections = TaskTracker::new();
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
        // Who is calling, for the handlers that limit guesses by address.
        let peer = stream.peer_addr().unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 0)));
        let with_peer = tower::ServiceBuilder::new()
            .layer(tower_http::add_extension::AddExtensionLayer::new(axum::extract::ConnectInfo(peer)))
            .service(router.clone());
        let service = hyper_util::service::TowerToHyperService::new(with_peer);
        let mut closed = closing.subscribe();
        connections.spawn(async move {
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
    // No new connections; each open one finishes the request it is answering (an upload
    // in flight), then closes — within the grace period, after which they are dropped.
    drop(listener);
    let _ = closing.send(true);
    connections.close();
    if tokio::time::timeout(grace, connections.wait()).await.is_err() {
        tracing::warn!(grace_secs = grace.as_secs(), "requests still in flight after the grace period were cut");
    }
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

/// Sets up the log: `format`, filtered by `APX_LOG` (`info` by default).
pub fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("APX_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let colours = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_ansi(colours);
    let _ = match format {
        LogFormat::Json => builder.json().with_current_span(true).with_span_list(false).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C).
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = terminate.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Runs the server until SIGTERM or Ctrl-C, then stops cleanly: no new connections,
/// event streams closed, requests in flight finished within `--shutdown-grace`, the
/// sweeper stopped.
pub async fn run(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let (router, state) = build(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let address = listener.local_addr()?;
    tracing::info!(data = %config.data_dir.display(), "started");
    if config.dist.join("index.html").exists() {
        tracing::info!("the console is at http://{address}/");
        tracing::info!("a demo seller center embedding it is at http://{address}/seller-center/");
    }
    tracing::info!("API at http://{address}/api/v1 (contract: /api/v1/openapi.json)");
    if state.demo {
        let accounts = users::demo_accounts(&state.db).await?;
        if config.log_format == LogFormat::Text {
            // For the person at the terminal; a log collector gets the names only.
            println!("apx-server: demo accounts (bearer tokens):");
            for account in &accounts {
                let role = format!("{:?}", account.user.role).to_lowercase();
                println!("  {role:<10} {:<16} {}", account.token, account.user.name);
            }
        } else {
            let names: Vec<&str> = accounts.iter().map(|a| a.user.id.as_str()).collect();
            tracing::info!(accounts = ?names, "demo mode");
        }
    }
    let stop = state.shutdown.clone();
    let background = TaskTracker::new();
    background.spawn(sweep::run(state.clone(), Duration::from_secs(config.sweep_interval.max(1)), stop.clone()));
    if let Some(metrics_address) = config.metrics_listen {
        let metrics_listener = tokio::net::TcpListener::bind(metrics_address).await?;
        tracing::info!("metrics at http://{}/metrics", metrics_listener.local_addr()?);
        let metrics = metrics_router().with_state(state.clone());
        let (config, stop) = (config.clone(), stop.clone());
        background.spawn(async move {
            if let Err(e) = serve(metrics_listener, metrics, &config, stop.cancelled_owned()).await {
                tracing::error!(error = %e, "the metrics listener");
            }
        });
    }
    background.spawn({
        let stop = stop.clone();
        async move {
            tokio::select! {
                () = stop_signal() => {
                    tracing::info!("stopping: no new connections, finishing requests in flight");
                    stop.cancel();
                }
                () = stop.cancelled() => {}
            }
        }
    });
    let served = serve(listener, router, &config, stop.clone().cancelled_owned()).await;
    stop.cancel();
    background.close();
    background.wait().await;
    served?;
    tracing::info!("stopped");
    Ok(())
}
