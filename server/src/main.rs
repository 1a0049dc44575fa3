use clap::Parser;

#[tokio::main]
async fn main() {
    let config = apx_server::Config::parse();
    if let Err(e) = apx_server::run(config).await {
        eprintln!("apx-server: {e}");
        std::process::exit(1);
    }
}
