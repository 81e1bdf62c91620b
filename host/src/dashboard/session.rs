//! Signing in with an API token, the session cookie, and the guard on every form POST.
//!
//! The dashboard has no accounts of its own: a merchant signs in with an API token of theirs
//! (`crossdock token issue`, or `crossdock token create` on the server). It is kept in the
//! `crossdock_token` cookie: `HttpOnly`, so scripts cannot read it; `SameSite=Strict`, so
//! other sites' requests do not carry it; `Path=/`; and `Secure` when the sign-in came over
//! HTTPS. Every request looks the token up through the API's own [`Caller`] extractor, so a
//! revoked token ends the session at once, and a page is that token's merchant's only; the
//! token's scope decides what the API lets the dashboard change.
//!
//! Cross-site request forgery is refused twice over on every state-changing POST
//! ([`Posted`]): a browser's `Origin` header, when sent, must name this host; and the form must
//! carry the session's form token, `HMAC-SHA256(key = the API token, "crossdock dashboard
//! form")` in hex, which a page of another site cannot read. The form token needs no storage
//! and changes with the API token; it does not reveal the API token.
//!
//! A message for the next page (after a redirect) travels in the short-lived
//! `crossdock_flash` cookie and is cleared by the page that shows it.

use std::sync::Arc;

use axum::Form;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use hmac::{Hmac, Mac};
use maud::html;
use sha2::Sha256;

use super::Dash;
use super::layout::{self, Notice, Tone};
use crate::api::{Caller, Scope};

const TOKEN_COOKIE: &str = "crossdock_token";
const FLASH_COOKIE: &str = "crossdock_flash";
/// What the form token authenticates.
const FORM_TOKEN_MESSAGE: &[u8] = b"crossdock dashboard form";

/// The signed-in merchant of one request.
#[derive(Debug, Clone)]
pub struct Session {
    /// The API token, sent as the bearer of every in-process API call.
    pub token: String,
    pub merchant_id: String,
    pub merchant_name: String,
    pub scope: Scope,
    /// The form token every POST form of this session carries.
    pub csrf: String,
    /// A message the previous request left for this page.
    pub flash: Option<Notice>,
}

impl Session {
    /// Whether this session may change things (a `write` or `admin` token).
    pub fn can_write(&self) -> bool {
        self.scope >= Scope::Write
    }
}

/// The form token of an API token.
fn form_token_mac(token: &str) -> Hmac<Sha256> {
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(token.as_bytes()) {
        Ok(mac) => mac,
        // HMAC hashes long keys and pads short ones: every length is valid.
        Err(_) => unreachable!("HMAC-SHA256 accepts keys of any length"),
    };
    mac.update(FORM_TOKEN_MESSAGE);
    mac
}

fn form_token(token: &str) -> String {
    hex::encode(form_token_mac(token).finalize().into_bytes())
}

/// Whether `given` is the form token of `token`, compared in constant time.
fn form_token_matches(token: &str, given: &str) -> bool {
    hex::decode(given).is_ok_and(|bytes| form_token_mac(token).verify_slice(&bytes).is_ok())
}

/// The value of cookie `name`, if the request has it.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn header_value(text: String) -> HeaderValue {
    HeaderValue::try_from(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The session cookie; `Secure` too when the request came over HTTPS (directly, or through a
/// proxy that says so in `X-Forwarded-Proto`), so it is never sent over plain HTTP from then on.
fn token_cookie(token: &str, https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    header_value(format!("{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"))
}

fn over_https(headers: &HeaderMap, uri: &Uri) -> bool {
    uri.scheme_str() == Some("https")
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

fn expired(name: &str) -> HeaderValue {
    header_value(format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"))
}

/// The `Set-Cookie` that leaves `notice` for the next page.
fn flash_cookie(notice: &Notice) -> HeaderValue {
    let tone = match notice.tone {
        Tone::Ok => "ok",
        Tone::Error => "error",
    };
    let text: String = url::form_urlencoded::byte_serialize(notice.text.as_bytes()).collect();
    header_value(format!("{FLASH_COOKIE}={tone}.{text}; Path=/; HttpOnly; SameSite=Strict; Max-Age=60"))
}

fn read_flash(headers: &HeaderMap) -> Option<Notice> {
    let value = cookie(headers, FLASH_COOKIE)?;
    let (tone, encoded) = value.split_once('.')?;
    let tone = if tone == "ok" { Tone::Ok } else { Tone::Error };
    let text = url::form_urlencoded::parse(format!("t={encoded}").as_bytes()).next().map(|(_, v)| v.into_owned())?;
    Some(Notice { tone, text })
}

/// A `303 See Other` to `location`, leaving `notice` for the page there.
pub fn redirect_with(location: &str, notice: Notice) -> Response {
    let mut response = Redirect::to(location).into_response();
    response.headers_mut().append(header::SET_COOKIE, flash_cookie(&notice));
    response
}

/// Adds the `Set-Cookie` that clears a shown flash message, when the page showed one.
pub fn clear_flash(session_had_flash: bool, response: &mut Response) {
    if session_had_flash {
        response.headers_mut().append(header::SET_COOKIE, expired(FLASH_COOKIE));
    }
}

/// The API's own verdict on a token: its caller, or why it is refused.
async fn caller_of(dash: &Dash, token: &str) -> Result<Caller, crate::api::ApiError> {
    let request = Request::builder()
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(())
        .map_err(|e| crate::api::ApiError::new(StatusCode::BAD_REQUEST, "bad_request", e.to_string()))?;
    let (mut parts, ()) = request.into_parts();
    Caller::from_request_parts(&mut parts, &dash.app).await
}

/// To the sign-in form, forgetting the token, with `why` for the form to show.
fn to_signin(why: Notice) -> Response {
    let mut response = redirect_with("/signin", why);
    response.headers_mut().append(header::SET_COOKIE, expired(TOKEN_COOKIE));
    response
}

impl FromRequestParts<Arc<Dash>> for Session {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, dash: &Arc<Dash>) -> Result<Self, Response> {
        let flash = read_flash(&parts.headers);
        let Some(token) = cookie(&parts.headers, TOKEN_COOKIE) else {
            return Err(Redirect::to("/signin").into_response());
        };
        let caller = match caller_of(dash, &token).await {
            Ok(caller) => caller,
            Err(e) if e.status == StatusCode::UNAUTHORIZED || e.status == StatusCode::FORBIDDEN => {
                return Err(to_signin(Notice::error(format!("You were signed out: {}.", e.message))));
            }
            Err(e) => return Err(layout::bare_error(e.status, &e.message)),
        };
        let merchant_name = match dash.app.store.merchant(&caller.merchant_id).await {
            Ok(Some(m)) => m.name,
            _ => caller.merchant_id.clone(),
        };
        Ok(Session {
            csrf: form_token(&token),
            token,
            merchant_id: caller.merchant_id,
            merchant_name,
            scope: caller.scope,
            flash,
        })
    }
}

/// Whether a request's `Origin`, when it has one, is this host.
fn same_origin(headers: &HeaderMap, uri: &Uri) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else { return false };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| uri.authority().map(|a| a.as_str().to_owned()));
    let Some(host) = host else { return false };
    origin.split_once("://").is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(&host))
}

