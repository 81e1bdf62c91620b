//! Native tests of whole assessments, run through the SDK's `TestHost` as the real host would
//! call the plugin: fixtures shaped like crossdock's `shipment-10.json`, worked examples computed
//! by hand in the comments, and the findings a merchant sees.
//!
//! - `worked_examples` — thresholds, provinces and conversion, figure by figure;
//! - `scope_and_findings` — what is covered, what blocks, and what the merchant is told;
//! - `documents` — which papers travel, and the metadata the host reads.

mod documents;
mod scope_and_findings;
mod worked_examples;

use crossdock_sdk::testing::customs::{codes, finding, host_on, money};
use crossdock_sdk::testing::{TestHost, from_json};
use crossdock_sdk::{Assessment, CustomsPlugin, Item, Money, PluginError, Shipment};

use crate::CaCustoms;

/// One CAD 18.00 cotton T-shirt (6109.10.00.12), made in China, Shenzhen → Toronto (ON), CAD 7.00
/// shipping, DAP.
fn tee() -> Shipment {
    from_json(include_str!("../../tests/fixtures/tee-cn-ca.json"))
}

/// crossdock's 10-item bench shipment (CN → DE, in EUR), sent to Toronto instead.
fn bench_to_ca() -> Shipment {
    let mut s: Shipment = from_json(include_str!("../../tests/fixtures/shipment-10.json"));
    s.destination.country = "CA".parse().unwrap();
    s.destination.region = Some("ON".into());
    s
}

fn cad(cents: i64) -> Money {
    money(cents, "CAD")
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

/// The T-shirt fixture shipped from `from` to the province `region`, `quantity` shirts at
/// `unit_cents` CAD each.
fn tees(from: &str, region: &str, quantity: u32, unit_cents: i64) -> Shipment {
    let mut s = tee();
    s.origin.country = from.parse().unwrap();
    s.destination.region = Some(region.into());
    s.items[0].quantity = quantity;
    s.items[0].unit_price = cad(unit_cents);
    s
}

fn try_run(host: &TestHost, shipment: Shipment) -> Result<Assessment, PluginError> {
    CaCustoms::assess(&host.ctx(), shipment)
}

/// Runs the plugin and checks the invariants every assessment must keep.
fn run(host: &TestHost, shipment: Shipment) -> Assessment {
    let a = try_run(host, shipment).unwrap_or_else(|e| panic!("assessment failed: {e}"));
    let duty: i64 = a.lines.iter().map(|l| l.duty.amount).sum();
    let tax: i64 = a.lines.iter().map(|l| l.tax.amount).sum();
    assert_eq!((a.duty.amount, a.tax.amount), (duty, tax), "totals are the sums of the lines");
    assert_eq!((a.duty.currency.as_str(), a.tax.currency.as_str()), ("CAD", "CAD"));
    assert_eq!(a.rules_as_of.len(), 10, "rules_as_of is YYYY-MM-DD: {}", a.rules_as_of);
    a
}
