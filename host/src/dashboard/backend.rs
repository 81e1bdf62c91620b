//! The admin API, called in-process: the dashboard's only way to read or change anything.
//!
//! A call is one request through the API's own router (`tower::ServiceExt::oneshot`) with the
//! signed-in token as its bearer, so the dashboard is held to the same scopes, validation,
//! merchant isolation and audit log as any API client, and cannot drift from them. A non-2xx
//! answer comes back as an [`ApiFailure`] carrying the API's `{"error": {code, message}}`.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::response::Response;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tower::ServiceExt;

use crate::api::model::ErrorBody;

/// Largest API answer the dashboard reads (a label or a page of events), in bytes.
const MAX_ANSWER: usize = 64 << 20;

/// The admin API's router, ready to be called.
#[derive(Clone)]
pub struct Api {
    router: axum::Router,
}

/// An API answer that was not a success: its status and the API's error code and message.
#[derive(Debug, Clone)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
}

impl ApiFailure {
    fn internal(message: impl Into<String>) -> Self {
        Self { status: StatusCode::INTERNAL_SERVER_ERROR, code: "internal".into(), message: message.into() }
    }
}

impl Api {
    pub fn new(router: axum::Router) -> Self {
        Self { router }
    }

    /// Sends one request as the holder of `token`; the raw answer, whatever its status.
    pub async fn raw(&self, token: &str, method: Method, path: &str, body: Option<&Value>) -> Response {
        let mut request =
            Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {token}"));
        let body = match body {
            Some(json) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        let request = match request.body(body) {
            Ok(r) => r,
            Err(e) => {
                let mut answer = Response::new(Body::from(format!("bad request to {path}: {e}")));
                *answer.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                return answer;
            }
        };
        match self.router.clone().oneshot(request).await {
            Ok(answer) => answer,
            Err(never) => match never {},
        }
    }

    /// Sends one request; the JSON of a 2xx answer, or the API's error.
    pub async fn send(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, ApiFailure> {
        read(path, self.raw(token, method, path, body).await).await
    }

    /// `GET path`, read into the API's type of that answer ([`crate::api::model`]).
    pub async fn get_as<T: DeserializeOwned>(&self, token: &str, path: &str) -> Result<T, ApiFailure> {
        self.send_as(token, Method::GET, path, None).await
    }

    /// Sends one request; the 2xx answer read into the API's type of it, or the API's error.
    pub async fn send_as<T: DeserializeOwned>(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T, ApiFailure> {
        let value = self.send(token, method, path, body).await?;
        serde_json::from_value(value)
            .map_err(|e| ApiFailure::internal(format!("the answer of {path} does not match its documented type: {e}")))
    }

    /// `PUT path` with `body`, one of the API's request types; the answer read into its type.
    pub async fn put_as<B: Serialize, T: DeserializeOwned>(
        &self,
        token: &str,
        path: &str,
        body: &B,
    ) -> Result<T, ApiFailure> {
        let body = serde_json::to_value(body)
            .map_err(|e| ApiFailure::internal(format!("encoding the request to {path}: {e}")))?;
        self.send_as(token, Method::PUT, path, Some(&body)).await
    }
}

/// The JSON of a 2xx answer of `path`, or the API's error.
async fn read(path: &str, answer: Response) -> Result<Value, ApiFailure> {
    let status = answer.status();
    let bytes = axum::body::to_bytes(answer.into_body(), MAX_ANSWER)
        .await
        .map_err(|e| ApiFailure::internal(format!("reading the answer of {path}: {e}")))?;
    let value: Value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .map_err(|e| ApiFailure::internal(format!("the answer of {path} is not JSON: {e}")))?
    };
    if status.is_success() {
        return Ok(value);
    }
    Err(match serde_json::from_value::<ErrorBody>(value) {
        Ok(ErrorBody { error }) => ApiFailure { status, code: error.code, message: error.message },
        Err(_) => ApiFailure { status, code: "unknown".into(), message: format!("{path} answered {status}") },
    })
}

/// The API's error in an answer of `path` that was not a success.
pub async fn failure_of(path: &str, answer: Response) -> ApiFailure {
    let status = answer.status();
    match read(path, answer).await {
        Err(failure) => failure,
        Ok(_) => ApiFailure { status, code: "unknown".into(), message: format!("{path} answered {status}") },
    }
}

/// One path segment, escaped (market names, plugin names, shipment ids).
pub fn seg(text: &str) -> String {
    crate::links::segment(text)
}

/// A query string (`?a=1&b=2`) of the pairs whose value is set; empty when none is.
pub fn query<'a>(pairs: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (key, value) in pairs {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            out.append_pair(key, v);
            any = true;
        }
    }
    if any { format!("?{}", out.finish()) } else { String::new() }
}
