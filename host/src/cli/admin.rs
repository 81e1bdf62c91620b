//! The CLI over the admin API: `merchant`, `token list|issue|revoke`, `plugin install|list`,
//! `market`, `binding`, `events`, `orders`, `shipments`. Each command is a request to a running
//! server (`--url`, `CROSSDOCK_URL`) with a token (`--token`, `CROSSDOCK_TOKEN`) and prints a
//! table, or the API's JSON with `--json`. API errors are printed with their code and message
//! and exit 1.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use super::client::{Body, Client, Method, segment};
use crate::api::Scope;

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
        currency: String,
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
        countries: Vec<String>,
        /// How a carrier rate is chosen: cheapest or fastest.
        #[arg(long)]
        choose: Option<String>,
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
        countries: Option<Vec<String>>,
        #[arg(long)]
        choose: Option<String>,
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
        status: Option<String>,
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

fn text(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn print(api: &ApiArgs, value: &Value, headers: &[&str], rows: impl Fn(&Value) -> Vec<Vec<String>>) {
    if api.json {
        println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
    } else {
        print!("{}", table(headers, &rows(value)));
    }
}

fn items(value: &Value) -> Vec<Value> {
    value["items"].as_array().cloned().unwrap_or_default()
}

pub fn merchant(command: MerchantCommand) -> anyhow::Result<ExitCode> {
    match command {
        MerchantCommand::Create { id, name, currency, api } => {
            let created =
                api.client()?.post("/api/v1/merchants", json!({"id": id, "name": name, "currency": currency}))?;
            if api.json {
                println!("{}", serde_json::to_string_pretty(&created)?);
            } else {
                println!("merchant {id} created; its first admin token (shown once):");
                println!("{}", text(&created["token"]["token"]));
            }
        }
        MerchantCommand::Show { api } => {
            let list = api.client()?.get("/api/v1/merchants")?;
            print(&api, &list, &["ID", "NAME", "CURRENCY"], |v| {
                items(v).iter().map(|m| vec![text(&m["id"]), text(&m["name"]), text(&m["currency"])]).collect()
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn remote_token(command: RemoteTokenCommand) -> anyhow::Result<ExitCode> {
    match command {
        RemoteTokenCommand::List { api } => {
            let list = api.client()?.get("/api/v1/tokens")?;
            print(&api, &list, &["ID", "NAME", "SCOPE", "REVOKED", "CREATED"], |v| {
                items(v)
                    .iter()
                    .map(|t| ["id", "name", "scope", "revoked", "created_at"].iter().map(|k| text(&t[*k])).collect())
                    .collect()
            });
        }
        RemoteTokenCommand::Issue { scope, name, api } => {
            let created = api.client()?.post("/api/v1/tokens", json!({"scope": scope.as_str(), "name": name}))?;
            if api.json {
                println!("{}", serde_json::to_string_pretty(&created)?);
            } else {
                println!("{}", text(&created["token"]));
                eprintln!("This is the only time the token is shown; crossdock keeps only its hash.");
            }
        }
        RemoteTokenCommand::Revoke { id, api } => {
            api.client()?.delete(&format!("/api/v1/tokens/{id}"))?;
            println!("token {id} revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `crossdock plugin install FILE.wasm`.
pub fn install(file: &std::path::Path, api: &ApiArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (status, plugin) =
        api.client()?.send(Method::Post, "/api/v1/plugins", Body::Bytes(bytes, "application/wasm"))?;
    let verb = if status == 201 { "installed" } else { "already installed" };
    print(api, &plugin, &["NAME", "VERSION", "KIND", "SHA256", "STATUS"], |p| {
        vec![vec![text(&p["name"]), text(&p["version"]), text(&p["kind"]), text(&p["sha256"]), verb.to_owned()]]
    });
    Ok(ExitCode::SUCCESS)
}

/// `crossdock plugin list`.
pub fn plugins(api: &ApiArgs) -> anyhow::Result<ExitCode> {
    let list = api.client()?.get("/api/v1/plugins")?;
    print(api, &list, &["NAME", "VERSION", "KIND", "COVERS", "FIRST-PARTY"], |v| {
        items(v)
            .iter()
            .map(|p| ["name", "version", "kind", "covers", "first_party"].iter().map(|k| text(&p[*k])).collect())
            .collect()
    });
    Ok(ExitCode::SUCCESS)
}

fn market_rows(v: &Value) -> Vec<Vec<String>> {
    let markets = if v.get("items").is_some() { items(v) } else { vec![v.clone()] };
    markets
        .iter()
        .map(|m| {
            let bindings: Vec<String> = m["bindings"]
                .as_array()
                .map(|bs| {
                    bs.iter()
                        .map(|b| format!("{}{}", text(&b["plugin"]), if b["enabled"] == true { "" } else { " (off)" }))
                        .collect()
                })
                .unwrap_or_default();
            vec![text(&m["name"]), text(&m["countries"]), text(&m["choose"]), bindings.join(", ")]
        })
        .collect()
}

pub fn market(command: MarketCommand) -> anyhow::Result<ExitCode> {
    const HEAD: &[&str] = &["MARKET", "COUNTRIES", "CHOOSE", "PLUGINS"];
    match command {
        MarketCommand::Create { name, countries, choose, max_eta_days, api } => {
            let body = json!({"name": name, "countries": countries, "choose": choose, "max_eta_days": max_eta_days});
            let body = strip_nulls(body);
            let m = api.client()?.post("/api/v1/markets", body)?;
            print(&api, &m, HEAD, market_rows);
        }
        MarketCommand::Update { name, countries, choose, max_eta_days, api } => {
            let body = strip_nulls(json!({"countries": countries, "choose": choose, "max_eta_days": max_eta_days}));
            let m = api.client()?.put(&format!("/api/v1/markets/{}", segment(&name)), body)?;
            print(&api, &m, HEAD, market_rows);
        }
        MarketCommand::List { api } => {
            let list = api.client()?.get("/api/v1/markets")?;
            print(&api, &list, HEAD, market_rows);
        }
        MarketCommand::Delete { name, api } => {
            api.client()?.delete(&format!("/api/v1/markets/{}", segment(&name)))?;
            println!("market {name} deleted");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn strip_nulls(mut v: Value) -> Value {
    if let Some(map) = v.as_object_mut() {
        map.retain(|_, value| !value.is_null());
    }
    v
}

fn binding_rows(v: &Value) -> Vec<Vec<String>> {
    let list = if v.get("items").is_some() { items(v) } else { vec![v.clone()] };
    list.iter()
        .map(|b| {
            vec![
                text(&b["market"]),
                text(&b["plugin"]),
                text(&b["kind"]),
                if b["enabled"] == true { "on".into() } else { "off".into() },
                text(&b["priority"]),
                b["config"].to_string(),
                text(&b["secrets"]),
            ]
        })
        .collect()
}

pub fn binding(command: BindingCommand) -> anyhow::Result<ExitCode> {
    const HEAD: &[&str] = &["MARKET", "PLUGIN", "KIND", "STATE", "PRIORITY", "CONFIG", "SECRETS"];
    let path = |market: &str, plugin: &str| format!("/api/v1/markets/{}/bindings/{}", segment(market), segment(plugin));
    match command {
        BindingCommand::Enable { market, plugin, api } => {
            let b = api.client()?.post(&format!("{}/enable", path(&market, &plugin)), json!({}))?;
            print(&api, &b, HEAD, binding_rows);
        }
        BindingCommand::Disable { market, plugin, api } => {
            let b = api.client()?.post(&format!("{}/disable", path(&market, &plugin)), json!({}))?;
            print(&api, &b, HEAD, binding_rows);
        }
        BindingCommand::Config { market, plugin, config, config_file, priority, allow_hosts, secrets, api } => {
            let mut body = serde_json::Map::new();
            let config = match (config, config_file) {
                (Some(text), _) => Some(text),
                (None, Some(file)) => {
                    Some(std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?)
                }
                (None, None) => None,
            };
            if let Some(text) = config {
                let value: Value = serde_json::from_str(&text).context("--config is not JSON")?;
                body.insert("config".into(), value);
            }
            if let Some(p) = priority {
                body.insert("priority".into(), json!(p));
            }
            if !allow_hosts.is_empty() {
                body.insert("allow_hosts".into(), json!(allow_hosts));
            }
            if !secrets.is_empty() {
                let mut map = serde_json::Map::new();
                for s in &secrets {
                    let Some((k, v)) = s.split_once('=') else {
                        bail!("--secret `{s}` must be NAME=VALUE");
                    };
                    map.insert(k.to_owned(), json!(v));
                }
                body.insert("secrets".into(), Value::Object(map));
            }
            if body.is_empty() {
                bail!("nothing to change: give --config, --config-file, --priority, --allow-host or --secret");
            }
            let b = api.client()?.put(&path(&market, &plugin), Value::Object(body))?;
            print(&api, &b, HEAD, binding_rows);
            if let Some(note) = b["note"].as_str().filter(|_| !api.json) {
                eprintln!("note: {note}");
            }
        }
        BindingCommand::List { market, api } => {
            let query = market.map(|m| format!("?market={}", segment(&m))).unwrap_or_default();
            let list = api.client()?.get(&format!("/api/v1/bindings{query}"))?;
            print(&api, &list, HEAD, binding_rows);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn events(command: EventsCommand) -> anyhow::Result<ExitCode> {
    const HEAD: &[&str] = &["ID", "TOPIC", "STATUS", "ATTEMPTS", "RECEIVED", "LAST ERROR"];
    let rows = |v: &Value| -> Vec<Vec<String>> {
        let list = if v.get("items").is_some() { items(v) } else { vec![v.clone()] };
        list.iter()
            .map(|e| {
                ["id", "topic", "status", "attempts", "received_at", "last_error"]
                    .iter()
                    .map(|k| text(&e[*k]))
                    .collect()
            })
            .collect()
    };
    match command {
        EventsCommand::List { status, limit, api } => {
            let mut query = format!("?limit={limit}");
            if let Some(s) = status {
                query.push_str(&format!("&status={}", segment(&s)));
            }
            let list = api.client()?.get(&format!("/api/v1/events{query}"))?;
            print(&api, &list, HEAD, rows);
        }
        EventsCommand::Replay { id, api } => {
            let e = api.client()?.post(&format!("/api/v1/events/{id}/replay"), json!({}))?;
            print(&api, &e, HEAD, rows);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `crossdock orders list` and `crossdock shipments list`.
pub fn list_activity(what: &str, status: Option<String>, api: &ApiArgs) -> anyhow::Result<ExitCode> {
    let query = status.map(|s| format!("?status={}", segment(&s))).unwrap_or_default();
    let list = api.client()?.get(&format!("/api/v1/{what}{query}"))?;
    if what == "orders" {
        print(api, &list, &["ORDER", "PLATFORM", "STATUS", "UPDATED"], |v| {
            items(v)
                .iter()
                .map(|o| ["id", "platform", "status", "updated_at"].iter().map(|k| text(&o[*k])).collect())
                .collect()
        });
    } else {
        print(api, &list, &["SHIPMENT", "ORDER", "TO", "STATUS", "CARRIER", "TRACKING", "HOLD REASON"], |v| {
            items(v)
                .iter()
                .map(|s| {
                    ["id", "order", "destination_country", "status", "carrier", "tracking_number", "hold_reason"]
                        .iter()
                        .map(|k| text(&s[*k]))
                        .collect()
                })
                .collect()
        });
    }
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
