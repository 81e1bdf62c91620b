//! The CLI over the admin API: `merchant`, `token list|issue|revoke`, `plugin install|list`,
//! `market`, `binding`, `events`, `orders`, `shipments`. Each command is a request to a running
//! server (`--url`, `CROSSDOCK_URL`) with a token (`--token`, `CROSSDOCK_TOKEN`) and prints a
//! table, or the API's JSON with `--json`. API errors are printed with their code and message
//! and exit 1.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use crossdock_types::{CountryCode, CurrencyCode};
use serde::Serialize;

use super::client::{Body, Client, Method, segment};
use crate::api::Scope;
use crate::api::model::activity::{Event, EventList, OrderList, Plugin, PluginList, ShipmentList};
use crate::api::model::bindings::{Binding, BindingList, BindingPatch};
use crate::api::model::setup::{
    CreatedMerchant, DeletedMarket, IssuedToken, Market, MarketList, MarketPatch, MerchantList, NewMarket, NewMerchant,
    NewToken, RevokedToken, TokenList,
};
use crate::domain::{OrderStatus, Policy, ShipmentStatus};
use crate::store::EventStatus;

/// Where the API is, who calls it, and how to print.
#[derive(Debug, Clone, clap::Args)]
pub struct ApiArgs {
    /// The server's base URL.
    #[arg(long, env = "CROSSDOCK_URL", default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// An API token (`crossdock token create`), or the operator token for `merchant create`.
    #[arg(long, env = "CROSSDOCK_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Print the API's JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

impl ApiArgs {
    fn client(&self) -> anyhow::Result<Client> {
        if self.token.is_none() {
            bail!("no token: pass --token or set CROSSDOCK_TOKEN (create one with `crossdock token create`)");
        }
        Ok(Client::new(&self.url, self.token.clone()))
    }
}

#[derive(Debug, clap::Subcommand)]
pub enum MerchantCommand {
    /// Create a merchant (needs the server's operator token); prints its first admin token.
    Create {
        id: String,
        #[arg(long)]
        name: String,
        /// ISO 4217 currency the merchant reports in.
        #[arg(long)]
        currency: CurrencyCode,
        #[command(flatten)]
        api: ApiArgs,
    },
    /// Show the token's merchant.
    Show {
        #[command(flatten)]
        api: ApiArgs,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum MarketCommand {
    /// Create a market: a named set of destination countries.
    Create {
        name: String,
        /// ISO 3166-1 alpha-2 codes, comma-separated: `AT,BE,DE`.
        #[arg(long, value_delimiter = ',', required = true)]
        countries: Vec<CountryCode>,
        /// How a carrier rate is chosen: cheapest or fastest.
        #[arg(long)]
        choose: Option<Policy>,
        /// With `cheapest`: only rates that arrive within this many days.
        #[arg(long)]
        max_eta_days: Option<u32>,
        #[command(flatten)]
        api: ApiArgs,
    },
    /// Change a market's countries or carrier policy.
    Update {
        name: String,
        #[arg(long, value_delimiter = ',')]
        countries: Option<Vec<CountryCode>>,
        #[arg(long)]
        choose: Option<Policy>,
        #[arg(long)]
        max_eta_days: Option<u32>,
        #[command(flatten)]
        api: ApiArgs,
    },
    /// List markets with their bindings.
    List {
        #[command(flatten)]
        api: ApiArgs,
    },
    /// Delete a market and its bindings.
    Delete {
        name: String,
        #[command(flatten)]
        api: ApiArgs,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum BindingCommand {
    /// Switch a plugin on in a market (binding it first if needed).
    Enable {
        market: String,
        plugin: String,
        #[command(flatten)]
        api: ApiArgs,
    },
    /// Switch a plugin off in a market.
    Disable {
        market: String,
        plugin: String,
        #[command(flatten)]
        api: ApiArgs,
    },
    /// Configure a plugin in a market: its config (validated against the plugin's schema),
    /// priority, and for carriers the hosts it may reach and its secrets.
    Config {
        market: String,
        plugin: String,
        /// The whole configuration as JSON text.
        #[arg(long, conflicts_with = "config_file")]
        config: Option<String>,
        /// The whole configuration from a JSON file.
        #[arg(long)]
        config_file: Option<PathBuf>,
        /// Lower runs (or is preferred) first.
        #[arg(long)]
        priority: Option<i32>,
        /// A host (or host:port) the carrier may reach; repeat for more. Replaces the list.
        #[arg(long = "allow-host")]
        allow_hosts: Vec<String>,
        /// A secret as NAME=VALUE (an empty VALUE removes it); repeat for more.
        #[arg(long = "secret")]
        secrets: Vec<String>,
        #[command(flatten)]
        api: ApiArgs,
    },
    /// List bindings, optionally of one market.
    List {
        #[arg(long)]
        market: Option<String>,
        #[command(flatten)]
        api: ApiArgs,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum EventsCommand {
    /// List inbox events, newest first (`--status dead` for dead letters).
    List {
        #[arg(long)]
        status: Option<EventStatus>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[command(flatten)]
        api: ApiArgs,
    },
    /// Send a dead-lettered event through the pipeline again.
    Replay {
        id: i64,
        #[command(flatten)]
        api: ApiArgs,
    },
}

/// `token list|issue|revoke` over the API.
#[derive(Debug, clap::Subcommand)]
pub enum RemoteTokenCommand {
    /// List the merchant's tokens (never the tokens themselves).
    List {
        #[command(flatten)]
        api: ApiArgs,
    },
    /// Issue a new token through the API (admin token needed); printed once.
    Issue {
        #[arg(long, value_enum, default_value = "read")]
        scope: Scope,
        #[arg(long, default_value = "")]
        name: String,
        #[command(flatten)]
        api: ApiArgs,
    },
    /// Revoke a token by id.
    Revoke {
        id: i64,
        #[command(flatten)]
        api: ApiArgs,
    },
}

/// A simple text table: a header row and rows, columns padded to their widest cell.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        padded.join("  ").trim_end().to_owned()
    };
    let mut out = line(headers.to_vec());
    out.push('\n');
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

/// Prints an answer: the API's JSON with `--json`, else a table of `rows`.
fn print<T: Serialize>(api: &ApiArgs, value: &T, headers: &[&str], rows: impl Fn(&T) -> Vec<Vec<String>>) {
    if api.json {
        println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
    } else {
        print!("{}", table(headers, &rows(value)));
    }
}

/// A request body of one of the API's types.
fn json_body<T: Serialize>(body: &T) -> anyhow::Result<Body> {
    Ok(Body::Json(serde_json::to_value(body).context("encoding the request body")?))
}

pub fn merchant(command: MerchantCommand) -> anyhow::Result<ExitCode> {
    match command {
        MerchantCommand::Create { id, name, currency, api } => {
            let body = json_body(&NewMerchant { id, name, currency, branding: None })?;
            let created: CreatedMerchant = api.client()?.send_as(Method::Post, "/api/v1/merchants", body)?;
            if api.json {
                println!("{}", serde_json::to_string_pretty(&created)?);
            } else {
                println!("merchant {} created; its first admin token (shown once):", created.merchant.id);
                println!("{}", created.token.token);
            }
        }
        MerchantCommand::Show { api } => {
            let list: MerchantList = api.client()?.get_as("/api/v1/merchants")?;
            print(&api, &list, &["ID", "NAME", "CURRENCY"], |list| {
                list.items.iter().map(|m| vec![m.id.clone(), m.name.clone(), m.currency.to_string()]).collect()
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn remote_token(command: RemoteTokenCommand) -> anyhow::Result<ExitCode> {
    match command {
        RemoteTokenCommand::List { api } => {
            let list: TokenList = api.client()?.get_as("/api/v1/tokens")?;
            print(&api, &list, &["ID", "NAME", "SCOPE", "REVOKED", "CREATED"], |list| {
                list.items
                    .iter()
                    .map(|t| {
                        let scope = t.scope.as_str().to_owned();
                        vec![t.id.to_string(), t.name.clone(), scope, t.revoked.to_string(), t.created_at.to_string()]
                    })
                    .collect()
            });
        }
        RemoteTokenCommand::Issue { scope, name, api } => {
            let body = json_body(&NewToken { scope, name })?;
            let issued: IssuedToken = api.client()?.send_as(Method::Post, "/api/v1/tokens", body)?;
            if api.json {
                println!("{}", serde_json::to_string_pretty(&issued)?);
            } else {
                println!("{}", issued.token);
                eprintln!("This is the only time the token is shown; crossdock keeps only its hash.");
            }
        }
        RemoteTokenCommand::Revoke { id, api } => {
            let revoked: RevokedToken =
                api.client()?.send_as(Method::Delete, &format!("/api/v1/tokens/{id}"), Body::None)?;
            println!("token {} revoked", revoked.id);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `crossdock plugin install FILE.wasm`.
pub fn install(file: &std::path::Path, api: &ApiArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (status, plugin) =
        api.client()?.send(Method::Post, "/api/v1/plugins", Body::Bytes(bytes, "application/wasm"))?;
    let plugin: Plugin = serde_json::from_value(plugin).context("the answer is not the API's plugin")?;
    let verb = if status == 201 { "installed" } else { "already installed" };
    print(api, &plugin, &["NAME", "VERSION", "KIND", "SHA256", "STATUS"], |p| {
        vec![vec![p.name.clone(), p.version.clone(), p.kind.as_str().to_owned(), p.sha256.clone(), verb.to_owned()]]
    });
    Ok(ExitCode::SUCCESS)
}

/// `crossdock plugin list`.
pub fn plugins(api: &ApiArgs) -> anyhow::Result<ExitCode> {
    let list: PluginList = api.client()?.get_as("/api/v1/plugins")?;
    print(api, &list, &["NAME", "VERSION", "KIND", "COVERS", "FIRST-PARTY"], |list| {
        list.items
            .iter()
            .map(|p| {
                let kind = p.kind.as_str().to_owned();
                vec![p.name.clone(), p.version.clone(), kind, p.covers.join(","), p.first_party.to_string()]
            })
            .collect()
    });
    Ok(ExitCode::SUCCESS)
}

fn market_rows(markets: &[Market]) -> Vec<Vec<String>> {
    markets
        .iter()
        .map(|m| {
            let countries: Vec<&str> = m.countries.iter().map(CountryCode::as_str).collect();
            let bindings: Vec<String> =
                m.bindings.iter().map(|b| format!("{}{}", b.plugin, if b.enabled { "" } else { " (off)" })).collect();
            vec![m.name.clone(), countries.join(","), m.choose.as_str().to_owned(), bindings.join(", ")]
        })
        .collect()
}

pub fn market(command: MarketCommand) -> anyhow::Result<ExitCode> {
    const HEAD: &[&str] = &["MARKET", "COUNTRIES", "CHOOSE", "PLUGINS"];
    let one = |m: &Market| market_rows(std::slice::from_ref(m));
    match command {
        MarketCommand::Create { name, countries, choose, max_eta_days, api } => {
            let body = json_body(&NewMarket { name, countries, choose, max_eta_days })?;
            let m: Market = api.client()?.send_as(Method::Post, "/api/v1/markets", body)?;
            print(&api, &m, HEAD, one);
        }
        MarketCommand::Update { name, countries, choose, max_eta_days, api } => {
            let body = json_body(&MarketPatch { countries, choose, max_eta_days })?;
            let m: Market = api.client()?.send_as(Method::Put, &format!("/api/v1/markets/{}", segment(&name)), body)?;
            print(&api, &m, HEAD, one);
        }
        MarketCommand::List { api } => {
            let list: MarketList = api.client()?.get_as("/api/v1/markets")?;
            print(&api, &list, HEAD, |list| market_rows(&list.items));
        }
        MarketCommand::Delete { name, api } => {
            let path = format!("/api/v1/markets/{}", segment(&name));
            let deleted: DeletedMarket = api.client()?.send_as(Method::Delete, &path, Body::None)?;
            println!("market {} deleted", deleted.name);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn binding_rows(bindings: &[Binding]) -> Vec<Vec<String>> {
    bindings
        .iter()
        .map(|b| {
            vec![
                b.market.clone(),
                b.plugin.clone(),
                b.kind.map_or_else(|| "-".to_owned(), |k| k.to_string()),
                if b.enabled { "on".into() } else { "off".into() },
                b.priority.to_string(),
                b.config.to_string(),
                b.secrets.join(","),
            ]
        })
        .collect()
}

pub fn binding(command: BindingCommand) -> anyhow::Result<ExitCode> {
    const HEAD: &[&str] = &["MARKET", "PLUGIN", "KIND", "STATE", "PRIORITY", "CONFIG", "SECRETS"];
    let path = |market: &str, plugin: &str| format!("/api/v1/markets/{}/bindings/{}", segment(market), segment(plugin));
    let one = |b: &Binding| binding_rows(std::slice::from_ref(b));
    match command {
        BindingCommand::Enable { market, plugin, api } => {
            let b: Binding =
                api.client()?.send_as(Method::Post, &format!("{}/enable", path(&market, &plugin)), Body::None)?;
            print(&api, &b, HEAD, one);
        }
        BindingCommand::Disable { market, plugin, api } => {
            let b: Binding =
                api.client()?.send_as(Method::Post, &format!("{}/disable", path(&market, &plugin)), Body::None)?;
            print(&api, &b, HEAD, one);
        }
        BindingCommand::Config { market, plugin, config, config_file, priority, allow_hosts, secrets, api } => {
            let config = match (config, config_file) {
                (Some(text), _) => Some(text),
                (None, Some(file)) => {
                    Some(std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?)
                }
                (None, None) => None,
            };
            let mut body = BindingPatch {
                priority,
                config: config.map(|text| serde_json::from_str(&text).context("--config is not JSON")).transpose()?,
                allow_hosts: (!allow_hosts.is_empty()).then_some(allow_hosts),
                ..BindingPatch::default()
            };
            for s in &secrets {
                let Some((name, value)) = s.split_once('=') else {
                    bail!("--secret `{s}` must be NAME=VALUE");
                };
                body.secrets.insert(name.to_owned(), value.to_owned().into());
            }
            if body.priority.is_none() && body.config.is_none() && body.allow_hosts.is_none() && body.secrets.is_empty()
            {
                bail!("nothing to change: give --config, --config-file, --priority, --allow-host or --secret");
            }
            let b: Binding = api.client()?.send_as(Method::Put, &path(&market, &plugin), json_body(&body)?)?;
            print(&api, &b, HEAD, one);
            if let Some(note) = b.note.as_deref().filter(|_| !api.json) {
                eprintln!("note: {note}");
            }
        }
        BindingCommand::List { market, api } => {
            let query = market.map(|m| format!("?market={}", segment(&m))).unwrap_or_default();
            let list: BindingList = api.client()?.get_as(&format!("/api/v1/bindings{query}"))?;
            print(&api, &list, HEAD, |list| binding_rows(&list.items));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn events(command: EventsCommand) -> anyhow::Result<ExitCode> {
    const HEAD: &[&str] = &["ID", "TOPIC", "STATUS", "ATTEMPTS", "RECEIVED", "LAST ERROR"];
    let row = |e: &Event| {
        let error = e.last_error.clone().unwrap_or_else(|| "-".into());
        vec![
            e.id.to_string(),
            e.topic.clone(),
            e.status.to_string(),
            e.attempts.to_string(),
            e.received_at.to_string(),
            error,
        ]
    };
    match command {
        EventsCommand::List { status, limit, api } => {
            let mut query = format!("?limit={limit}");
            if let Some(s) = status {
                query.push_str(&format!("&status={s}"));
            }
            let list: EventList = api.client()?.get_as(&format!("/api/v1/events{query}"))?;
            print(&api, &list, HEAD, |list| list.items.iter().map(row).collect());
        }
        EventsCommand::Replay { id, api } => {
            let e: Event = api.client()?.send_as(Method::Post, &format!("/api/v1/events/{id}/replay"), Body::None)?;
            print(&api, &e, HEAD, |e| vec![row(e)]);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn or_dash(v: Option<&str>) -> String {
    v.unwrap_or("-").to_owned()
}

/// `crossdock orders list`.
pub fn orders(status: Option<OrderStatus>, api: &ApiArgs) -> anyhow::Result<ExitCode> {
    let query = status.map(|s| format!("?status={s}")).unwrap_or_default();
    let list: OrderList = api.client()?.get_as(&format!("/api/v1/orders{query}"))?;
    print(api, &list, &["ORDER", "PLATFORM", "STATUS", "UPDATED"], |list| {
        list.items
            .iter()
            .map(|o| vec![o.id.clone(), o.platform.to_string(), o.status.to_string(), o.updated_at.to_string()])
            .collect()
    });
    Ok(ExitCode::SUCCESS)
}

/// `crossdock shipments list`.
pub fn shipments(status: Option<ShipmentStatus>, api: &ApiArgs) -> anyhow::Result<ExitCode> {
    let query = status.map(|s| format!("?status={s}")).unwrap_or_default();
    let list: ShipmentList = api.client()?.get_as(&format!("/api/v1/shipments{query}"))?;
    print(api, &list, &["SHIPMENT", "ORDER", "TO", "STATUS", "CARRIER", "TRACKING", "HOLD REASON"], |list| {
        list.items
            .iter()
            .map(|s| {
                vec![
                    s.id.clone(),
                    s.order.clone(),
                    s.destination_country.to_string(),
                    s.status.to_string(),
                    or_dash(s.carrier.as_deref()),
                    or_dash(s.tracking_number.as_deref()),
                    or_dash(s.hold_reason.as_deref()),
                ]
            })
            .collect()
    });
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::table;

    #[test]
    fn tables_pad_columns_to_their_widest_cell() {
        let out = table(&["A", "LONG"], &[vec!["xyz".into(), "1".into()], vec!["b".into(), "22".into()]]);
        assert_eq!(out, "A    LONG\nxyz  1\nb    22\n");
    }
}
