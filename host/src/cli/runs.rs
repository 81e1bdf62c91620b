//! `crossdock shipments show` and `crossdock runs list`: what happened to one shipment, and
//! which plugin calls it took, through the admin API (`GET /api/v1/shipments/{id}`,
//! `GET /api/v1/plugin-runs?shipment=…`).
//!
//! The text forms are built by pure functions ([`shipment_text`], [`runs_table`]) so that
//! what a user reads is tested without a server; `--json` prints the API's answer (read into
//! its type and written back, which changes nothing).

use std::process::ExitCode;

use serde::Serialize;

use super::admin::{ApiArgs, table};
use super::client::segment;
use crate::api::model::activity::{PluginRunList, Shipment};
use crate::domain::{RunOutcome, ShipmentStatus};

#[derive(Debug, clap::Subcommand)]
pub enum ShipmentsCommand {
    /// List, optionally of one status.
    List {
        #[arg(long)]
        status: Option<ShipmentStatus>,
        #[command(flatten)]
        api: ApiArgs,
    },
    /// Show one shipment: status, carrier, price, tracking, label, customs assessment.
    Show {
        /// The shipment's id, as `shipments list` prints it.
        id: String,
        #[command(flatten)]
        api: ApiArgs,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum RunsCommand {
    /// List plugin calls, newest first, with their outcome and cost.
    List {
        /// Only the calls made for this shipment.
        #[arg(long)]
        shipment: Option<String>,
        /// Only the calls of this plugin (by name).
        #[arg(long)]
        plugin: Option<String>,
        /// Only calls of this outcome: ok, declined, limit or failed.
        #[arg(long)]
        outcome: Option<RunOutcome>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[command(flatten)]
        api: ApiArgs,
    },
}

fn client(api: &ApiArgs) -> anyhow::Result<super::client::Client> {
    if api.token.is_none() {
        anyhow::bail!("no token: pass --token or set CROSSDOCK_TOKEN (create one with `crossdock token create`)");
    }
    Ok(super::client::Client::new(&api.url, api.token.clone()))
}

/// An optional value as a cell, `-` when it is absent.
fn cell(v: Option<impl ToString>) -> String {
    v.map_or_else(|| "-".into(), |v| v.to_string())
}

/// The wire word of one of the contract's enums (`checkout`, `pdf`, `blocking`).
fn word(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "-".into(),
    }
}

/// One shipment as `key: value` lines, then its customs findings.
pub fn shipment_text(s: &Shipment) -> String {
    let mut rows: Vec<(&str, String)> = vec![
        ("shipment", s.id.clone()),
        ("order", s.order.clone()),
        ("status", s.status.to_string()),
        ("hold reason", cell(s.hold_reason.as_deref())),
        ("from warehouse", s.warehouse.clone()),
        ("to", s.destination_country.to_string()),
        ("carrier", format!("{} {}", cell(s.carrier.as_deref()), cell(s.service_code.as_deref()))),
        ("price", cell(s.price)),
        ("tracking", cell(s.tracking_number.as_deref())),
        ("tracking page", cell(s.tracking_url.as_deref())),
        ("label", s.label.as_ref().map_or("-".into(), |l| format!("{} ({})", word(&l.format), l.href))),
        ("created", s.created_at.to_string()),
        ("updated", s.updated_at.to_string()),
    ];
    if let Some(customs) = &s.customs {
        rows.push(("duty", customs.duty.to_string()));
        rows.push(("tax", customs.tax.to_string()));
        rows.push(("collect", word(&customs.collect)));
        rows.push(("rules as of", customs.rules_as_of.clone()));
    }
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out: String =
        rows.iter().map(|(k, v)| format!("{:<width$}  {v}\n", format!("{k}:"), width = width + 1)).collect();
    if let Some(findings) = s.customs.as_ref().map(|c| &c.findings).filter(|f| !f.is_empty()) {
        out.push_str("findings:\n");
        for f in findings {
            out.push_str(&format!("  {} {}: {}\n", word(&f.severity), f.code, f.message));
        }
    }
    out
}

/// Plugin runs as a table: when, plugin, function, outcome, cost, and the error if any.
pub fn runs_table(list: &PluginRunList) -> String {
    let rows: Vec<Vec<String>> = list
        .items
        .iter()
        .map(|r| {
            vec![
                r.at.to_string(),
                r.plugin.clone(),
                r.function.clone(),
                cell(r.subject.as_deref()),
                r.outcome.to_string(),
                cell(r.fuel),
                format!("{:.1} ms", r.wall_us as f64 / 1000.0),
                cell(r.error.as_deref()),
            ]
        })
        .collect();
    table(&["AT", "PLUGIN", "FUNCTION", "SHIPMENT", "OUTCOME", "FUEL", "TIME", "ERROR"], &rows)
}

/// `--json`: the answer as the API gave it; otherwise its text form.
fn print<T: Serialize>(api: &ApiArgs, value: &T, text: impl FnOnce(&T) -> String) {
    if api.json {
        println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
    } else {
        print!("{}", text(value));
    }
}

pub fn shipments(command: ShipmentsCommand) -> anyhow::Result<ExitCode> {
    match command {
        ShipmentsCommand::List { status, api } => super::admin::shipments(status, &api),
        ShipmentsCommand::Show { id, api } => {
            let shipment: Shipment = client(&api)?.get_as(&format!("/api/v1/shipments/{}", segment(&id)))?;
            print(&api, &shipment, shipment_text);
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn runs(command: RunsCommand) -> anyhow::Result<ExitCode> {
    let RunsCommand::List { shipment, plugin, outcome, limit, api } = command;
    let mut query = vec![format!("limit={limit}")];
    let outcome = outcome.map(|o| o.as_str().to_owned());
    for (key, value) in [("shipment", shipment), ("plugin", plugin), ("outcome", outcome)] {
        if let Some(value) = value {
            query.push(format!("{key}={}", segment(&value)));
        }
    }
    let list: PluginRunList = client(&api)?.get_as(&format!("/api/v1/plugin-runs?{}", query.join("&")))?;
    print(&api, &list, runs_table);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_shipment_reads_as_labelled_lines_with_its_findings() {
        let eur = |amount: i64| json!({"amount": amount, "currency": "EUR"});
        let s: Shipment = serde_json::from_value(json!({"id": "acme:7001:main", "order": "7001", "status": "labelled",
            "hold_reason": null, "warehouse": "main", "destination_country": "FR", "carrier": "carrier-table-rate",
            "service_code": "standard", "price": eur(1250),
            "tracking_number": "TR1", "tracking_url": "/track/acme/TR1",
            "label": {"format": "pdf", "size_bytes": 10, "href": "/api/v1/shipments/acme:7001:main/label"},
            "customs": {"lines": [], "duty": eur(0), "tax": eur(399), "de_minimis_applied": true,
                        "collect": "checkout", "documents": [], "rules_as_of": "2026-01-01",
                        "findings": [{"severity": "info", "code": "ioss", "message": "VAT at checkout"}]},
            "invoice": null,
            "created_at": "2026-11-24T10:00:00Z", "updated_at": "2026-11-24T10:00:01Z"}))
        .expect("a shipment answer");
        let text = shipment_text(&s);
        assert!(text.starts_with("shipment:        acme:7001:main\n"), "{text}");
        assert!(text.contains("status:          labelled\n"), "{text}");
        assert!(text.contains("price:           12.50 EUR\n"), "{text}");
        assert!(text.contains("carrier:         carrier-table-rate standard\n"), "{text}");
        assert!(text.contains("label:           pdf (/api/v1/shipments/acme:7001:main/label)\n"), "{text}");
        assert!(text.contains("hold reason:     -\n"), "{text}");
        assert!(text.contains("tax:             3.99 EUR\n"), "{text}");
        assert!(text.contains("collect:         checkout\n"), "{text}");
        assert!(text.ends_with("findings:\n  info ioss: VAT at checkout\n"), "{text}");
    }

    #[test]
    fn runs_read_as_a_table_with_their_cost_and_error() {
        let run = |id: i64, plugin: &str, outcome: &str, fuel: u64, wall_us: u64, error: Option<&str>| {
            json!({"id": id, "at": "2026-11-24T10:00:00Z", "plugin": plugin, "sha256": "ab", "function": "assess",
                   "event": 1, "subject": "s1", "input_sha256": "cd", "outcome": outcome, "fuel": fuel,
                   "wall_us": wall_us, "memory_peak_bytes": null, "error": error})
        };
        let list: PluginRunList = serde_json::from_value(json!({"items": [
            run(2, "customs-eu", "ok", 123456, 2500, None),
            run(1, "hostile", "limit", 50000000, 80000, Some("hit the fuel limit"))], "next": null}))
        .expect("a page of runs");
        let text = runs_table(&list);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("AT") && lines[0].contains("OUTCOME") && lines[0].ends_with("ERROR"), "{text}");
        assert!(lines[1].contains("customs-eu") && lines[1].contains("2.5 ms") && lines[1].ends_with('-'), "{text}");
        assert!(lines[2].contains("limit") && lines[2].ends_with("hit the fuel limit"), "{text}");
    }

    #[test]
    fn an_unknown_outcome_is_refused_naming_the_known_ones() {
        use clap::Parser;
        #[derive(Debug, clap::Parser)]
        struct Cli {
            #[command(subcommand)]
            runs: RunsCommand,
        }
        let err = Cli::try_parse_from(["runs", "list", "--outcome", "crashed"]).expect_err("unknown outcome");
        assert!(err.to_string().contains("expected one of ok, declined, limit, failed"), "{err}");
    }
}
