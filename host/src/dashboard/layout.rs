//! The page shell every dashboard page shares (head, navigation, the signed-in merchant, the
//! sign-out form, messages) and the small formatting helpers of the pages: money in its
//! currency's minor units, optional text, status badges.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use crossdock_types::Money;
use maud::{DOCTYPE, Markup, html};
use serde_json::Value;

use super::backend::ApiFailure;
use super::session::{Session, clear_flash};

/// Whether a message reports success or a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Error,
}

/// A message at the top of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub tone: Tone,
    pub text: String,
}

impl Notice {
    pub fn ok(text: impl Into<String>) -> Self {
        Self { tone: Tone::Ok, text: text.into() }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self { tone: Tone::Error, text: text.into() }
    }

    /// An API error as a message: what the API said, as it said it.
    pub fn failure(failure: &ApiFailure) -> Self {
        Self::error(format!("{} ({})", failure.message, failure.code))
    }
}

/// Which navigation entry a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Plugins,
    Orders,
    Shipments,
    DeadLetters,
}

const NAV: [(Nav, &str, &str); 4] = [
    (Nav::Plugins, "/", "Plugins"),
    (Nav::Orders, "/orders", "Orders"),
    (Nav::Shipments, "/shipments", "Shipments"),
    (Nav::DeadLetters, "/dead-letters", "Dead letters"),
];

/// A whole HTML document around `body`.
pub fn document(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · crossdock" }
                link rel="stylesheet" href="/dashboard/assets/dashboard.css";
                script src="/dashboard/assets/dashboard.js" defer {}
            }
            body { (body) }
        }
    }
}

/// The message box, if there is a message.
pub fn notice(notice: Option<&Notice>) -> Markup {
    html! {
        @if let Some(n) = notice {
            @let (class, role) = match n.tone { Tone::Ok => ("notice ok", "status"), Tone::Error => ("notice error", "alert") };
            p class=(class) role=(role) { (n.text) }
        }
    }
}

/// The hidden form-token field every POST form carries.
pub fn csrf(session: &Session) -> Markup {
    html! { input type="hidden" name="csrf" value=(session.csrf); }
}

/// A signed-in page: navigation, the merchant, sign-out, a message (`message`, else the one
/// the previous request left), then `content`.
pub fn page(session: &Session, nav: Nav, title: &str, message: Option<&Notice>, content: Markup) -> Markup {
    let shown = message.or(session.flash.as_ref());
    let body = html! {
        header.top {
            a.brand href="/" { "crossdock" }
            nav {
                @for (entry, href, label) in NAV {
                    @if entry == nav {
                        a href=(href) aria-current="page" { (label) }
                    } @else {
                        a href=(href) { (label) }
                    }
                }
            }
            div.who {
                span.merchant title=(session.merchant_id) { (session.merchant_name) }
                " "
                span.scope { (session.scope.as_str()) }
                form.signout method="post" action="/signout" {
                    (csrf(session))
                    button type="submit" { "Sign out" }
                }
            }
        }
        main {
            h1 { (title) }
            (notice(shown))
            (content)
        }
    };
    document(title, body)
}

/// A page response with `status`, clearing the flash message the page showed.
pub fn respond(status: StatusCode, session: &Session, markup: Markup) -> Response {
    let mut response = (status, markup).into_response();
    clear_flash(session.flash.is_some(), &mut response);
    response
}

/// A signed-in page that only says what the API refused, with the API's status.
pub fn failure_page(session: &Session, nav: Nav, failure: &ApiFailure) -> Response {
    let title = failure.status.canonical_reason().unwrap_or("Error");
    let markup = page(session, nav, title, Some(&Notice::failure(failure)), html! {});
    respond(failure.status, session, markup)
}

/// A page outside any session (a refused form, a store failure).
pub fn bare_error(status: StatusCode, message: &str) -> Response {
    let body = html! {
        main.signin {
            h1 { (status.canonical_reason().unwrap_or("Error")) }
            (notice(Some(&Notice::error(message))))
            p { a href="/" { "Back to the dashboard" } }
        }
    };
    (status, document("Error", body)).into_response()
}

/// `19.99 EUR` for a money object, `—` for anything else.
pub fn money(value: &Value) -> String {
    serde_json::from_value::<Money>(value.clone()).map_or_else(|_| "—".to_owned(), |m| m.to_string())
}

/// The text of a string or number, `—` for null or anything else.
pub fn text(value: &Value) -> String {
    match value {
        Value::String(s) if !s.is_empty() => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "—".to_owned(),
    }
}

/// Basis points as a percentage: `1200` → `12%`, `250` → `2.5%`.
pub fn percent_bp(value: &Value) -> String {
    let Some(bp) = value.as_u64() else { return "—".to_owned() };
    let (whole, rest) = (bp / 100, bp % 100);
    match rest {
        0 => format!("{whole}%"),
        r if r % 10 == 0 => format!("{whole}.{}%", r / 10),
        r => format!("{whole}.{r:02}%"),
    }
}

/// A status word as a coloured badge.
pub fn badge(status: &str) -> Markup {
    let class = match status {
        "labelled" | "in_transit" | "out_for_delivery" | "delivered" | "done" | "ok" | "on" | "approved" => {
            "badge good"
        }
        "held" | "exception" | "dead" | "failed" | "limit" | "rejected" => "badge bad",
        "pending" | "processing" | "declined" => "badge wait",
        _ => "badge",
    };
    html! { span class=(class) { (status) } }
}

/// An address object (`name`, `company`, `street[]`, `postal_code`, `city`, `country`) as lines.
pub fn address(value: &Value) -> Markup {
    let line = |key: &str| value[key].as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    let street: Vec<String> = value["street"]
        .as_array()
        .map(|a| a.iter().filter_map(|l| l.as_str()).map(str::to_owned).collect())
        .unwrap_or_default();
    let town = [line("postal_code"), line("city")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    html! {
        address {
            @for l in [line("name"), line("company")].into_iter().flatten() { (l) br; }
            @for l in &street { (l) br; }
            @if !town.is_empty() { (town) br; }
            (text(&value["country"]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn money_prints_in_the_currencys_minor_units() {
        assert_eq!(money(&json!({"amount": 1999, "currency": "EUR"})), "19.99 EUR");
        assert_eq!(money(&json!({"amount": 500, "currency": "JPY"})), "500 JPY");
        assert_eq!(money(&Value::Null), "—");
    }

    #[test]
    fn basis_points_print_as_percentages() {
        assert_eq!(percent_bp(&json!(1900)), "19%");
        assert_eq!(percent_bp(&json!(250)), "2.5%");
        assert_eq!(percent_bp(&json!(1205)), "12.05%");
        assert_eq!(percent_bp(&Value::Null), "—");
    }
}
