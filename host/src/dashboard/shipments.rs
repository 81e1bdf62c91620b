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
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::Value;

use super::Dash;
use super::backend::{ApiFailure, failure_of, query, seg};
use super::layout::{self, Nav, address, badge, money, percent_bp, text};
use super::session::Session;
use crate::domain::ShipmentStatus;

/// `?status=&carrier=&country=&order=&after=` of the lists.
#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    status: Option<String>,
    carrier: Option<String>,
    country: Option<String>,
    order: Option<String>,
    after: Option<String>,
}

fn items(value: &Value) -> &[Value] {
    value["items"].as_array().map(Vec::as_slice).unwrap_or_default()
}

/// A "next page" link that keeps the filter, when the API says there is a next page.
fn next_link(base: &str, filter: &Filter, list: &Value) -> Markup {
    let Some(next) = list["next"].as_str() else { return html! {} };
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
    let list = match dash.api.get(&session.token, &path).await {
        Ok(l) => l,
        Err(f) => return failure(&session, Nav::Orders, &f),
    };
    let content = html! {
        @if items(&list).is_empty() {
            p.empty { "No orders yet. They arrive through the storefront's webhooks." }
        } @else {
            div.scroll {
                table {
                    thead { tr { th { "Order" } th { "Number" } th { "Status" } th { "Ship to" } th.num { "Lines" } th.num { "Total" } th { "Updated" } } }
                    tbody {
                        @for o in items(&list) {
                            @let id = text(&o["id"]);
                            @let order = &o["order"];
                            tr data-order=(id) {
                                td { a href={ "/shipments" (query([("order", Some(id.as_str()))])) } { (id) } }
                                td { (text(&order["number"])) }
                                td { (badge(o["status"].as_str().unwrap_or(""))) }
                                td { (text(&order["ship_to"]["city"])) ", " (text(&order["ship_to"]["country"])) }
                                td.num { (order["lines"].as_array().map_or(0, Vec::len)) }
                                td.num { (money(&order["total"])) }
                                td { (text(&o["updated_at"])) }
                            }
                        }
                    }
                }
            }
            (next_link("/orders", &filter, &list))
        }
    };
    layout::respond(StatusCode::OK, &session, layout::page(&session, Nav::Orders, "Orders", None, content))
}

// ---- shipments --------------------------------------------------------------------------------

