//! A plugin's page: what it is (metadata, versions), its configuration in each market as a
//! form built from its JSON Schema ([`super::form`]), and its recent runs.
//!
//! Saving a form is `PUT /api/v1/markets/{market}/bindings/{plugin}` with the configuration
//! (and, for carriers, the HTTP allow-list and secrets): the API validates it against the
//! schema and audits it. A refusal shows the form again as it was posted, with the API's
//! message above it and next to each field the message names.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use crossdock_types::PluginKind;
use maud::{Markup, html};
use serde_json::{Map, Value};

use super::Dash;
use super::backend::{ApiFailure, query, seg};
use super::form::{self, Field, Values, Widget};
use super::layout::{self, Nav, Notice, Switch};
use super::session::{Posted, Session, redirect_with};
use crate::api::model::activity as model;
use crate::api::model::bindings::{Binding, BindingList, BindingPatch};
use crate::api::model::setup::{Market, MarketList};
use crate::store::secrets::Redacted;

/// A form that was posted and refused, shown again.
struct Edit {
    market: String,
    values: Values,
    allow_hosts: String,
    notice: Notice,
    /// Fields the message names.
    invalid: Vec<String>,
}

/// What the page shows, read through the API.
struct Loaded {
    plugin: model::PluginDetail,
    markets: Vec<Market>,
    bindings: Vec<Binding>,
    runs: Vec<model::PluginRun>,
}

async fn load(dash: &Dash, session: &Session, name: &str) -> Result<Loaded, ApiFailure> {
    let token = &session.token;
    let plugin_path = format!("/api/v1/plugins/{}", seg(name));
    let bindings_path = format!("/api/v1/bindings{}", query([("plugin", Some(name))]));
    let runs_path = format!("/api/v1/plugin-runs{}", query([("plugin", Some(name)), ("limit", Some("20"))]));
    let (plugin, markets, bindings, runs) = tokio::try_join!(
        dash.api.get_as::<model::PluginDetail>(token, &plugin_path),
        dash.api.get_as::<MarketList>(token, "/api/v1/markets"),
        dash.api.get_as::<BindingList>(token, &bindings_path),
        dash.api.get_as::<model::PluginRunList>(token, &runs_path),
    )?;
    Ok(Loaded { markets: markets.items, bindings: bindings.items, runs: runs.items, plugin })
}

/// An element id from parts that may hold any character.
fn dom_id(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect::<String>())
        .collect::<Vec<_>>()
        .join("--")
}

fn metadata(plugin: &model::PluginDetail) -> Markup {
    html! {
        section.card {
            p.lede { (layout::opt(Some(&plugin.description))) }
            dl.facts {
                dt { "Kind" } dd { (plugin.kind) }
                dt { "Version" } dd { (plugin.version) }
                dt { "Contract" } dd { (plugin.contract_version) }
                dt { "Published by" } dd { @if plugin.first_party { "crossdock (first party)" } @else { "this merchant (uploaded)" } }
                dt { "Size" } dd { (plugin.size_bytes) " bytes" }
                dt { "SHA-256" } dd { code.digest { (plugin.sha256) } }
                @if !plugin.covers.is_empty() {
                    dt { "Covers" } dd { (plugin.covers.join(", ")) }
                }
            }
            @if plugin.versions.len() > 1 {
                details {
                    summary { (plugin.versions.len()) " versions installed" }
                    ul { @for v in &plugin.versions { li { (v.version) " · " (v.installed_at) } } }
                }
            }
        }
    }
}

/// The plugin's configuration schema, or null when it has none.
fn config_schema(plugin: &model::PluginDetail) -> &Value {
    plugin.config_schema.as_ref().unwrap_or(&Value::Null)
}

fn field_input(field: &Field, id: &str, values: &Values) -> Markup {
    let name = form::input_name(&field.name);
    let current = values.get(&field.name);
    let default_text = field.default.as_ref().map(|d| match d {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    });
    html! {
        @match &field.widget {
            Widget::Checkbox => {
                input type="checkbox" id=(id) name=(name) checked[current == "on"];
            }
            Widget::Number { integer, min, max } => {
                input type="number" id=(id) name=(name) value=(current) step=(if *integer { "1" } else { "any" })
                    min=[min.as_ref().map(Value::to_string)] max=[max.as_ref().map(Value::to_string)]
                    placeholder=[default_text.as_deref()];
            }
            Widget::Text | Widget::List => {
                input type="text" id=(id) name=(name) value=(current) placeholder=[default_text.as_deref()] spellcheck="false";
            }
            Widget::Select(choices) => {
                select id=(id) name=(name) {
                    option value="" selected[current.is_empty()] {
                        "(default" @if let Some(d) = &default_text { ": " (d) } ")"
                    }
                    @for choice in choices {
                        @let value = choice.to_string();
                        option value=(value) selected[current == value] { (layout::text(choice)) }
                    }
                }
            }
            Widget::Json => {
                textarea id=(id) name=(name) rows=(current.lines().count().clamp(3, 16) + 1) spellcheck="false"
                    placeholder=[default_text.as_deref()] { (current) }
            }
        }
    }
}

