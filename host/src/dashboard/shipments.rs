//! What the pipeline made of the merchant's orders: the orders, the shipments (filtered by
//! status, carrier, country or order, a page at a time), and one shipment with its customs
//! assessment, commercial invoice and label.
//!
//! The label link of the API (`/api/v1/shipments/{id}/label`) needs a bearer token that a
//! browser link cannot carry, so `GET /shipments/{id}/label` fetches it through the API with
//! the session's token and passes it on; another merchant's shipment answers 404 there as it
//! does in the API.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use crossdock_types::{Assessment, LabelFormat};
use maud::{Markup, html};
use serde::Deserialize;

use super::Dash;
use super::backend::{ApiFailure, failure_of, query, seg};
use super::layout::{self, Nav, address, badge, opt, percent_bp, word};
use super::session::Session;
use crate::api::model::activity as model;
use crate::domain::ShipmentStatus;
use crate::pipeline::invoice::CommercialInvoice;

/// `?status=&carrier=&country=&order=&after=` of the lists.
#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    status: Option<String>,
    carrier: Option<String>,
    country: Option<String>,
    order: Option<String>,
    after: Option<String>,
}

/// A "next page" link that keeps the filter, when the API says there is a next page.
fn next_link(base: &str, filter: &Filter, next: Option<&str>) -> Markup {
    let Some(next) = next else { return html! {} };
    let href = format!(
        "{base}{}",
        query([
            ("status", filter.status.as_deref()),
            ("carrier", filter.carrier.as_deref()),
            ("country", filter.country.as_deref()),
            ("order", filter.order.as_deref()),
            ("after", Some(next)),
        ])
    );
    html! { p.pager { a href=(href) rel="next" { "Next page →" } } }
}

fn failure(session: &Session, nav: Nav, failure: &ApiFailure) -> Response {
    layout::failure_page(session, nav, failure)
}

// ---- orders -----------------------------------------------------------------------------------

/// `GET /orders`.
pub async fn orders(State(dash): State<Arc<Dash>>, session: Session, Query(filter): Query<Filter>) -> Response {
    let path =
        format!("/api/v1/orders{}", query([("status", filter.status.as_deref()), ("after", filter.after.as_deref())]));
    let list: model::OrderList = match dash.api.get_as(&session.token, &path).await {
        Ok(l) => l,
        Err(f) => return failure(&session, Nav::Orders, &f),
    };
    let content = html! {
        @if list.items.is_empty() {
            p.empty { "No orders yet. They arrive through the storefront's webhooks." }
        } @else {
            div.scroll {
                table {
                    thead { tr { th { "Order" } th { "Number" } th { "Status" } th { "Ship to" } th.num { "Lines" } th.num { "Total" } th { "Updated" } } }
                    tbody {
                        @for o in &list.items {
                            @let order = &o.order;
                            tr data-order=(o.id) {
                                td { a href={ "/shipments" (query([("order", Some(o.id.as_str()))])) } { (o.id) } }
                                td { (opt(order.number.as_deref())) }
                                td { (badge(&o.status)) }
                                td { (opt(order.ship_to.city.as_deref())) ", " (order.ship_to.country) }
                                td.num { (order.lines.len()) }
                                td.num { (order.total) }
                                td { (o.updated_at) }
                            }
                        }
                    }
                }
            }
            (next_link("/orders", &filter, list.next.as_deref()))
        }
    };
    layout::respond(StatusCode::OK, &session, layout::page(&session, Nav::Orders, "Orders", None, content))
}

// ---- shipments --------------------------------------------------------------------------------

fn filter_form(filter: &Filter) -> Markup {
    // An unknown word selects nothing here; the API's refusal of it is what the page shows.
    let chosen: Option<ShipmentStatus> = filter.status.as_deref().and_then(|s| s.parse().ok());
    html! {
        form.filters method="get" action="/shipments" {
            label { "Status "
                select name="status" {
                    option value="" selected[chosen.is_none()] { "any" }
                    @for s in ShipmentStatus::ALL { option value=(s.as_str()) selected[chosen == Some(*s)] { (s.as_str()) } }
                }
            }
            label { "Carrier " input type="text" name="carrier" value=[filter.carrier.as_deref()] size="18"; }
            label { "Country " input type="text" name="country" value=[filter.country.as_deref()] size="3" maxlength="2"; }
            label { "Order " input type="text" name="order" value=[filter.order.as_deref()] size="12"; }
            button type="submit" { "Filter" }
        }
    }
}

