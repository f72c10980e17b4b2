//! The floor of `scripts/bench-api.sh`: the smallest axum server, answering "Hello, World!" on every path with the
//! same library and runtime as `homeward serve`, so the API's figures read as a share of what axum alone does on the
//! same machine. `cargo run --release -p homeward --example hello -- 127.0.0.1:8090`.

use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let bind = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8090".to_owned());
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    axum::serve(listener, Router::new().fallback(get(|| async { "Hello, World!" }))).await?;
    Ok(())
}
