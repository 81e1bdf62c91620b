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
use axum::response::{IntoResponse, Response};
use crossdock_types::Timestamp;
use maud::{DOCTYPE, Markup, html};
use serde_json::json;

use crate::app::AppState;
use crate::config::Branding;
use crate::domain::ShipmentStatus;
use crate::store::{ShipmentRow, TrackingEventRow};

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
        (status, layout(title, &Branding::default(), html! { p { (message) } })).into_response()
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
        _ => plain(json, StatusCode::CONFLICT, "ambiguous", "Use the full tracking link", &ambiguous(&number)),
    }
}

fn ambiguous(number: &str) -> String {
    format!(
        "more than one shop has a shipment with the tracking number {number}; open the tracking link \
         from your shipping email (it names the shop), or ask the shop for it"
    )
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
    render(number, &shop, &branding, &shipment, &events, eta).into_response()
}

fn render(
    number: &str,
    shop: &str,
    branding: &Branding,
    shipment: &ShipmentRow,
    events: &[TrackingEventRow],
    eta: Option<i64>,
) -> Markup {
    let status = status_text(shipment.status);
    let eta = eta.filter(|_| shipment.status != ShipmentStatus::Delivered).map(|eta| Timestamp::from_unix(eta).date());
    let body = html! {
        @if let Some(logo) = &branding.logo_url {
            img.logo src=(logo) alt=(shop);
        } @else {
            p.shop { (shop) }
        }
        h1 { (status) }
        p.number {
            "Tracking number " strong { (number) }
            @if let Some(carrier) = &shipment.carrier { " · " (carrier) }
        }
        @if let Some(date) = eta {
            p.eta { "Estimated delivery " strong { (date) } }
        }
        @if events.is_empty() {
            p { "The carrier has not reported any movement yet." }
        } @else {
            ol.timeline {
                @for e in events {
                    li class=(e.status.as_str()) {
                        time { (when(e.at_s)) }
                        span.what { (e.description) }
                        @if let Some(place) = &e.location { span.where { (place) } }
                    }
                }
            }
        }
        @if let Some(mail) = &branding.support_email {
            p.help { "Questions? " a href={ "mailto:" (mail) } { (mail) } }
        }
    };
    layout(&format!("{status} · {shop}"), branding, body)
}

/// The page around `body`, in the merchant's colours. The colours were validated as `#rgb` or
/// `#rrggbb` when the branding was stored (and invalid branding is replaced by the default), and
/// are escaped all the same, so nothing in them can close the style element.
fn layout(title: &str, branding: &Branding, body: Markup) -> Markup {
    let primary = branding.primary_color.as_deref().unwrap_or("#1f3a5f");
    let accent = branding.accent_color.as_deref().unwrap_or("#2f855a");
    let css = format!(
        ":root{{--primary:{primary};--accent:{accent}}}\
         body{{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1a1a1a}}\
         main{{max-width:40rem;margin:2rem auto;background:#fff;padding:2rem;border-radius:8px;\
         border-top:6px solid var(--primary)}}h1{{color:var(--primary);margin:.5rem 0}}\
         .logo{{max-height:3rem}}.shop{{font-weight:600}}.number,.eta{{color:#444}}\
         .timeline{{list-style:none;padding:0;border-left:3px solid var(--accent);margin-left:.5rem}}\
         .timeline li{{padding:.25rem 0 .75rem 1rem}}.timeline time{{display:block;font-size:.85rem;color:#666}}\
         .where{{display:block;font-size:.9rem;color:#444}}a{{color:var(--accent)}}"
    );
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (css) }
            }
            body { main { (body) } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipment(status: &str) -> ShipmentRow {
        ShipmentRow {
            id: "m:1:w".into(),
            merchant_id: "m".into(),
            order_external_id: "1".into(),
            warehouse_id: "w".into(),
            destination_country: "SE".parse().expect("SE"),
            status: status.parse().expect("a shipment status"),
            hold_reason: None,
            carrier: Some("<b>dhl</b>".into()),
            service_code: None,
            tracking_number: Some("TRK".into()),
            label_format: None,
            label: None,
            price: None,
            customs_json: None,
            invoice_json: None,
            created_at_ms: 0,
            updated_at_ms: 0,
        }
    }

    fn event(description: &str, location: Option<&str>) -> TrackingEventRow {
        TrackingEventRow {
            at_s: 1_795_000_000,
            status: ShipmentStatus::InTransit,
            location: location.map(Into::into),
            description: description.into(),
            raw_code: "PU".into(),
        }
    }

    #[test]
    fn markup_in_carrier_text_is_escaped() {
        let events = [event("<script>\"x\"&'y'</script>", Some("<i>Malmö</i>"))];
        let page =
            render("T<1>", "Acme & Co", &Branding::default(), &shipment("in_transit"), &events, None).into_string();
        assert!(page.contains("&lt;script&gt;&quot;x&quot;&amp;'y'&lt;/script&gt;"), "{page}");
        assert!(page.contains("&lt;i&gt;Malmö&lt;/i&gt;") && page.contains("&lt;b&gt;dhl&lt;/b&gt;"), "{page}");
        assert!(page.contains("T&lt;1&gt;") && page.contains("Acme &amp; Co"), "{page}");
        assert!(page.contains(r#"<li class="in_transit">"#), "{page}");
        assert!(!page.contains("<script>") && !page.contains("<i>") && !page.contains("<b>"), "{page}");
    }

    #[test]
    fn the_ambiguous_link_message_reads_as_one_sentence() {
        let message = ambiguous("TRK");
        assert!(message.contains("open the tracking link from your shipping email"), "{message}");
        assert!(!message.contains("  "), "no run of spaces: {message}");
    }

    #[test]
    fn the_page_shows_status_eta_timeline_and_branding() {
        let branding = Branding {
            logo_url: Some("https://cdn.acme.test/logo.png?a=1&b=2".into()),
            primary_color: Some("#0a7f5a".into()),
            accent_color: None,
            support_email: Some("help@acme.test".into()),
        };
        let events = [event("Departed", Some("Leipzig")), event("Arrived", None)];
        let page =
            render("TRK", "Acme", &branding, &shipment("in_transit"), &events, Some(1_795_500_000)).into_string();
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\">"), "{page}");
        assert!(page.contains("<title>In transit · Acme</title>") && page.contains("<h1>In transit</h1>"), "{page}");
        assert!(page.contains(r#"<img class="logo" src="https://cdn.acme.test/logo.png?a=1&amp;b=2" alt="Acme">"#));
        assert!(page.contains("--primary:#0a7f5a;--accent:#2f855a"), "{page}");
        assert!(page.contains("Estimated delivery <strong>2026-11-24</strong>"), "{page}");
        assert!(page.contains(r#"<span class="where">Leipzig</span>"#) && page.matches("<li ").count() == 2);
        assert!(page.contains("<time>2026-11-18 11:06 UTC</time>"), "{page}");
        assert!(page.contains(r#"<a href="mailto:help@acme.test">help@acme.test</a>"#), "{page}");
        let delivered = render("TRK", "Acme", &branding, &shipment("delivered"), &[], Some(1)).into_string();
        assert!(!delivered.contains("Estimated delivery") && delivered.contains("not reported any movement"));
        let plain = render("TRK", "Acme", &Branding::default(), &shipment("labelled"), &[], None).into_string();
        assert!(plain.contains(r#"<p class="shop">Acme</p>"#) && !plain.contains("mailto:"), "{plain}");
    }
}