fn filter_form(filter: &Filter) -> Markup {
    let status = filter.status.as_deref().unwrap_or("");
    html! {
        form.filters method="get" action="/shipments" {
            label { "Status "
                select name="status" {
                    option value="" selected[status.is_empty()] { "any" }
                    @for s in ShipmentStatus::ALL { option value=(s.as_str()) selected[status == s.as_str()] { (s.as_str()) } }
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
    let list = match dash.api.get(&session.token, &path).await {
        Ok(l) => l,
        Err(f) => return failure(&session, Nav::Shipments, &f),
    };
    let content = html! {
        (filter_form(&filter))
        @if items(&list).is_empty() {
            p.empty { "No shipments match." }
        } @else {
            div.scroll {
                table.shipments {
                    thead { tr { th { "Shipment" } th { "Order" } th { "To" } th { "Status" } th { "Carrier" } th { "Service" } th { "Tracking" } th.num { "Price" } th { "Updated" } } }
                    tbody {
                        @for s in items(&list) {
                            @let id = text(&s["id"]);
                            tr data-shipment=(id) data-order=(text(&s["order"])) {
                                td { a href={ "/shipments/" (seg(&id)) } { (id) } }
                                td.order { (text(&s["order"])) }
                                td { (text(&s["destination_country"])) }
                                td.status {
                                    (badge(s["status"].as_str().unwrap_or("")))
                                    @if let Some(reason) = s["hold_reason"].as_str() { small.reason { (reason) } }
                                }
                                td.carrier { (text(&s["carrier"])) }
                                td { (text(&s["service_code"])) }
                                td { (text(&s["tracking_number"])) }
                                td.num { (money(&s["price"])) }
                                td { (text(&s["updated_at"])) }
                            }
                        }
                    }
                }
            }
            (next_link("/shipments", &filter, &list))
        }
    };
    layout::respond(StatusCode::OK, &session, layout::page(&session, Nav::Shipments, "Shipments", None, content))
}

fn assessment(customs: &Value) -> Markup {
    let findings = customs["findings"].as_array().map(Vec::as_slice).unwrap_or_default();
    let documents: Vec<String> =
        customs["documents"].as_array().map(|d| d.iter().map(text).collect()).unwrap_or_default();
    html! {
        section.card.customs {
            h2 { "Customs assessment" }
            dl.facts {
                dt { "Duty" } dd.duty { (money(&customs["duty"])) }
                dt { "Import tax" } dd.tax { (money(&customs["tax"])) }
                dt { "Collected at" } dd { (text(&customs["collect"])) }
                dt { "De minimis applied" } dd { @if customs["de_minimis_applied"] == true { "yes" } @else { "no" } }
                dt { "Documents" } dd { @if documents.is_empty() { "none" } @else { (documents.join(", ")) } }
                dt { "Rules as of" } dd { (text(&customs["rules_as_of"])) }
            }
            div.scroll {
                table {
                    thead { tr { th { "SKU" } th { "HS code" } th.num { "Customs value" } th.num { "Duty rate" } th.num { "Duty" } th.num { "Tax rate" } th.num { "Tax" } } }
                    tbody {
                        @for l in customs["lines"].as_array().map(Vec::as_slice).unwrap_or_default() {
                            tr {
                                td { (text(&l["sku"])) }
                                td { (text(&l["hs_code"])) }
                                td.num { (money(&l["customs_value"])) }
                                td.num { (percent_bp(&l["duty_rate_bp"])) }
                                td.num { (money(&l["duty"])) }
                                td.num { (percent_bp(&l["tax_rate_bp"])) }
                                td.num { (money(&l["tax"])) }
                            }
                        }
                    }
                }
            }
            @if !findings.is_empty() {
                h3 { "Findings" }
                ul.findings {
                    @for f in findings {
                        li { (badge(f["severity"].as_str().unwrap_or(""))) " " code { (text(&f["code"])) }
                            @if let Some(sku) = f["sku"].as_str() { " (" (sku) ")" }
                            " " (text(&f["message"])) }
                    }
                }
            }
        }
    }
}

fn invoice(inv: &Value) -> Markup {
    html! {
        section.card.invoice {
            h2 { "Commercial invoice " small { (text(&inv["number"])) } }
            div.parties {
                div { h3 { "Seller" } p { (text(&inv["seller"]["name"])) } }
                div { h3 { "Ship from" } (address(&inv["ship_from"])) }
                div { h3 { "Ship to" } (address(&inv["ship_to"])) }
            }
            dl.facts {
                dt { "Date" } dd { (text(&inv["date"])) }
                dt { "Incoterm" } dd { (text(&inv["incoterm"])) }
                dt { "Currency" } dd { (text(&inv["currency"])) }
            }
            div.scroll {
                table {
                    thead { tr { th { "SKU" } th { "Description" } th { "HS code" } th { "Origin" } th.num { "Qty" } th.num { "Unit price" } th.num { "Total" } th.num { "Unit weight" } } }
                    tbody {
                        @for l in inv["lines"].as_array().map(Vec::as_slice).unwrap_or_default() {
                            tr {
                                td { (text(&l["sku"])) }
                                td { (text(&l["description"])) }
                                td { (text(&l["hs_code"])) }
                                td { (text(&l["origin_country"])) }
                                td.num { (text(&l["quantity"])) }
                                td.num { (money(&l["unit_price"])) }
                                td.num { (money(&l["total"])) }
                                td.num { (text(&l["unit_weight_g"])) " g" }
                            }
                        }
                    }
                    tfoot {
                        tr { th colspan="6" { "Goods" } td.num { (money(&inv["goods_total"])) } td {} }
                        tr { th colspan="6" { "Shipping" } td.num { (money(&inv["shipping"])) } td {} }
                        tr { th colspan="6" { "Duty" } td.num { (money(&inv["duty"])) } td {} }
                        tr { th colspan="6" { "Tax (collected at " (text(&inv["tax_collected_at"])) ")" } td.num { (money(&inv["tax"])) } td {} }
                        tr { th colspan="6" { "Gross weight" } td.num { (text(&inv["gross_weight_g"])) " g" } td {} }
                    }
                }
            }
        }
    }
}

/// `GET /shipments/{id}`.
pub async fn detail(State(dash): State<Arc<Dash>>, session: Session, Path(id): Path<String>) -> Response {
    let s = match dash.api.get(&session.token, &format!("/api/v1/shipments/{}", seg(&id))).await {
        Ok(s) => s,
        Err(f) => return failure(&session, Nav::Shipments, &f),
    };
    let label_href = format!("/shipments/{}/label", seg(&id));
    let order = text(&s["order"]);
    let content = html! {
        section.card {
            dl.facts {
                dt { "Order" } dd { a href={ "/shipments" (query([("order", Some(order.as_str()))])) } { (order) } }
                dt { "Status" } dd { (badge(s["status"].as_str().unwrap_or(""))) }
                @if let Some(reason) = s["hold_reason"].as_str() { dt { "Held because" } dd.reason { (reason) } }
                dt { "From warehouse" } dd { (text(&s["warehouse"])) }
                dt { "To" } dd { (text(&s["destination_country"])) }
                dt { "Carrier" } dd.carrier { (text(&s["carrier"])) }
                dt { "Service" } dd { (text(&s["service_code"])) }
                dt { "Tracking number" } dd {
                    @if let Some(link) = s["tracking_url"].as_str() {
                        a href=(link) { (text(&s["tracking_number"])) }
                    } @else { (text(&s["tracking_number"])) }
                }
                dt { "Price" } dd { (money(&s["price"])) }
                dt { "Created" } dd { (text(&s["created_at"])) }
                dt { "Updated" } dd { (text(&s["updated_at"])) }
            }
        }
        section.card.label {
            h2 { "Label" }
            @if s["label"].is_object() {
                p {
                    a href=(label_href) { "Open the label" }
                    " (" (text(&s["label"]["format"])) ", " (text(&s["label"]["size_bytes"])) " bytes)"
                }
                @if s["label"]["format"] == "png" { img src=(label_href) alt={ "Label of " (id) }; }
            } @else {
                p.empty { "No label yet." }
            }
        }
        @if s["customs"].is_object() { (assessment(&s["customs"])) } @else { section.card { h2 { "Customs assessment" } p.empty { "None yet." } } }
        @if s["invoice"].is_object() { (invoice(&s["invoice"])) }
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