/// `GET /shipments`.
pub async fn list(State(dash): State<Arc<Dash>>, session: Session, Query(filter): Query<Filter>) -> Response {
    let path = format!(
        "/api/v1/shipments{}",
        query([
            ("status", filter.status.as_deref()),
            ("carrier", filter.carrier.as_deref()),
            ("country", filter.country.as_deref().map(str::trim)),
            ("order", filter.order.as_deref()),
            ("after", filter.after.as_deref()),
        ])
    );
    let list: model::ShipmentList = match dash.api.get_as(&session.token, &path).await {
        Ok(l) => l,
        Err(f) => return failure(&session, Nav::Shipments, &f),
    };
    let content = html! {
        (filter_form(&filter))
        @if list.items.is_empty() {
            p.empty { "No shipments match." }
        } @else {
            div.scroll {
                table.shipments {
                    thead { tr { th { "Shipment" } th { "Order" } th { "To" } th { "Status" } th { "Carrier" } th { "Service" } th { "Tracking" } th.num { "Price" } th { "Updated" } } }
                    tbody {
                        @for s in &list.items {
                            tr data-shipment=(s.id) data-order=(s.order) {
                                td { a href={ "/shipments/" (seg(&s.id)) } { (s.id) } }
                                td.order { (s.order) }
                                td { (s.destination_country) }
                                td.status {
                                    (badge(&s.status))
                                    @if let Some(reason) = &s.hold_reason { small.reason { (reason) } }
                                }
                                td.carrier { (opt(s.carrier.as_deref())) }
                                td { (opt(s.service_code.as_deref())) }
                                td { (opt(s.tracking_number.as_deref())) }
                                td.num { (opt(s.price)) }
                                td { (s.updated_at) }
                            }
                        }
                    }
                }
            }
            (next_link("/shipments", &filter, list.next.as_deref()))
        }
    };
    layout::respond(StatusCode::OK, &session, layout::page(&session, Nav::Shipments, "Shipments", None, content))
}

fn assessment(customs: &Assessment) -> Markup {
    let documents: Vec<String> = customs.documents.iter().map(word).collect();
    html! {
        section.card.customs {
            h2 { "Customs assessment" }
            dl.facts {
                dt { "Duty" } dd.duty { (customs.duty) }
                dt { "Import tax" } dd.tax { (customs.tax) }
                dt { "Collected at" } dd { (word(&customs.collect)) }
                dt { "De minimis applied" } dd { @if customs.de_minimis_applied { "yes" } @else { "no" } }
                dt { "Documents" } dd { @if documents.is_empty() { "none" } @else { (documents.join(", ")) } }
                dt { "Rules as of" } dd { (customs.rules_as_of) }
            }
            div.scroll {
                table {
                    thead { tr { th { "SKU" } th { "HS code" } th.num { "Customs value" } th.num { "Duty rate" } th.num { "Duty" } th.num { "Tax rate" } th.num { "Tax" } } }
                    tbody {
                        @for l in &customs.lines {
                            tr {
                                td { (l.sku) }
                                td { (opt(l.hs_code.as_ref())) }
                                td.num { (l.customs_value) }
                                td.num { (percent_bp(l.duty_rate_bp)) }
                                td.num { (l.duty) }
                                td.num { (percent_bp(l.tax_rate_bp)) }
                                td.num { (l.tax) }
                            }
                        }
                    }
                }
            }
            @if !customs.findings.is_empty() {
                h3 { "Findings" }
                ul.findings {
                    @for f in &customs.findings {
                        li { (badge(&f.severity)) " " code { (f.code) }
                            @if let Some(sku) = &f.sku { " (" (sku) ")" }
                            " " (f.message) }
                    }
                }
            }
        }
    }
}

