//! Building blocks for customs plugins: the mechanics every country shares, so that a country's
//! plugin is mostly data (its rates and thresholds, each with a source and a date) plus the few
//! rules that make that country different.
//!
//! What lives here, one module per concept:
//! - [`hs`] — the tariff code of an item: missing, malformed or not an HS heading, each a
//!   blocking [`Finding`](crate::Finding) with a stable code (`missing_hs_code`, `malformed_hs_code`,
//!   `unknown_hs_heading`);
//! - [`table`] — [`HsTable`], rows keyed by HS prefix (chapter, heading, subheading or a national
//!   code) with a longest-prefix lookup, every row carrying its source and date: duty rates
//!   ([`Duty`]), reduced tax rates ([`TaxRates`]) and restrictions ([`Restriction`]);
//! - [`postal`] — CN22 or CN23 by the UPU's 300 SDR limit, with a dated [`SdrRate`];
//! - [`dangerous`] — goods dangerous in transport everywhere (lithium batteries alone, perfume,
//!   aerosols): [`DANGEROUS_GOODS`], and [`DANGEROUS_GOODS_BY_POST`] where lithium batteries block;
//! - [`preference`] — the SKUs that paid duty, grouped by the trade agreement of their origin;
//! - [`findings`] — the findings this kit reports, and [`Percent`] for messages;
//! - [`builder`] — [`AssessmentBuilder`]: classify, convert, value (CIF or FOB), duty, tax,
//!   restrictions, documents, and the totals as the sums of the lines.
//!
//! The arithmetic is the same everywhere: money in integer minor units, converted into the
//! assessment currency once per line through [`Ctx::convert`](crate::Ctx::convert) (an
//! `fx_rate_used` finding names each rate and its date; no rate is a blocking
//! `fx_rate_unavailable`, never a guess), shipping spread over the lines in proportion to their
//! goods with [`Money::allocate`](crate::Money::allocate) (the parts add up to the whole), duty and
//! tax rounded half away from zero per line, and the totals summed from the lines so they
//! always agree.
//!
//! # Example
//!
//! A plugin for an imaginary country that charges 10 % duty on T-shirts above a 100 GBP
//! threshold and 20 % VAT on goods, shipping and duty:
//!
//! ```
//! use crossdock_sdk::customs::{AssessmentBuilder, Duty, HsRow, HsTable, TaxBase, TaxRates, Valuation};
//! use crossdock_sdk::testing::{TestHost, from_json};
//! use crossdock_sdk::{CollectAt, Document, Shipment};
//!
//! const DUTY: HsTable<Duty> = HsTable::new(&[
//!     HsRow::new("6109", Duty::ad_valorem(1000), "T-shirts", "Example tariff", "2026-01-01"),
//! ]);
//! const VAT: TaxRates = TaxRates::standard(2000, "Example VAT act", "2026-01-01");
//!
//! let shipment: Shipment = from_json(r#"{"id": "s1",
//!     "origin": {"country": "CN"}, "destination": {"country": "GB"},
//!     "incoterm": "DDP", "currency": "GBP", "shipping_cost": {"amount": 1000, "currency": "GBP"},
//!     "items": [{"sku": "TEE", "title": "T-shirt", "quantity": 10,
//!                "unit_price": {"amount": 1500, "currency": "GBP"}, "unit_weight_g": 180,
//!                "hs_code": "6109.10.00"}]}"#);
//! let host = TestHost::new();
//! let ctx = host.ctx();
//!
//! let mut a = AssessmentBuilder::new(&ctx, &shipment, "customs-example", "GBP".parse().unwrap(), Valuation::Cif)?;
//! let over_threshold = a.goods_total()?.amount > 10_000;
//! a.apply_duty(&DUTY, over_threshold)?;
//! if !over_threshold {
//!     a.waive_duty();
//! }
//! a.apply_tax(&VAT, TaxBase::GOODS_SHIPPING_AND_DUTY)?;
//! a.document(Document::CommercialInvoice);
//! let assessment = a.finish(CollectAt::Delivery, !over_threshold)?;
//!
//! // Customs value 150.00 + 10.00 shipping = 160.00; duty 10 % = 16.00; VAT 20 % of 176.00 = 35.20.
//! assert_eq!((assessment.duty.amount, assessment.tax.amount), (1600, 3520));
//! assert_eq!(assessment.rules_as_of, "2026-01-01");
//! # Ok::<(), crossdock_sdk::PluginError>(())
//! ```

pub mod builder;
pub mod dangerous;
pub mod findings;
pub mod hs;
pub mod postal;
pub mod preference;
pub mod table;

pub use builder::{AssessmentBuilder, Line, TaxBase, Valuation, not_covered};
pub use dangerous::{DANGEROUS_GOODS, DANGEROUS_GOODS_BY_POST};
pub use findings::Percent;
pub use hs::classify;
pub use postal::{CN22_LIMIT_SDR, CN22_MAX_WEIGHT_G, SdrRate, postal_form};
pub use table::{Duty, HsRow, HsTable, Restriction, TableError, TaxRates, is_date};
