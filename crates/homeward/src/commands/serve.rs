//! `homeward serve`: migrations, optional demo data, then the web interface and API until interrupted.

use super::demo::{self, Outcome};
use super::{CliError, open_core};
use crate::cli::DemoArgs;
use crate::settings::Settings;

pub async fn run(settings: &Settings, seed_demo: bool) -> Result<(), CliError> {
    let trusted_proxies = homeward_web::TrustedProxies::parse(&settings.trusted_proxies)
        .map_err(|e| CliError::Input(format!("--trusted-proxy: {e}")))?;
    if seed_demo {
        let args = DemoArgs { seed: 1, scale: "area".into(), as_of: None };
        if let Outcome::AlreadyHeldData = demo::seed(settings, &args, false).await? {
            eprintln!("The database already holds data, so no demo data was added.");
        }
    }
    let checkpoints = crate::checkpoints::CheckpointLog::new(settings).map_err(CliError::Input)?;
    let core = open_core(settings).await?;
    let backend = core.store().backend();
    let listener = tokio::net::TcpListener::bind(settings.bind)
        .await
        .map_err(|e| CliError::Failure(format!("cannot listen on {}: {e}", settings.bind)))?;
    let address = listener.local_addr().map_err(|e| CliError::Failure(e.to_string()))?;
    println!("Homeward is running on the {backend} database. Open http://{address}/ in a browser.");
    println!("API: http://{address}/api/v1 (OpenAPI document at http://{address}/api/openapi.json).");
    if seed_demo {
        println!(
            "Sign in with the email and password of any 'demo sign-in' line above; the last field is the user's \
             authenticator secret (base32) for the 6-digit code asked next."
        );
    }
    println!("Alerts are raised as they fall due, every 30 seconds. Press Ctrl+C to stop.");
    tracing::info!(%address, backend, "serving");
    let post = super::alerts::post(settings)?;
    let scheduler = tokio::spawn(super::alerts::run_in_background(core.clone(), post, checkpoints));
    let web =
        homeward_web::WebConfig { assets_dir: settings.assets_dir.clone(), https: settings.https, trusted_proxies };
    // Each request knows its client's address: sign-in attempts are counted per source.
    let app = homeward_web::app(core, &web).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| CliError::Failure(format!("the server stopped: {e}")))?;
    scheduler.abort();
    eprintln!("Homeward has stopped.");
    Ok(())
}

/// Resolves on Ctrl+C or SIGTERM, letting requests in flight finish.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