fn config_form(
    session: &Session,
    plugin: &model::PluginDetail,
    market: &str,
    binding: Option<&Binding>,
    edit: Option<&Edit>,
) -> Markup {
    let name = &plugin.name;
    let fields = form::fields(config_schema(plugin));
    let values = match edit {
        Some(e) => e.values.clone(),
        None => Values::from_config(fields.as_deref(), binding.map_or(&Value::Object(Map::new()), |b| &b.config)),
    };
    let invalid: &[String] = edit.map_or(&[], |e| e.invalid.as_slice());
    let is_carrier = plugin.kind == PluginKind::Carrier;
    let allow_hosts = match edit {
        Some(e) => e.allow_hosts.clone(),
        None => binding.map(|b| b.allow_hosts.join(", ")).unwrap_or_default(),
    };
    let secrets: &[String] = binding.map_or(&[], |b| b.secrets.as_slice());
    let switch = binding.map(|b| if b.enabled { Switch::On } else { Switch::Off });
    html! {
        section.card.binding id=(dom_id(&["market", market])) data-market=(market) {
            h3 { (market) " " @if let Some(switch) = &switch { (layout::badge(switch)) } @else { small { "not bound: saving binds it, switched off" } } }
            @if let Some(e) = edit { (layout::notice(Some(&e.notice))) }
            form.config method="post" action={ "/plugins/" (seg(name)) "/markets/" (seg(market)) } {
                (layout::csrf(session))
                @if let Some(fields) = &fields {
                    @for field in fields {
                        @let id = dom_id(&[market, &field.name]);
                        @let bad = invalid.contains(&field.name);
                        div class={ "field" @if bad { " invalid" } @if field.widget == Widget::Checkbox { " check" } } {
                            label for=(id) { code { (field.name) } }
                            (field_input(field, &id, &values))
                            @if let Some(d) = &field.description { small.description { (d) } }
                            @if bad { @if let Some(e) = edit { p.field-error role="alert" { (e.notice.text) } } }
                        }
                    }
                }
                @if fields.is_none() || !values.other.is_empty() {
                    @let id = dom_id(&[market, form::OTHER]);
                    div.field {
                        label for=(id) { @if fields.is_none() { "Configuration (JSON)" } @else { "Other settings (JSON)" } }
                        textarea id=(id) name=(form::OTHER) rows=(values.other.lines().count().clamp(5, 24) + 1) spellcheck="false" { (values.other) }
                    }
                }
                @if is_carrier {
                    @let id = dom_id(&[market, "allow_hosts"]);
                    div.field {
                        label for=(id) { "HTTP allow-list" }
                        input type="text" id=(id) name="allow_hosts" value=(allow_hosts) placeholder="api.carrier.example, host:port" spellcheck="false";
                        small.description { "Hosts this carrier may call, comma-separated. Empty: none." }
                    }
                    fieldset.secrets {
                        legend { "Secrets" }
                        @if secrets.is_empty() { p.hint { "None set." } }
                        @for s in secrets {
                            label.check { input type="checkbox" name="secret_remove" value=(s); " remove " code { (s) } }
                        }
                        div.pair {
                            input type="text" name="secret_name" placeholder="name, e.g. api_key" aria-label="secret name" autocomplete="off";
                            input type="password" name="secret_value" placeholder="value (write-only)" aria-label="secret value" autocomplete="off";
                        }
                    }
                }
                p.hint { "An empty field takes the plugin's default." }
                button type="submit" disabled[!session.can_write()] { "Save for " (market) }
            }
        }
    }
}

fn runs(runs: &[model::PluginRun]) -> Markup {
    html! {
        @if runs.is_empty() {
            p.empty { "No runs yet." }
        } @else {
            div.scroll {
                table {
                    thead { tr { th { "When" } th { "Function" } th { "Outcome" } th { "Shipment" } th.num { "Time" } th.num { "Fuel" } th.num { "Memory peak" } th { "Error" } } }
                    tbody {
                        @for r in runs {
                            tr {
                                td { (r.at) }
                                td { code { (r.function) } }
                                td { (layout::badge(&r.outcome)) }
                                td { (layout::opt(r.subject.as_deref())) }
                                td.num { (format!("{:.1} ms", r.wall_us as f64 / 1000.0)) }
                                td.num { (layout::opt(r.fuel)) }
                                td.num { (layout::opt(r.memory_peak_bytes)) }
                                td { (layout::opt(r.error.as_deref())) }
                            }
                        }
                    }
                }
            }
        }
    }
}

