//! Native tests of whole assessments, run through the SDK's `TestHost` as the real host would
//! call the plugin: worked examples computed by hand in the comments, and the findings a merchant
//! sees.
//!
//! - `worked_examples` — the arithmetic of each regime, figure by figure;
//! - `scope_and_findings` — what is covered, what blocks, documents and what the merchant is told.

mod scope_and_findings;
mod worked_examples;

use crossdock_sdk::testing::TestHost;
use crossdock_sdk::testing::customs::{check_assessment, codes, finding, host_on, item, money, shipment_from_china};
use crossdock_sdk::{Address, Assessment, CustomsPlugin, Item, Money, PluginError, Shipment};

use crate::SgCustoms;

fn sgd(cents: i64) -> Money {
    money(cents, "SGD")
}

/// A shipment from Shenzhen to Singapore in the currency of `shipping`.
fn shipment(shipping: Money, items: Vec<Item>) -> Shipment {
    let mut destination = Address::in_country("SG".parse().unwrap());
    destination.postal_code = Some("018956".into());
    destination.city = Some("Singapore".into());
    shipment_from_china(destination, shipping, items)
}

/// `n` cotton T-shirts at `unit` each.
fn tees(n: u32, unit: Money, shipping: Money) -> Shipment {
    shipment(shipping, vec![item("TEE-M", n, unit, Some("6109.10.00"))])
}

const REGISTERED: &str = r#"{"ovr_registered": true, "gst_registration_number": "M90312345A"}"#;

fn try_run(host: &TestHost, shipment: Shipment) -> Result<Assessment, PluginError> {
    SgCustoms::assess(&host.ctx(), shipment)
}

/// Runs the plugin and checks the invariants every assessment must keep.
fn run(host: &TestHost, shipment: Shipment) -> Assessment {
    let a = try_run(host, shipment).unwrap_or_else(|e| panic!("assessment failed: {e}"));
    check_assessment(&a, "SGD");
    a
}
