//! The reference backend: the `/api/v1` contract of SPEC §8 on axum and SQLite, with
//! files on local disk. Every rule is re-checked here with the `domain` crate.

pub mod api;
pub mod assets;
pub mod auth;
pub mod db;
pub mod error;
pub mod openapi;
pub mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::Query;
use axum::http::{header, HeaderMap, Uri};
use axum::response::IntoResponse;
use axum::Router;
use clap::Parser;

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
    /// Database URL; defaults to the SQLite file `apx.db` in the data folder.
    #[arg(long, env = "APX_DATABASE_URL")]
    pub database_url: Option<String>,
    /// The built app to serve (trunk's `dist/`); the API alone if it does not exist.
    #[arg(long, env = "APX_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Seed demo sellers, a reviewer, services, categories and tags, and offer the
    /// demo accounts on the sign-in screen.
    #[arg(long, env = "APX_DEMO", default_value_t = true, action = clap::ArgAction::Set)]
    pub demo: bool,
}

impl Config {
    /// A config for tests: demo data, a private data folder, no app.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Config {
            listen: "127.0.0.1:0".parse().expect("literal address"),
            dist: data_dir.join("no-dist"),
            data_dir,
            database_url: None,
            demo: true,
        }
    }

    fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", self.data_dir.join("apx.db").display()))
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: sqlx::SqlitePool,
    pub files: Arc<dyn store::FileStore>,
    pub demo: bool,
}

/// Opens the database (applying migrations), seeds demo data, and builds the router.
pub async fn build(config: &Config) -> Result<(Router, AppState), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(&config.data_dir)?;
    let db = db::connect(&config.database_url()).await?;
    if config.demo {
        db::seed_demo(&db).await?;
    }
    let files = Arc::new(store::LocalDisk::new(config.data_dir.join("files"))?);
    let state = AppState { db, files, demo: config.demo };
    let mut router = api::router(state.clone());
    if config.dist.join("index.html").exists() {
        // The app, with index.html for every other path so client-side routes load.
        let bundle = Arc::new(assets::Bundle::load(&config.dist)?);
        router = router
            .route("/seller-center", axum::routing::get(seller_center))
            .route("/seller-center/", axum::routing::get(seller_center))
            .route("/seller-center/host.css", axum::routing::get(seller_center_css))
            .route("/seller-center/host.js", axum::routing::get(seller_center_js))
            .route("/seller-center/{*rest}", axum::routing::get(seller_center))
            .fallback(move |uri: Uri, headers: HeaderMap| async move { bundle.respond(&uri, &headers) });
    }
    Ok((router, state))
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
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
