//! Who is calling: the bearer token, looked up by its SHA-256, with its merchant and scope.
//!
//! Tokens are `cdk_` followed by 64 hex digits of randomness; only their SHA-256 is stored.
//! A missing or malformed header, an unknown token and a revoked token are all 401 (with a
//! message saying which); a token whose scope is too small for the request is 403.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;

use super::ApiError;
use crate::app::AppState;

/// What a token may do; each scope includes the ones before it: `read` (GET), `write` (also
/// markets, bindings, catalog, warehouses, replays), `admin` (also tokens, connections, plugin
/// uploads, the merchant itself).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Read,
    Write,
    Admin,
}

impl Scope {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "read" => Some(Self::Read),
            "write" => Some(Self::Write),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Admin => "admin",
        }
    }
}

/// The authenticated caller of one request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub merchant_id: String,
    pub scope: Scope,
    pub token_id: i64,
}

impl Caller {
    /// Refuses the request unless the token's scope includes `needed`.
    pub fn require(&self, needed: Scope) -> Result<(), ApiError> {
        if self.scope >= needed {
            return Ok(());
        }
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!(
                "this token's scope is `{}`; this request needs `{}` (create a token with --scope {})",
                self.scope.as_str(),
                needed.as_str(),
                needed.as_str()
            ),
        ))
    }

    /// How the audit log names this caller.
    pub fn actor(&self) -> String {
        format!("token:{}", self.token_id)
    }
}

/// A new random token.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("cdk_{}", hex::encode(bytes)))
}

pub use crate::store::hash_token;

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
}

/// The bearer token of a request, if its `Authorization` header has one.
pub fn bearer(parts: &Parts) -> Result<&str, ApiError> {
    let header = parts.headers.get(axum::http::header::AUTHORIZATION).ok_or_else(|| {
        unauthorized("missing `Authorization: Bearer <token>` header; create a token with `crossdock token create`")
    })?;
    let text = header.to_str().map_err(|_| unauthorized("the Authorization header is not text"))?;
    text.strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| unauthorized("the Authorization header must be `Bearer <token>`"))
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        let token = bearer(parts)?;
        let row = state.store.token_by_hash(&hash_token(token)).await?;
        let Some(row) = row else {
            return Err(unauthorized("unknown token"));
        };
        if row.revoked {
            return Err(unauthorized("this token has been revoked; ask an admin for a new one"));
        }
        let scope = Scope::parse(&row.scope).ok_or_else(|| {
            ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                format!("this token has an unknown scope `{}`", row.scope),
            )
        })?;
        Ok(Caller { merchant_id: row.merchant_id, scope, token_id: row.id })
    }
}

/// Whether a request carries the operator token the server was started with.
pub fn is_operator(parts_token: &str, state: &AppState) -> bool {
    let Some(expected) = &state.operator_token_sha256 else { return false };
    let given = hash_token(parts_token);
    // Both are 64 hex digits; compare without an early exit.
    given.len() == expected.len() && given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}