fn refused_form(why: &str) -> Response {
    layout::bare_error(
        StatusCode::FORBIDDEN,
        &format!("This form was refused: {why}. Reload the page and submit it again."),
    )
}

/// A form POST of a signed-in session that passed both CSRF checks, with its fields.
pub struct Posted {
    pub session: Session,
    pub fields: Vec<(String, String)>,
}

impl Posted {
    /// The first value of field `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

impl FromRequest<Arc<Dash>> for Posted {
    type Rejection = Response;

    async fn from_request(request: Request, dash: &Arc<Dash>) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        if !same_origin(&parts.headers, &parts.uri) {
            return Err(refused_form("it was sent from another site"));
        }
        let session = Session::from_request_parts(&mut parts, dash).await?;
        let request = Request::from_parts(parts, body);
        let Form(fields) = Form::<Vec<(String, String)>>::from_request(request, dash)
            .await
            .map_err(|e| layout::bare_error(StatusCode::BAD_REQUEST, &format!("The form could not be read: {e}")))?;
        let given = fields.iter().find(|(k, _)| k == "csrf").map_or("", |(_, v)| v.as_str());
        if !form_token_matches(&session.token, given) {
            return Err(refused_form("its form token is missing or belongs to another session"));
        }
        Ok(Posted { session, fields })
    }
}

// ---- pages ------------------------------------------------------------------------------------

fn signin_page(status: StatusCode, notice: Option<&Notice>, had_flash: bool) -> Response {
    let body = html! {
        main.signin {
            h1 { "crossdock" }
            p.lede { "Sign in with an API token of your merchant." }
            (layout::notice(notice))
            form method="post" action="/signin" {
                label for="token" { "API token" }
                input #token type="password" name="token" autocomplete="off" required
                    placeholder="cdk_…" spellcheck="false";
                button type="submit" { "Sign in" }
            }
            p.hint {
                "An admin issues one with " code { "crossdock token issue --scope write" }
                " (or, on the server, " code { "crossdock token create --merchant <id> --scope write" } "). A "
                code { "read" } " token can look but not change anything."
            }
        }
    };
    let mut response = (status, layout::document("Sign in", body)).into_response();
    clear_flash(had_flash, &mut response);
    response
}

/// `GET /signin`: the form, with the message of the redirect that led here.
pub async fn signin_form(headers: HeaderMap) -> Response {
    let flash = read_flash(&headers);
    signin_page(StatusCode::OK, flash.as_ref(), flash.is_some())
}

#[derive(serde::Deserialize)]
pub struct SigninForm {
    #[serde(default)]
    token: String,
}

/// `POST /signin`: checks the token as the API would; the cookie and the matrix, or the form
/// again with the reason.
pub async fn signin(
    State(dash): State<Arc<Dash>>,
    headers: HeaderMap,
    uri: Uri,
    Form(form): Form<SigninForm>,
) -> Response {
    if !same_origin(&headers, &uri) {
        return refused_form("it was sent from another site");
    }
    let token = form.token.trim();
    let refuse = |message: String| signin_page(StatusCode::UNAUTHORIZED, Some(&Notice::error(message)), false);
    if token.is_empty() {
        return refuse("Enter an API token.".into());
    }
    if token.len() > 256 || !token.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')) {
        return refuse("That is not a crossdock API token: tokens look like cdk_ followed by 64 hex digits.".into());
    }
    match caller_of(&dash, token).await {
        Ok(_) => {
            let mut response = Redirect::to("/").into_response();
            response.headers_mut().append(header::SET_COOKIE, token_cookie(token, over_https(&headers, &uri)));
            response
        }
        Err(e) if e.status == StatusCode::UNAUTHORIZED || e.status == StatusCode::FORBIDDEN => {
            refuse(format!("Sign-in refused: {}.", e.message))
        }
        Err(e) => layout::bare_error(e.status, &e.message),
    }
}

/// `POST /signout`: forgets the token.
pub async fn signout(_: Posted) -> Response {
    to_signin(Notice::ok("Signed out."))
}
