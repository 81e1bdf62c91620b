//! The home page: every plugin the merchant may bind (rows, grouped by kind) against every
//! market (columns), with a switch in each cell.
//!
//! A switch is a submit button in its own form, so it works without JavaScript: on a bound
//! plugin it enables or disables the binding (`POST …/enable` or `…/disable` of the API); on a
//! plugin not bound in that market it reads "Enable" and binds it, with its default
//! configuration, switched on. The API's rules apply as they are: switching on a second
//! customs plugin in a market, or one that does not cover the market's countries, comes back
//! as the API's message above the matrix.
//!
//! A binding the circuit breaker paused (`pipeline::breaker`) is marked in its cell and listed
//! above the matrix with since when, why and until when; this one read goes to the store
//! directly, scoped to the session's merchant.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use crossdock_types::PluginKind;
use maud::{Markup, html};

use super::Dash;
use super::backend::{ApiFailure, seg};
use super::layout::{self, Nav, Notice};
use super::session::{Posted, Session, redirect_with};
use crate::api::model::activity::{Plugin, PluginList};
use crate::api::model::bindings::Binding;
use crate::api::model::setup::{Market, MarketList};
use crate::store::BindingPause;

/// What one cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    On,
    Off,
    Unbound,
}

fn cell_of(market: &Market, plugin: &str) -> Cell {
    match market.bindings.iter().find(|b| b.plugin == plugin) {
        Some(b) if b.enabled => Cell::On,
        Some(_) => Cell::Off,
        None => Cell::Unbound,
    }
}

const KINDS: [(PluginKind, &str); 3] =
    [(PluginKind::Customs, "Customs"), (PluginKind::Carrier, "Carriers"), (PluginKind::Returns, "Returns policies")];

fn toggle(session: &Session, market: &str, plugin: &str, cell: Cell) -> Markup {
    let (next, label, checked, title) = match cell {
        Cell::On => ("off", "On", "true", format!("{plugin} is on in {market}: switch it off")),
        Cell::Off => ("on", "Off", "false", format!("{plugin} is off in {market}: switch it on")),
        Cell::Unbound => (
            "on",
            "Enable",
            "false",
            format!("{plugin} is not bound in {market}: bind it with its default configuration and switch it on"),
        ),
    };
    let class = if cell == Cell::Unbound { "switch unbound" } else { "switch" };
    html! {
        form.cell method="post" action={ "/markets/" (seg(market)) "/bindings/" (seg(plugin)) } {
            (layout::csrf(session))
            input type="hidden" name="state" value=(next);
            button type="submit" class=(class) role="switch" aria-checked=(checked) title=(title)
                aria-label=(title) data-market=(market) data-plugin=(plugin) disabled[!session.can_write()] {
                span.knob {} span.label { (label) }
            }
        }
    }
}

fn paused_list(pauses: &[BindingPause]) -> Markup {
    html! {
        @if !pauses.is_empty() {
            section.card.paused {
                h2 { "Paused by the circuit breaker" }
                ul {
                    @for p in pauses {
                        li data-market=(p.market) data-plugin=(p.plugin_name) { (crate::pipeline::breaker::describe(p)) }
                    }
                }
            }
        }
    }
}

