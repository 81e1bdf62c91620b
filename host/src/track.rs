//! The public tracking page, `/track/{merchant}/{tracking_number}`: the merchant's logo and
//! colours, the shipment's status and estimated delivery, and the carrier's events as a
//! timeline. No token: the link is what the buyer has. The page shows what a carrier's own
//! tracking page would (status, places, times), never the order's contents, prices or address.
//!
//! Links are scoped to the merchant because tracking numbers come from carriers, and a merchant
//! controls its own carrier binding: it could make a label carry another merchant's tracking
//! number. Within `/track/{merchant}/…` only that merchant's shipments are found, so nobody can
//! put their branding on another merchant's link. The link is given out by the API
//! (`tracking_url`) and [`tracking_path`]. Old unscoped links, `/track/{number}`, keep working
//! only while exactly one shipment of any merchant has that number; when several do, the page
//! asks for the full link and shows no merchant's name or branding.
//!
//! `Accept: application/json` gets the same as JSON, for a storefront's own widget.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use crossdock_types::Timestamp;
use serde_json::json;

use crate::app::AppState;
use crate::config::Branding;
use crate::domain::ShipmentStatus;
use crate::store::{ShipmentRow, TrackingEventRow};

/// Escapes text for HTML element content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn status_text(status: ShipmentStatus) -> &'static str {
    match status {
        ShipmentStatus::Labelled => "Label created",
        ShipmentStatus::InTransit => "In transit",
        ShipmentStatus::OutForDelivery => "Out for delivery",
        ShipmentStatus::Delivered => "Delivered",
        ShipmentStatus::Exception => "Delivery exception",
        ShipmentStatus::Returned => "Returned to sender",
        ShipmentStatus::Voided | ShipmentStatus::Cancelled => "Cancelled",
        ShipmentStatus::Pending | ShipmentStatus::Held | ShipmentStatus::VoidPending | ShipmentStatus::VoidFailed => {
            "Being prepared"
        }
    }
}

fn when(at_s: i64) -> String {
    let t = Timestamp::from_unix(at_s).to_string();
    // `2026-11-20T09:14:00Z` → `2026-11-20 09:14 UTC`
    t.get(..16).map(|s| format!("{} UTC", s.replace('T', " "))).unwrap_or(t)
}

pub use crate::links::tracking_path;

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json") && !v.contains("text/html"))
}

fn unavailable(e: &crate::store::StoreError) -> Response {
    tracing::error!(error = %e, "tracking page: store failure");
    (StatusCode::SERVICE_UNAVAILABLE, "tracking is unavailable right now; try again shortly").into_response()
}

/// A page without any merchant's branding: not found, or an ambiguous old link.
fn plain(json: bool, status: StatusCode, code: &str, title: &str, message: &str) -> Response {
    if json {
        (status, axum::Json(json!({"error": {"code": code, "message": message}}))).into_response()
    } else {
        (status, Html(layout(title, &Branding::default(), &format!("<p>{}</p>", escape(message))))).into_response()
    }
}

fn not_found(json: bool, number: &str) -> Response {
    let body = format!("no shipment has the tracking number {number}; check the number in your shipping email");
    plain(json, StatusCode::NOT_FOUND, "not_found", "Not found", &body)
}

/// `GET /track/{merchant}/{number}`: the merchant's shipment with that number.
pub async fn scoped_page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path((merchant, number)): Path<(String, String)>,
) -> Response {
    match state.store.merchant_shipment_by_tracking_number(&merchant, &number).await {
        Ok(Some(shipment)) => show(&state, wants_json(&headers), &number, shipment).await,
        Ok(None) => not_found(wants_json(&headers), &number),
        Err(e) => unavailable(&e),
    }
}

/// `GET /track/{number}`, the unscoped link of earlier versions: shown only when exactly one
/// shipment has the number.
pub async fn page(State(state): State<Arc<AppState>>, headers: HeaderMap, Path(number): Path<String>) -> Response {
    let json = wants_json(&headers);
    let mut found = match state.store.shipments_by_tracking_number(&number).await {
        Ok(found) => found,
        Err(e) => return unavailable(&e),
    };
    match found.len() {
        0 => not_found(json, &number),
        1 => match found.pop() {
            Some(shipment) => show(&state, json, &number, shipment).await,
            None => not_found(json, &number),
        },
        _ => plain(
            json,
            StatusCode::CONFLICT,
            "ambiguous",
            "Use the full tracking link",
            &format!(
                "more than one shop has a shipment with the tracking number {number}; open the tracking link                  from your shipping email (it names the shop), or ask the shop for it"
            ),
        ),
    }
}

