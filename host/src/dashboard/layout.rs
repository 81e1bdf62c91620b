//! The page shell every dashboard page shares (head, navigation, the signed-in merchant, the
//! sign-out form, messages) and the small formatting helpers of the pages: money in its
//! currency's minor units, optional text, status badges.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use crossdock_types::{Address, Severity};
use maud::{DOCTYPE, Markup, html};
use serde_json::Value;

use super::backend::ApiFailure;
use super::session::{Session, clear_flash};
use crate::domain::{OrderStatus, ReturnStatus, RunOutcome, ShipmentStatus};
use crate::store::EventStatus;

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

/// The text of a string or number, `—` for null or anything else.
pub fn text(value: &Value) -> String {
    match value {
        Value::String(s) if !s.is_empty() => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "—".to_owned(),
    }
}

/// An optional value as text, `—` when it is absent or empty.
pub fn opt(value: Option<impl std::fmt::Display>) -> String {
    value.map(|v| v.to_string()).filter(|v| !v.is_empty()).unwrap_or_else(|| "—".to_owned())
}

/// The wire word of one of the contract's enums (`checkout`, `DDP`, `pdf`), as the API writes it.
pub fn word(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => "—".to_owned(),
    }
}

/// Basis points as a percentage: `1200` → `12%`, `250` → `2.5%`.
pub fn percent_bp(bp: u32) -> String {
    let (whole, rest) = (bp / 100, bp % 100);
    match rest {
        0 => format!("{whole}%"),
        r if r % 10 == 0 => format!("{whole}.{}%", r / 10),
        r => format!("{whole}.{r:02}%"),
    }
}

/// How a status reads at a glance: the colour of its badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusTone {
    /// Done or on its way.
    Good,
    /// Needs the merchant.
    Bad,
    /// Not yet decided; the pipeline will get to it.
    Waiting,
    Neutral,
}

/// A status the dashboard shows as a badge: its word and its tone. Every match below is
/// exhaustive, so a new status cannot appear without a tone.
pub trait Badge {
    fn label(&self) -> &'static str;
    fn tone(&self) -> StatusTone;
}

/// A status as a coloured badge.
pub fn badge(status: &impl Badge) -> Markup {
    let class = match status.tone() {
        StatusTone::Good => "badge good",
        StatusTone::Bad => "badge bad",
        StatusTone::Waiting => "badge wait",
        StatusTone::Neutral => "badge",
    };
    html! { span class=(class) { (status.label()) } }
}

impl Badge for ShipmentStatus {
    fn label(&self) -> &'static str {
        self.as_str()
    }
    fn tone(&self) -> StatusTone {
        use ShipmentStatus::*;
        match self {
            Labelled | InTransit | OutForDelivery | Delivered => StatusTone::Good,
            Held | Exception | VoidFailed => StatusTone::Bad,
            Pending | VoidPending => StatusTone::Waiting,
            Returned | Voided | Cancelled => StatusTone::Neutral,
        }
    }
}

impl Badge for ReturnStatus {
    fn label(&self) -> &'static str {
        self.as_str()
    }
    fn tone(&self) -> StatusTone {
        use ReturnStatus::*;
        match self {
            Approved | Labelled => StatusTone::Good,
            Held => StatusTone::Bad,
            Requested | LabelPending => StatusTone::Waiting,
            Refused => StatusTone::Neutral,
        }
    }
}

impl Badge for OrderStatus {
    fn label(&self) -> &'static str {
        self.as_str()
    }
    fn tone(&self) -> StatusTone {
        match self {
            OrderStatus::Accepted => StatusTone::Neutral,
        }
    }
}

impl Badge for EventStatus {
    fn label(&self) -> &'static str {
        self.as_str()
    }
    fn tone(&self) -> StatusTone {
        match self {
            EventStatus::Done => StatusTone::Good,
            EventStatus::Dead => StatusTone::Bad,
            EventStatus::Pending | EventStatus::Processing => StatusTone::Waiting,
        }
    }
}

impl Badge for RunOutcome {
    fn label(&self) -> &'static str {
        self.as_str()
    }
    fn tone(&self) -> StatusTone {
        match self {
            RunOutcome::Ok => StatusTone::Good,
            RunOutcome::Limit | RunOutcome::Failed => StatusTone::Bad,
            RunOutcome::Declined => StatusTone::Waiting,
        }
    }
}

impl Badge for Severity {
    fn label(&self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Blocking => "blocking",
        }
    }
    fn tone(&self) -> StatusTone {
        match self {
            Severity::Info => StatusTone::Neutral,
            Severity::Warning => StatusTone::Waiting,
            Severity::Blocking => StatusTone::Bad,
        }
    }
}

/// Whether a plugin binding is switched on in a market.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    On,
    Off,
}

impl Badge for Switch {
    fn label(&self) -> &'static str {
        match self {
            Switch::On => "on",
            Switch::Off => "off",
        }
    }
    fn tone(&self) -> StatusTone {
        match self {
            Switch::On => StatusTone::Good,
            Switch::Off => StatusTone::Neutral,
        }
    }
}

/// An address as lines: name, company, street, postal code and city, country.
pub fn address(a: &Address) -> Markup {
    let town = [a.postal_code.as_deref(), a.city.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        address {
            @for l in [a.name.as_deref(), a.company.as_deref()].into_iter().flatten().filter(|l| !l.is_empty()) { (l) br; }
            @for l in &a.street { (l) br; }
            @if !town.is_empty() { (town) br; }
            (a.country)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basis_points_print_as_percentages() {
        assert_eq!(percent_bp(1900), "19%");
        assert_eq!(percent_bp(250), "2.5%");
        assert_eq!(percent_bp(1205), "12.05%");
        assert_eq!(percent_bp(0), "0%");
    }

    #[test]
    fn a_badge_shows_the_status_word_in_the_colour_of_its_tone() {
        assert_eq!(badge(&ShipmentStatus::InTransit).into_string(), r#"<span class="badge good">in_transit</span>"#);
        assert_eq!(badge(&EventStatus::Dead).into_string(), r#"<span class="badge bad">dead</span>"#);
        assert_eq!(badge(&RunOutcome::Declined).into_string(), r#"<span class="badge wait">declined</span>"#);
        assert_eq!(badge(&Switch::Off).into_string(), r#"<span class="badge">off</span>"#);
    }

    #[test]
    fn statuses_that_need_the_merchant_read_as_bad() {
        let bad: Vec<&str> = ShipmentStatus::ALL
            .iter()
            .filter(|s| s.tone() == StatusTone::Bad)
            .map(|s| s.label())
            .chain(ReturnStatus::ALL.iter().filter(|s| s.tone() == StatusTone::Bad).map(|s| s.label()))
            .collect();
        assert_eq!(bad, ["held", "exception", "void_failed", "held"]);
        assert_eq!(Severity::Blocking.tone(), StatusTone::Bad);
    }

    #[test]
    fn an_address_prints_the_lines_it_has() {
        let mut a = Address::in_country("DE".parse().expect("DE"));
        a.name = Some("Lena Fischer".into());
        a.street = vec!["Street 1".into()];
        a.postal_code = Some("10115".into());
        a.city = Some("Berlin".into());
        assert_eq!(address(&a).into_string(), "<address>Lena Fischer<br>Street 1<br>10115 Berlin<br>DE</address>");
    }
}
