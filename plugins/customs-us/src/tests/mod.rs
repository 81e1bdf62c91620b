//! Native tests of whole assessments, run through the SDK's `TestHost` as the real host would
//! call the plugin: fixtures shaped like crossdock's `shipment-10.json`, worked examples computed
//! by hand in the comments, and the findings a merchant sees.
//!
//! - `worked_examples` — the arithmetic of each regime, figure by figure;
//! - `scope_and_findings` — what is covered, what blocks, and what the merchant is told;
//! - `documents` — which papers travel, and the metadata the host reads.

mod documents;
mod scope_and_findings;
mod worked_examples;

use crossdock_sdk::testing::customs::{codes, finding, host_on, money};
use crossdock_sdk::testing::{TestHost, from_json};
use crossdock_sdk::{Assessment, CustomsPlugin, Item, Money, PluginError, Shipment};

use crate::UsCustoms;

/// 5 × $17.00 cotton T-shirts (HTSUS 6109.10.00.12), made in China, Shenzhen → Los Angeles,
/// $9.50 shipping, DAP.
fn tees() -> Shipment {
    from_json(include_str!("../../tests/fixtures/tees-cn-us.json"))
}

/// crossdock's 10-item bench shipment (CN → DE, in EUR), sent to the US instead.
fn bench_to_us() -> Shipment {
    let mut s: Shipment = from_json(include_str!("../../tests/fixtures/shipment-10.json"));
    s.destination.country = "US".parse().unwrap();
    s
}

fn usd(cents: i64) -> Money {
    money(cents, "USD")
}

/// An item as the catalog gives it: `hs` is the raw text, possibly missing or malformed.
fn item(sku: &str, quantity: u32, unit_price: Money, hs: Option<&str>, origin: Option<&str>) -> Item {
    Item {
        sku: sku.into(),
        title: sku.into(),
        quantity,
        unit_price,
        unit_weight_g: 200,
        hs_code: hs.map(str::to_owned),
        origin_country: origin.map(|c| c.parse().unwrap()),
    }
}

/// The T-shirt fixture with its items replaced.
fn with_items(items: Vec<Item>) -> Shipment {
    let mut s = tees();
    s.items = items;
    s
}

fn try_run(host: &TestHost, shipment: Shipment) -> Result<Assessment, PluginError> {
    UsCustoms::assess(&host.ctx(), shipment)
}

/// Runs the plugin and checks the invariants every assessment must keep.
fn run(host: &TestHost, shipment: Shipment) -> Assessment {
    let a = try_run(host, shipment).unwrap_or_else(|e| panic!("assessment failed: {e}"));
    let duty: i64 = a.lines.iter().map(|l| l.duty.amount).sum();
    assert_eq!(a.duty.amount, duty, "duty total is the sum of the lines");
    assert_eq!(a.duty.currency.as_str(), "USD");
    assert!(a.tax.is_zero() && a.lines.iter().all(|l| l.tax.is_zero() && l.tax_rate_bp == 0), "no US import tax");
    assert_eq!(a.rules_as_of.len(), 10, "rules_as_of is YYYY-MM-DD: {}", a.rules_as_of);
    a
}
