//! Native tests of whole assessments, run through the SDK's `TestHost` as the real host would
//! call the plugin: worked examples computed by hand in the comments, and the findings a merchant
//! sees.
//!
//! - `worked_examples` — the arithmetic of each regime, figure by figure;
//! - `scope_and_findings` — what is covered, what blocks, documents and what the merchant is told.

mod scope_and_findings;
mod worked_examples;

use crossdock_sdk::testing::TestHost;
use crossdock_sdk::{
    Address, Assessment, CustomsPlugin, Finding, Incoterm, Item, Money, PluginError, Severity, Shipment,
};

use crate::AuCustoms;

fn money(amount: i64, currency: &str) -> Money {
    Money::new(amount, currency.parse().unwrap())
}

fn aud(cents: i64) -> Money {
    money(cents, "AUD")
}

/// An item as the catalog gives it, made in China, 180 g a unit.
fn item(sku: &str, quantity: u32, unit_price: Money, hs: Option<&str>) -> Item {
    Item {
        sku: sku.into(),
        title: sku.into(),
        quantity,
        unit_price,
        unit_weight_g: 180,
        hs_code: hs.map(str::to_owned),
        origin_country: Some("CN".parse().unwrap()),
    }
}

/// A shipment from Shenzhen to Sydney in the currency of `shipping`.
fn shipment(shipping: Money, items: Vec<Item>) -> Shipment {
    let mut destination = Address::in_country("AU".parse().unwrap());
    destination.postal_code = Some("2000".into());
    destination.city = Some("Sydney".into());
    Shipment {
        id: "shp_au".into(),
        origin: Address::in_country("CN".parse().unwrap()),
        destination,
        incoterm: Incoterm::Ddp,
        currency: shipping.currency,
        shipping_cost: shipping,
        items,
    }
}

/// `n` cotton T-shirts at `unit` each.
fn tees(n: u32, unit: Money, shipping: Money) -> Shipment {
    shipment(shipping, vec![item("TEE-M", n, unit, Some("6109.10.00"))])
}

/// A host whose event clock reads `date` at noon UTC, with `config` as the merchant's settings.
fn host_on(date: &str, config: &str) -> TestHost {
    TestHost::new().with_now(&format!("{date}T12:00:00Z")).with_config(config)
}

const REGISTERED: &str = r#"{"gst_registered": true, "gst_registration_number": "51 824 753 556"}"#;

fn try_run(host: &TestHost, shipment: Shipment) -> Result<Assessment, PluginError> {
    AuCustoms::assess(&host.ctx(), shipment)
}

/// Runs the plugin and checks the invariants every assessment must keep.
fn run(host: &TestHost, shipment: Shipment) -> Assessment {
    let a = try_run(host, shipment).unwrap_or_else(|e| panic!("assessment failed: {e}"));
    let duty: i64 = a.lines.iter().map(|l| l.duty.amount).sum();
    let tax: i64 = a.lines.iter().map(|l| l.tax.amount).sum();
    assert_eq!((a.duty.amount, a.tax.amount), (duty, tax), "totals are the sums of the lines");
    assert!(a.lines.iter().all(|l| l.duty.currency.as_str() == "AUD" && l.tax.currency.as_str() == "AUD"));
    assert_eq!(a.rules_as_of.len(), 10, "rules_as_of is YYYY-MM-DD: {}", a.rules_as_of);
    a
}

/// The codes of the findings of `severity`, in order.
fn codes(a: &Assessment, severity: Severity) -> Vec<&str> {
    a.findings.iter().filter(|f| f.severity == severity).map(|f| f.code.as_str()).collect()
}

fn finding<'a>(a: &'a Assessment, code: &str) -> &'a Finding {
    a.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no `{code}` finding in {:#?}", a.findings))
}
