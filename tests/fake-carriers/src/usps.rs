//! The usps double: see the crate documentation.

use std::sync::Arc;

use axum::Router;

use crate::State;

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new()
}
