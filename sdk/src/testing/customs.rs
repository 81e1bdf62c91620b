//! What native tests of a customs plugin share: fixtures of items and shipments, a host at a
//! given date, the invariants every assessment keeps, and lookups of its findings.
//!
//! ```
//! use crossdock_sdk::testing::customs::{check_assessment, codes, host_on, item, money, shipment_from_china};
//! use crossdock_sdk::{Address, Severity};
//!
//! let host = host_on("2026-11-25", "{}");
//! let tees = shipment_from_china(
//!     Address::in_country("AU".parse().unwrap()),
//!     money(1000, "AUD"),
//!     vec![item("TEE-M", 2, money(2500, "AUD"), Some("6109.10.00"))],
//! );
//! assert_eq!(tees.items[0].origin_country.map(|c| c.to_string()).as_deref(), Some("CN"));
//! # let _ = (host, check_assessment, codes, Severity::Info);
//! ```

use crate::{Address, Assessment, Finding, Incoterm, Item, Money, Severity, Shipment};

use super::TestHost;

/// `amount` minor units of `currency`; panics on a malformed code (tests only).
pub fn money(amount: i64, currency: &str) -> Money {
    Money::new(amount, currency.parse().unwrap_or_else(|e| panic!("{e}")))
}

/// An item as a catalog gives it, made in China, 180 g a unit; `hs` is the raw text, possibly
/// missing or malformed.
pub fn item(sku: &str, quantity: u32, unit_price: Money, hs: Option<&str>) -> Item {
    Item {
        sku: sku.into(),
        title: sku.into(),
        quantity,
        unit_price,
        unit_weight_g: 180,
        hs_code: hs.map(str::to_owned),
        origin_country: Some("CN".parse().unwrap_or_else(|e| panic!("{e}"))),
    }
}

/// A DDP shipment from China to `destination`, in the currency of `shipping`, with the id
/// `shp_<destination country>`.
pub fn shipment_from_china(destination: Address, shipping: Money, items: Vec<Item>) -> Shipment {
    Shipment {
        id: format!("shp_{}", destination.country.as_str().to_ascii_lowercase()),
        origin: Address::in_country("CN".parse().unwrap_or_else(|e| panic!("{e}"))),
        destination,
        incoterm: Incoterm::Ddp,
        currency: shipping.currency,
        shipping_cost: shipping,
        items,
    }
}

/// A host whose event clock reads `date` (YYYY-MM-DD) at noon UTC, with `config` as the
/// merchant's settings.
pub fn host_on(date: &str, config: &str) -> TestHost {
    TestHost::new().with_now(&format!("{date}T12:00:00Z")).with_config(config)
}

/// Checks what every assessment keeps, panicking at the first breach: the totals are the sums
/// of the lines, every line's duty and tax are in `currency`, and `rules_as_of` is a date.
pub fn check_assessment(a: &Assessment, currency: &str) {
    let duty: i64 = a.lines.iter().map(|l| l.duty.amount).sum();
    let tax: i64 = a.lines.iter().map(|l| l.tax.amount).sum();
    assert_eq!((a.duty.amount, a.tax.amount), (duty, tax), "totals are the sums of the lines");
    assert!(
        a.lines.iter().all(|l| l.duty.currency.as_str() == currency && l.tax.currency.as_str() == currency),
        "every line is in {currency}: {:?}",
        a.lines
    );
    assert!(crate::customs::is_date(&a.rules_as_of), "rules_as_of is YYYY-MM-DD: {}", a.rules_as_of);
}

/// The codes of the findings of `severity`, in order.
pub fn codes(a: &Assessment, severity: Severity) -> Vec<&str> {
    a.findings.iter().filter(|f| f.severity == severity).map(|f| f.code.as_str()).collect()
}

/// The first finding with `code`; panics, listing the findings, when there is none.
pub fn finding<'a>(a: &'a Assessment, code: &str) -> &'a Finding {
    a.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no `{code}` finding in {:#?}", a.findings))
}