async fn render(dash: &Dash, session: &Session, name: &str, edit: Option<Edit>, status: StatusCode) -> Response {
    let loaded = match load(dash, session, name).await {
        Ok(l) => l,
        Err(failure) => return layout::failure_page(session, Nav::Plugins, &failure),
    };
    let binding_in = |market: &str| loaded.bindings.iter().find(|b| b.market == market);
    let content = html! {
        (metadata(&loaded.plugin))
        h2 { "Configuration by market" }
        @if loaded.markets.is_empty() { p.empty { "No markets yet." } }
        @for m in &loaded.markets {
            @let market = m.name.as_str();
            @let this_edit = edit.as_ref().filter(|e| e.market == market);
            (config_form(session, &loaded.plugin, market, binding_in(market), this_edit))
        }
        h2 { "Recent runs" }
        (runs(&loaded.runs))
    };
    let title = loaded.plugin.name.clone();
    layout::respond(status, session, layout::page(session, Nav::Plugins, &title, None, content))
}

/// `GET /plugins/{name}`.
pub async fn page(State(dash): State<Arc<Dash>>, Path(name): Path<String>, session: Session) -> Response {
    render(&dash, &session, &name, None, StatusCode::OK).await
}

/// The API body of a posted form: configuration, and for carriers allow-list and secrets.
fn binding_body(
    plugin: &model::PluginDetail,
    fields: Option<&[Field]>,
    posted: &Posted,
) -> Result<BindingPatch, form::FieldError> {
    let values = Values::from_posted(fields, &posted.fields);
    let mut body = BindingPatch { config: Some(form::to_config(fields, &values)?), ..BindingPatch::default() };
    if plugin.kind == PluginKind::Carrier {
        let hosts = posted
            .field("allow_hosts")
            .unwrap_or_default()
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|h| !h.is_empty())
            .map(str::to_owned)
            .collect();
        body.allow_hosts = Some(hosts);
        for (k, v) in &posted.fields {
            if k == "secret_remove" && !v.is_empty() {
                body.secrets.insert(v.clone(), Redacted::new(String::new()));
            }
        }
        if let Some(name) = posted.field("secret_name").map(str::trim).filter(|n| !n.is_empty()) {
            let value = posted.field("secret_value").unwrap_or_default().to_owned();
            body.secrets.insert(name.to_owned(), Redacted::new(value));
        }
    }
    Ok(body)
}

/// `POST /plugins/{name}/markets/{market}`: saves the configuration through the API.
pub async fn save(
    State(dash): State<Arc<Dash>>,
    Path((name, market)): Path<(String, String)>,
    posted: Posted,
) -> Response {
    let session = &posted.session;
    let plugin: model::PluginDetail =
        match dash.api.get_as(&session.token, &format!("/api/v1/plugins/{}", seg(&name))).await {
            Ok(p) => p,
            Err(failure) => return layout::failure_page(session, Nav::Plugins, &failure),
        };
    let fields = form::fields(config_schema(&plugin));
    let refused = |notice: Notice, invalid: Vec<String>| Edit {
        market: market.clone(),
        values: Values::from_posted(fields.as_deref(), &posted.fields),
        allow_hosts: posted.field("allow_hosts").unwrap_or_default().to_owned(),
        notice,
        invalid,
    };
    let body = match binding_body(&plugin, fields.as_deref(), &posted) {
        Ok(b) => b,
        Err(e) => {
            let edit = refused(Notice::error(format!("{name}: {e}")), vec![e.field.clone()]);
            return render(&dash, session, &name, Some(edit), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let path = format!("/api/v1/markets/{}/bindings/{}", seg(&market), seg(&name));
    match dash.api.put_as::<_, Binding>(&session.token, &path, &body).await {
        Ok(_) => {
            let anchor = dom_id(&["market", &market]);
            let notice = Notice::ok(format!("Saved the configuration of {name} in {market}."));
            redirect_with(&format!("/plugins/{}#{anchor}", seg(&name)), notice)
        }
        Err(failure) => {
            let edit = refused(Notice::failure(&failure), form::named_fields(&failure.message));
            render(&dash, session, &name, Some(edit), failure.status).await
        }
    }
}
