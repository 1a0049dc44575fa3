use clap::Parser;

#[tokio::main]
async fn main() {
    let config = apx_server::Config::parse();
    apx_server::init_logging(config.log_format);
    if let Err(e) = apx_server::run(config).await {
        tracing::error!(error = %e, "apx-server stopped on an error");
        eprintln!("apx-server: {e}");
        std::process::exit(1);
    }
}
