//! A small client of the admin API, for the CLI (and the tests): every `crossdock merchant …`,
//! `plugin install`, `market …`, `binding …` and `events replay` command is one or two requests
//! through it, so the CLI can do exactly what the API allows and nothing else.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;
use ureq::http as h;
use ureq::{Agent, RequestExt};

use crate::api::model::ErrorBody;

/// Where the API is and who is calling.
#[derive(Debug, Clone)]
pub struct Client {
    base: String,
    token: Option<String>,
    agent: Agent,
}

/// A request that did not get a 2xx answer.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with an error body.
    #[error("{status} {code}: {message}")]
    Api { status: u16, code: String, message: String },
    /// No answer: wrong URL, server down.
    #[error("cannot reach the crossdock API at {base}: {reason} (is `crossdock serve` running? set --url)")]
    Unreachable { base: String, reason: String },
    /// An answer that is not the API's JSON.
    #[error("unexpected answer from {base}: {reason}")]
    Unexpected { base: String, reason: String },
}

/// An HTTP method of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// A request body.
pub enum Body {
    None,
    Json(Value),
    /// Raw bytes with a content type (a plugin upload).
    Bytes(Vec<u8>, &'static str),
}

impl Client {
    /// A client of the API at `base` (`http://127.0.0.1:8080`), with a bearer token.
    pub fn new(base: &str, token: Option<String>) -> Self {
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .build()
            .into();
        Self { base: base.trim_end_matches('/').to_owned(), token, agent }
    }

    /// Sends a request; the status and the JSON body of a 2xx answer.
    pub fn send(&self, method: Method, path: &str, body: Body) -> Result<(u16, Value), ClientError> {
        let (status, bytes) = self.send_raw(method, path, body)?;
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).map_err(|e| ClientError::Unexpected {
                base: self.base.clone(),
                reason: format!("{status} with a body that is not JSON: {e}"),
            })?
        };
        if (200..300).contains(&status) {
            return Ok((status, value));
        }
        Err(match serde_json::from_value::<ErrorBody>(value) {
            Ok(ErrorBody { error }) => ClientError::Api { status, code: error.code, message: error.message },
            Err(_) => ClientError::Api { status, code: "unknown".into(), message: "(no message)".into() },
        })
    }

    /// Sends a request; the status and body bytes, whatever the status.
    pub fn send_raw(&self, method: Method, path: &str, body: Body) -> Result<(u16, Vec<u8>), ClientError> {
        let url = format!("{}{path}", self.base);
        let method = match method {
            Method::Get => h::Method::GET,
            Method::Post => h::Method::POST,
            Method::Put => h::Method::PUT,
            Method::Patch => h::Method::PATCH,
            Method::Delete => h::Method::DELETE,
        };
        let mut builder = h::Request::builder().method(method).uri(&url);
        if let Some(token) = &self.token {
            builder = builder.header("Authorization", format!("Bearer {token}"));
        }
        let (bytes, content_type) = match body {
            Body::None => (Vec::new(), None),
            Body::Json(v) => (v.to_string().into_bytes(), Some("application/json")),
            Body::Bytes(b, t) => (b, Some(t)),
        };
        if let Some(t) = content_type {
            builder = builder.header("Content-Type", t);
        }
        let request = builder
            .body(bytes)
            .map_err(|e| ClientError::Unexpected { base: self.base.clone(), reason: format!("bad request: {e}") })?;
        let mut response = request
            .with_agent(&self.agent)
            .run()
            .map_err(|e| ClientError::Unreachable { base: self.base.clone(), reason: e.to_string() })?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_vec()
            .map_err(|e| ClientError::Unexpected { base: self.base.clone(), reason: e.to_string() })?;
        Ok((status, body))
    }

    pub fn get(&self, path: &str) -> Result<Value, ClientError> {
        self.send(Method::Get, path, Body::None).map(|(_, v)| v)
    }

    /// Sends a request; the 2xx answer read into the API's type of it ([`crate::api::model`]).
    pub fn send_as<T: DeserializeOwned>(&self, method: Method, path: &str, body: Body) -> Result<T, ClientError> {
        let (_, value) = self.send(method, path, body)?;
        serde_json::from_value(value).map_err(|e| ClientError::Unexpected {
            base: self.base.clone(),
            reason: format!("the answer of {path} does not match its documented type: {e}"),
        })
    }

    /// `GET path`, read into the API's type of that answer.
    pub fn get_as<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        self.send_as(Method::Get, path, Body::None)
    }

    pub fn post(&self, path: &str, body: Value) -> Result<Value, ClientError> {
        self.send(Method::Post, path, Body::Json(body)).map(|(_, v)| v)
    }
}

/// Escapes one path segment (a SKU may hold `/` or spaces).
pub use crate::links::segment;