fn matrix(session: &Session, plugins: &[Plugin], markets: &[Market], pauses: &[BindingPause]) -> Markup {
    html! {
        (paused_list(pauses))
        @if markets.is_empty() {
            p.empty { "No markets yet. Create one with " code { "crossdock market create" } " or in the setup file." }
        } @else if plugins.is_empty() {
            p.empty { "No plugins are installed." }
        } @else {
            @if !session.can_write() {
                p.hint { "This token has the read scope: switches are shown, not changeable." }
            }
            div.scroll {
                table.matrix {
                    thead {
                        tr {
                            th scope="col" { "Plugin" }
                            @for m in markets {
                                th scope="col" data-market=(m.name) {
                                    (m.name)
                                    small { (m.countries.len()) " countries · " (m.choose.as_str()) }
                                }
                            }
                        }
                    }
                    @for (kind, heading) in KINDS {
                        @let rows: Vec<&Plugin> = plugins.iter().filter(|p| p.kind == kind).collect();
                        @if !rows.is_empty() {
                            tbody {
                                tr.kind { th colspan=(markets.len() + 1) scope="rowgroup" { (heading) } }
                                @for p in rows {
                                    @let name = &p.name;
                                    tr data-plugin=(name) {
                                        th scope="row" {
                                            a href={ "/plugins/" (seg(name)) } { (name) }
                                            small { " " (p.version) }
                                            @if !p.first_party { small.tag { "uploaded" } }
                                        }
                                        @for m in markets {
                                            @let pause = pauses.iter().find(|p| p.market == m.name && &p.plugin_name == name);
                                            td {
                                                (toggle(session, &m.name, name, cell_of(m, name)))
                                                @if let Some(p) = pause {
                                                    small.tag.paused title=(crate::pipeline::breaker::describe(p)) { "paused" }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The matrix, with `notice` (an error of the previous action) above it.
async fn render(dash: &Dash, session: &Session, notice: Option<Notice>, status: StatusCode) -> Response {
    let token = &session.token;
    let (plugins, markets) = match tokio::try_join!(
        dash.api.get_as::<PluginList>(token, "/api/v1/plugins"),
        dash.api.get_as::<MarketList>(token, "/api/v1/markets")
    ) {
        Ok(both) => both,
        Err(failure) => return layout::failure_page(session, Nav::Plugins, &failure),
    };
    let mut plugins = plugins.items;
    plugins.sort_by(|a, b| a.name.cmp(&b.name));
    let markets = markets.items;
    let pauses = dash.app.store.binding_pauses(&session.merchant_id, dash.app.clock.now_ms()).await;
    let pauses = pauses.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "cannot read paused bindings");
        Vec::new()
    });
    let content = matrix(session, &plugins, &markets, &pauses);
    layout::respond(status, session, layout::page(session, Nav::Plugins, "Plugins by market", notice.as_ref(), content))
}

/// `GET /`.
pub async fn page(State(dash): State<Arc<Dash>>, session: Session) -> Response {
    render(&dash, &session, None, StatusCode::OK).await
}

/// Flips one switch through the API; the message to show.
async fn flip(dash: &Dash, posted: &Posted, market: &str, plugin: &str) -> Result<Notice, ApiFailure> {
    let on = match posted.field("state") {
        Some("on") => true,
        Some("off") => false,
        other => {
            return Err(ApiFailure {
                status: StatusCode::BAD_REQUEST,
                code: "bad_request".into(),
                message: format!("state must be on or off, not {:?}", other.unwrap_or("")),
            });
        }
    };
    let action = if on { "enable" } else { "disable" };
    let path = format!("/api/v1/markets/{}/bindings/{}/{action}", seg(market), seg(plugin));
    let binding: Binding = dash.api.send_as(&posted.session.token, Method::POST, &path, None).await?;
    let state = if binding.enabled { "on" } else { "off" };
    Ok(Notice::ok(format!("{} is now {state} in {}.", binding.plugin, binding.market)))
}

/// `POST /markets/{market}/bindings/{plugin}` with `state=on|off`.
pub async fn switch(
    State(dash): State<Arc<Dash>>,
    Path((market, plugin)): Path<(String, String)>,
    posted: Posted,
) -> Response {
    match flip(&dash, &posted, &market, &plugin).await {
        Ok(notice) => redirect_with("/", notice),
        Err(failure) => render(&dash, &posted.session, Some(Notice::failure(&failure)), failure.status).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paused_binding_is_listed_with_since_why_and_until() {
        let pause = BindingPause {
            merchant_id: "acme".into(),
            market: "EU".into(),
            plugin_name: "carrier-slow".into(),
            failures: 5,
            last_error: Some("carrier-slow@1.0.0 hit its deadline".into()),
            paused_at_ms: 1_800_000_000_000,
            paused_until_ms: 1_800_000_600_000,
        };
        let html = paused_list(&[pause]).into_string();
        for expected in
            ["Paused by the circuit breaker", "carrier-slow", "EU", "5 failures in a row", "deadline", "resumes at"]
        {
            assert!(html.contains(expected), "{expected} in {html}");
        }
        assert!(paused_list(&[]).into_string().is_empty(), "nothing when nothing is paused");
    }
}
