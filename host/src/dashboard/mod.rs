//! The web dashboard, served at `/`.

use std::sync::Arc;

use crate::server::AppState;

/// The dashboard's routes.
pub fn router(state: Arc<AppState>) -> axum::Router {
    axum::Router::new().with_state(state)
}
