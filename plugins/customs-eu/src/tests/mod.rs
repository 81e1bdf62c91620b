//! Native tests of whole assessments, run through the SDK's `TestHost` as the real host would
//! call the plugin: fixtures shaped like `shared/data/bench/shipment-10.json`, worked examples
//! computed by hand in the comments, and the findings a merchant sees.
//!
//! - `worked_examples` — the arithmetic of each regime, figure by figure (and an ignored timing
//!   of the bench shipment);
//! - `scope_and_findings` — what is covered, what blocks, and what the merchant is told;
//! - `documents` — which papers travel, and the metadata the host reads.

mod documents;
mod scope_and_findings;
mod worked_examples;

use crossdock_sdk::testing::{TestHost, from_json};
use crossdock_sdk::{Address, Assessment, CustomsPlugin, Incoterm, Item, Money, PluginError, Severity, Shipment};

use crate::EuCustoms;

/// The 10-item CN → DE bench shipment (goods €378.34, shipping €12.00).
fn bench() -> Shipment {
    from_json(include_str!("../../tests/fixtures/shipment-10.json"))
}

/// 2 × €19.99 cotton T-shirts (HS 610910), CN → DE, €5.00 shipping.
fn two_tees() -> Shipment {
    from_json(include_str!("../../tests/fixtures/two-tees-de.json"))
}

fn money(amount: i64, currency: &str) -> Money {
    Money::new(amount, currency.parse().unwrap())
}

fn eur(cents: i64) -> Money {
    money(cents, "EUR")
}

/// An item as the catalog gives it: `hs` is the raw text, possibly missing or malformed.
fn item(sku: &str, quantity: u32, unit_price: Money, hs: Option<&str>) -> Item {
    Item {
        sku: sku.into(),
        title: sku.into(),
        quantity,
        unit_price,
        unit_weight_g: 200,
        hs_code: hs.map(str::to_owned),
        origin_country: Some("CN".parse().unwrap()),
    }
}

/// A shipment from `origin` to `destination` in the currency of `shipping`.
fn shipment(origin: &str, destination: &str, shipping: Money, items: Vec<Item>) -> Shipment {
    Shipment {
        id: "shp_test".into(),
        origin: Address::in_country(origin.parse().unwrap()),
        destination: Address::in_country(destination.parse().unwrap()),
        incoterm: Incoterm::Ddp,
        currency: shipping.currency,
        shipping_cost: shipping,
        items,
    }
}

/// A host whose event clock reads `date` at noon UTC, with `config` as the merchant's settings.
fn host_on(date: &str, config: &str) -> TestHost {
    TestHost::new().with_now(&format!("{date}T12:00:00Z")).with_config(config)
}

fn try_run(host: &TestHost, shipment: Shipment) -> Result<Assessment, PluginError> {
    EuCustoms::assess(&host.ctx(), shipment)
}

/// Runs the plugin and checks the invariants every assessment must keep.
fn run(host: &TestHost, shipment: Shipment) -> Assessment {
    let assessment = try_run(host, shipment).unwrap_or_else(|e| panic!("assessment failed: {e}"));
    assert_totals_are_the_sum_of_the_lines(&assessment);
    assert_eq!(assessment.rules_as_of.len(), 10, "rules_as_of is YYYY-MM-DD: {}", assessment.rules_as_of);
    assessment
}

fn assert_totals_are_the_sum_of_the_lines(a: &Assessment) {
    let duty: i64 = a.lines.iter().map(|l| l.duty.amount).sum();
    let tax: i64 = a.lines.iter().map(|l| l.tax.amount).sum();
    assert_eq!(a.duty.amount, duty, "duty total");
    assert_eq!(a.tax.amount, tax, "tax total");
    for line in &a.lines {
        assert_eq!(line.duty.currency, a.duty.currency);
        assert_eq!(line.tax.currency, a.tax.currency);
    }
}

/// The codes of the findings of `severity`, in order.
fn codes(a: &Assessment, severity: Severity) -> Vec<&str> {
    a.findings.iter().filter(|f| f.severity == severity).map(|f| f.code.as_str()).collect()
}

fn finding<'a>(a: &'a Assessment, code: &str) -> &'a crossdock_sdk::Finding {
    a.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no `{code}` finding in {:#?}", a.findings))
}
