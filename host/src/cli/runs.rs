//! `crossdock shipments show` and `crossdock runs list`: what happened to one shipment, and
//! which plugin calls it took, through the admin API (`GET /api/v1/shipments/{id}`,
//! `GET /api/v1/plugin-runs?shipment=…`).
//!
//! The text forms are built by pure functions ([`shipment_text`], [`runs_table`]) so that
//! what a user reads is tested without a server; `--json` prints the API's answer unchanged.

use std::process::ExitCode;

use serde_json::Value;

use super::admin::{ApiArgs, table};
use super::client::segment;

#[derive(Debug, clap::Subcommand)]
pub enum ShipmentsCommand {
    /// List, optionally of one status.
    List {
        #[arg(long)]
        status: Option<String>,
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
        outcome: Option<String>,
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

fn cell(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `{"amount": 1999, "currency": "EUR"}` as `19.99 EUR`; anything else as it is.
fn money(v: &Value) -> String {
    match serde_json::from_value::<crossdock_types::Money>(v.clone()) {
        Ok(m) => m.to_string(),
        Err(_) => cell(v),
    }
}

/// One shipment as `key: value` lines, then its customs findings.
pub fn shipment_text(s: &Value) -> String {
    let mut rows: Vec<(&str, String)> = vec![
        ("shipment", cell(&s["id"])),
        ("order", cell(&s["order"])),
        ("status", cell(&s["status"])),
        ("hold reason", cell(&s["hold_reason"])),
        ("from warehouse", cell(&s["warehouse"])),
        ("to", cell(&s["destination_country"])),
        ("carrier", format!("{} {}", cell(&s["carrier"]), cell(&s["service_code"]))),
        ("price", money(&s["price"])),
        ("tracking", cell(&s["tracking_number"])),
        ("tracking page", cell(&s["tracking_url"])),
        (
            "label",
            s["label"]["href"].as_str().map_or("-".into(), |href| format!("{} ({href})", cell(&s["label"]["format"]))),
        ),
        ("created", cell(&s["created_at"])),
        ("updated", cell(&s["updated_at"])),
    ];
    let customs = &s["customs"];
    if customs.is_object() {
        rows.push(("duty", money(&customs["duty"])));
        rows.push(("tax", money(&customs["tax"])));
        rows.push(("collect", cell(&customs["collect"])));
        rows.push(("rules as of", cell(&customs["rules_as_of"])));
    }
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out: String =
        rows.iter().map(|(k, v)| format!("{:<width$}  {v}\n", format!("{k}:"), width = width + 1)).collect();
    if let Some(findings) = customs["findings"].as_array().filter(|f| !f.is_empty()) {
        out.push_str("findings:\n");
        for f in findings {
            out.push_str(&format!("  {} {}: {}\n", cell(&f["severity"]), cell(&f["code"]), cell(&f["message"])));
        }
    }
    out
}

/// Plugin runs as a table: when, plugin, function, outcome, cost, and the error if any.
pub fn runs_table(list: &Value) -> String {
    let rows: Vec<Vec<String>> = list["items"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|r| {
            vec![
                cell(&r["at"]),
                cell(&r["plugin"]),
                cell(&r["function"]),
                cell(&r["subject"]),
                cell(&r["outcome"]),
                cell(&r["fuel"]),
                r["wall_us"].as_u64().map_or("-".into(), |us| format!("{:.1} ms", us as f64 / 1000.0)),
                cell(&r["error"]),
            ]
        })
        .collect();
    table(&["AT", "PLUGIN", "FUNCTION", "SHIPMENT", "OUTCOME", "FUEL", "TIME", "ERROR"], &rows)
}

fn print(api: &ApiArgs, value: &Value, text: impl FnOnce(&Value) -> String) {
    if api.json {
        println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
    } else {
        print!("{}", text(value));
    }
}

pub fn shipments(command: ShipmentsCommand) -> anyhow::Result<ExitCode> {
    match command {
        ShipmentsCommand::List { status, api } => super::admin::list_activity("shipments", status, &api),
        ShipmentsCommand::Show { id, api } => {
            let shipment = client(&api)?.get(&format!("/api/v1/shipments/{}", segment(&id)))?;
            print(&api, &shipment, shipment_text);
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn runs(command: RunsCommand) -> anyhow::Result<ExitCode> {
    let RunsCommand::List { shipment, plugin, outcome, limit, api } = command;
    let mut query = vec![format!("limit={limit}")];
    for (key, value) in [("shipment", shipment), ("plugin", plugin), ("outcome", outcome)] {
        if let Some(value) = value {
            query.push(format!("{key}={}", segment(&value)));
        }
    }
    let list = client(&api)?.get(&format!("/api/v1/plugin-runs?{}", query.join("&")))?;
    print(&api, &list, runs_table);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_shipment_reads_as_labelled_lines_with_its_findings() {
        let s = json!({"id": "acme:7001:main", "order": "7001", "status": "labelled", "hold_reason": null,
            "warehouse": "main", "destination_country": "FR", "carrier": "carrier-table-rate",
            "service_code": "standard", "price": {"amount": 1250, "currency": "EUR"},
            "tracking_number": "TR1", "tracking_url": "/track/acme/TR1",
            "label": {"format": "pdf", "size_bytes": 10, "href": "/api/v1/shipments/acme:7001:main/label"},
            "customs": {"duty": {"amount": 0, "currency": "EUR"}, "tax": {"amount": 399, "currency": "EUR"},
                        "collect": "checkout", "rules_as_of": "2026-01-01",
                        "findings": [{"severity": "info", "code": "ioss", "message": "VAT at checkout"}]},
            "created_at": "2026-11-24T10:00:00.000Z", "updated_at": "2026-11-24T10:00:01.000Z"});
        let text = shipment_text(&s);
        assert!(text.starts_with("shipment:        acme:7001:main\n"), "{text}");
        assert!(text.contains("price:           12.50 EUR\n"), "{text}");
        assert!(text.contains("carrier:         carrier-table-rate standard\n"), "{text}");
        assert!(text.contains("label:           pdf (/api/v1/shipments/acme:7001:main/label)\n"), "{text}");
        assert!(text.contains("hold reason:     -\n"), "{text}");
        assert!(text.contains("tax:             3.99 EUR\n"), "{text}");
        assert!(text.ends_with("findings:\n  info ioss: VAT at checkout\n"), "{text}");
    }

    #[test]
    fn runs_read_as_a_table_with_their_cost_and_error() {
        let list = json!({"items": [
            {"at": "2026-11-24T10:00:00.000Z", "plugin": "customs-eu", "function": "assess", "subject": "s1",
             "outcome": "ok", "fuel": 123456, "wall_us": 2500, "error": null},
            {"at": "2026-11-24T10:00:01.000Z", "plugin": "hostile", "function": "assess", "subject": "s1",
             "outcome": "limit", "fuel": 50000000, "wall_us": 80000, "error": "hit the fuel limit"}]});
        let text = runs_table(&list);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("AT") && lines[0].contains("OUTCOME") && lines[0].ends_with("ERROR"), "{text}");
        assert!(lines[1].contains("customs-eu") && lines[1].contains("2.5 ms") && lines[1].ends_with('-'), "{text}");
        assert!(lines[2].contains("limit") && lines[2].ends_with("hit the fuel limit"), "{text}");
    }
}