fn invoice(inv: &CommercialInvoice) -> Markup {
    html! {
        section.card.invoice {
            h2 { "Commercial invoice " small { (inv.number) } }
            div.parties {
                div { h3 { "Seller" } p { (inv.seller.name) } }
                div { h3 { "Ship from" } (address(&inv.ship_from)) }
                div { h3 { "Ship to" } (address(&inv.ship_to)) }
            }
            dl.facts {
                dt { "Date" } dd { (inv.date) }
                dt { "Incoterm" } dd { (word(&inv.incoterm)) }
                dt { "Currency" } dd { (inv.currency) }
            }
            div.scroll {
                table {
                    thead { tr { th { "SKU" } th { "Description" } th { "HS code" } th { "Origin" } th.num { "Qty" } th.num { "Unit price" } th.num { "Total" } th.num { "Unit weight" } } }
                    tbody {
                        @for l in &inv.lines {
                            tr {
                                td { (l.sku) }
                                td { (l.description) }
                                td { (opt(l.hs_code.as_deref())) }
                                td { (opt(l.origin_country)) }
                                td.num { (l.quantity) }
                                td.num { (l.unit_price) }
                                td.num { (opt(l.total)) }
                                td.num { (l.unit_weight_g) " g" }
                            }
                        }
                    }
                    tfoot {
                        tr { th colspan="6" { "Goods" } td.num { (opt(inv.goods_total)) } td {} }
                        tr { th colspan="6" { "Shipping" } td.num { (inv.shipping) } td {} }
                        tr { th colspan="6" { "Duty" } td.num { (inv.duty) } td {} }
                        tr { th colspan="6" { "Tax (collected at " (word(&inv.tax_collected_at)) ")" } td.num { (inv.tax) } td {} }
                        tr { th colspan="6" { "Gross weight" } td.num { (inv.gross_weight_g) " g" } td {} }
                    }
                }
            }
        }
    }
}

/// `GET /shipments/{id}`.
pub async fn detail(State(dash): State<Arc<Dash>>, session: Session, Path(id): Path<String>) -> Response {
    let s: model::Shipment = match dash.api.get_as(&session.token, &format!("/api/v1/shipments/{}", seg(&id))).await {
        Ok(s) => s,
        Err(f) => return failure(&session, Nav::Shipments, &f),
    };
    let label_href = format!("/shipments/{}/label", seg(&id));
    let content = html! {
        section.card {
            dl.facts {
                dt { "Order" } dd { a href={ "/shipments" (query([("order", Some(s.order.as_str()))])) } { (s.order) } }
                dt { "Status" } dd { (badge(&s.status)) }
                @if let Some(reason) = &s.hold_reason { dt { "Held because" } dd.reason { (reason) } }
                dt { "From warehouse" } dd { (s.warehouse) }
                dt { "To" } dd { (s.destination_country) }
                dt { "Carrier" } dd.carrier { (opt(s.carrier.as_deref())) }
                dt { "Service" } dd { (opt(s.service_code.as_deref())) }
                dt { "Tracking number" } dd {
                    @if let Some(link) = &s.tracking_url {
                        a href=(link) { (opt(s.tracking_number.as_deref())) }
                    } @else { (opt(s.tracking_number.as_deref())) }
                }
                dt { "Price" } dd { (opt(s.price)) }
                dt { "Created" } dd { (s.created_at) }
                dt { "Updated" } dd { (s.updated_at) }
            }
        }
        section.card.label {
            h2 { "Label" }
            @if let Some(label) = &s.label {
                p {
                    a href=(label_href) { "Open the label" }
                    " (" (word(&label.format)) ", " (label.size_bytes) " bytes)"
                }
                @if label.format == LabelFormat::Png { img src=(label_href) alt={ "Label of " (id) }; }
            } @else {
                p.empty { "No label yet." }
            }
        }
        @if let Some(customs) = &s.customs { (assessment(customs)) } @else { section.card { h2 { "Customs assessment" } p.empty { "None yet." } } }
        @if let Some(inv) = &s.invoice { (invoice(inv)) }
    };
    let title = format!("Shipment {id}");
    layout::respond(StatusCode::OK, &session, layout::page(&session, Nav::Shipments, &title, None, content))
}

/// `GET /shipments/{id}/label`: the label through the API, for the signed-in merchant.
pub async fn label(State(dash): State<Arc<Dash>>, session: Session, Path(id): Path<String>) -> Response {
    let path = format!("/api/v1/shipments/{}/label", seg(&id));
    let mut answer = dash.api.raw(&session.token, Method::GET, &path, None).await;
    if answer.status().is_success() {
        answer.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        answer.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        return answer;
    }
    failure(&session, Nav::Shipments, &failure_of(&path, answer).await)
}