/// The page (or JSON) of one shipment, with its merchant's branding.
async fn show(state: &AppState, wants_json: bool, number: &str, shipment: ShipmentRow) -> Response {
    let (events, eta) = match state.store.tracking_of(&shipment.id).await {
        Ok(t) => t,
        Err(e) => return unavailable(&e),
    };
    let merchant = state.store.merchant(&shipment.merchant_id).await.ok().flatten();
    let branding: Branding = state
        .store
        .branding(&shipment.merchant_id)
        .await
        .ok()
        .and_then(|b| serde_json::from_str(&b).ok())
        .filter(|b: &Branding| b.validate().is_ok())
        .unwrap_or_default();
    let shop = merchant.map(|m| m.name).unwrap_or_default();
    if wants_json {
        return axum::Json(json!({
            "tracking_number": number,
            "merchant": shop,
            "carrier": shipment.carrier,
            "status": shipment.status,
            "estimated_delivery": eta.map(|s| Timestamp::from_unix(s).to_string()),
            "events": events.iter().map(|e| json!({
                "time": Timestamp::from_unix(e.at_s).to_string(), "status": e.status, "location": e.location,
                "description": e.description, "carrier_code": e.raw_code,
            })).collect::<Vec<_>>(),
        }))
        .into_response();
    }
    Html(render(number, &shop, &branding, &shipment, &events, eta)).into_response()
}

fn render(
    number: &str,
    shop: &str,
    branding: &Branding,
    shipment: &ShipmentRow,
    events: &[TrackingEventRow],
    eta: Option<i64>,
) -> String {
    let mut body = String::new();
    if let Some(logo) = &branding.logo_url {
        body.push_str(&format!("<img class=\"logo\" src=\"{}\" alt=\"{}\">", escape(logo), escape(shop)));
    } else {
        body.push_str(&format!("<p class=\"shop\">{}</p>", escape(shop)));
    }
    body.push_str(&format!(
        "<h1>{}</h1><p class=\"number\">Tracking number <strong>{}</strong>{}</p>",
        status_text(shipment.status),
        escape(number),
        shipment.carrier.as_deref().map(|c| format!(" · {}", escape(c))).unwrap_or_default()
    ));
    if let Some(eta) = eta.filter(|_| shipment.status != ShipmentStatus::Delivered) {
        let date = Timestamp::from_unix(eta).date();
        body.push_str(&format!("<p class=\"eta\">Estimated delivery <strong>{}</strong></p>", escape(&date)));
    }
    if events.is_empty() {
        body.push_str("<p>The carrier has not reported any movement yet.</p>");
    } else {
        body.push_str("<ol class=\"timeline\">");
        for e in events {
            body.push_str(&format!(
                "<li class=\"{}\"><time>{}</time><span class=\"what\">{}</span>{}</li>",
                escape(e.status.as_str()),
                when(e.at_s),
                escape(&e.description),
                e.location
                    .as_deref()
                    .map(|l| format!("<span class=\"where\">{}</span>", escape(l)))
                    .unwrap_or_default()
            ));
        }
        body.push_str("</ol>");
    }
    if let Some(mail) = &branding.support_email {
        body.push_str(&format!("<p class=\"help\">Questions? <a href=\"mailto:{0}\">{0}</a></p>", escape(mail)));
    }
    layout(&format!("{} · {shop}", status_text(shipment.status)), branding, &body)
}

fn layout(title: &str, branding: &Branding, body: &str) -> String {
    let primary = branding.primary_color.as_deref().unwrap_or("#1f3a5f");
    let accent = branding.accent_color.as_deref().unwrap_or("#2f855a");
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <style>:root{{--primary:{primary};--accent:{accent}}}\
         body{{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1a1a1a}}\
         main{{max-width:40rem;margin:2rem auto;background:#fff;padding:2rem;border-radius:8px;\
         border-top:6px solid var(--primary)}}h1{{color:var(--primary);margin:.5rem 0}}\
         .logo{{max-height:3rem}}.shop{{font-weight:600}}.number,.eta{{color:#444}}\
         .timeline{{list-style:none;padding:0;border-left:3px solid var(--accent);margin-left:.5rem}}\
         .timeline li{{padding:.25rem 0 .75rem 1rem}}.timeline time{{display:block;font-size:.85rem;color:#666}}\
         .where{{display:block;font-size:.9rem;color:#444}}a{{color:var(--accent)}}</style></head>\
         <body><main>{body}</main></body></html>",
        title = escape(title),
        primary = escape(primary),
        accent = escape(accent),
    )
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_in_carrier_text_is_escaped() {
        assert_eq!(escape("<script>\"x\"&'y'</script>"), "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;");
    }
}
