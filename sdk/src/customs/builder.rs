//! [`AssessmentBuilder`]: one shipment's assessment, step by step, with the arithmetic every
//! country shares.
//!
//! [`AssessmentBuilder::new`] does what every customs plugin must do first: classify each item
//! ([`classify`]), multiply out each line and convert it into the assessment
//! currency once (with `fx_rate_used` or a blocking `fx_rate_unavailable`), convert the
//! shipping, spread it over the lines in proportion to their goods with
//! [`Money::allocate`], and set each line's customs value by the country's [`Valuation`]. The
//! plugin then applies its own rules — thresholds, who collects — calling the shared steps it
//! needs: [`apply_duty`](AssessmentBuilder::apply_duty),
//! [`apply_tax`](AssessmentBuilder::apply_tax),
//! [`apply_restrictions`](AssessmentBuilder::apply_restrictions),
//! [`postal_declaration`](AssessmentBuilder::postal_declaration), and reads or adjusts the
//! [`Line`]s directly where its rules differ. [`finish`](AssessmentBuilder::finish) sums the
//! lines into the totals, so the totals always equal the sum of the lines.
//!
//! Rounding: duty and tax are computed per line and rounded half away from zero
//! ([`Money::percent_bp`], [`Money::ratio`]); never on the totals.
//!
//! Dates: every dated figure used (a table row, an FX rate, an SDR rate, a rule the plugin
//! [`note`](AssessmentBuilder::note)s) moves `rules_as_of` to the newest of them.

use crate::{
    Assessment, AssessmentLine, CollectAt, CountryCode, Ctx, CurrencyCode, Document, Finding, FxRate, HsCode, Money,
    PluginError, Shipment,
};

use super::findings;
use super::hs::classify;
use super::postal::{SdrRate, postal_form};
use super::table::{Duty, HsRow, HsTable, Restriction, TaxRates};

/// What the customs value of a line includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Valuation {
    /// Cost, insurance and freight: the goods plus their share of the transport to the
    /// destination (the EU, the UK, Switzerland for VAT, …).
    Cif,
    /// Free on board: the goods alone, transport excluded (the US, Canada, Australia, …).
    Fob,
}

/// What import tax is charged on, per line: always the goods, plus optionally the line's
/// share of the shipping and its duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxBase {
    pub shipping: bool,
    pub duty: bool,
}

impl TaxBase {
    /// The goods alone.
    pub const GOODS: TaxBase = TaxBase { shipping: false, duty: false };
    /// The price the buyer pays: goods and delivery (VAT charged at checkout by the seller).
    pub const GOODS_AND_SHIPPING: TaxBase = TaxBase { shipping: true, duty: false };
    /// The usual import VAT base: goods, transport to the destination, and the duty.
    pub const GOODS_SHIPPING_AND_DUTY: TaxBase = TaxBase { shipping: true, duty: true };
}

/// One shipment line while it is assessed. Amounts are in the assessment currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub sku: String,
    /// `None` when the item's code is missing or malformed (a blocking finding says so).
    pub hs: Option<HsCode>,
    /// The item's country of origin, when the catalog gives it.
    pub origin: Option<CountryCode>,
    pub quantity: u32,
    /// Quantity × unit weight.
    pub weight_g: u64,
    /// Quantity × unit price, converted.
    pub goods: Money,
    /// This line's share of the shipping.
    pub shipping: Money,
    /// Goods, plus the shipping share under [`Valuation::Cif`].
    pub customs_value: Money,
    pub duty_rate_bp: u32,
    pub duty: Money,
    pub tax_rate_bp: u32,
    pub tax: Money,
}

/// A customs assessment under construction. See the [module docs](self).
pub struct AssessmentBuilder<'a, 'h> {
    ctx: &'a Ctx<'h>,
    plugin: &'static str,
    currency: CurrencyCode,
    valuation: Valuation,
    lines: Vec<Line>,
    shipping: Money,
    findings: Vec<Finding>,
    documents: Vec<Document>,
    as_of: Option<String>,
    fx_missing: bool,
}

impl<'a, 'h> AssessmentBuilder<'a, 'h> {
    /// Classifies, converts and values every line of `shipment` in `currency`. `plugin` names
    /// the plugin in messages (`customs-gb`).
    ///
    /// When the host lacks a rate for any amount, a blocking `fx_rate_unavailable` is recorded,
    /// [`lacks_fx`](Self::lacks_fx) is true, and [`finish`](Self::finish) returns no lines and
    /// zero totals: nothing is assessed on a guessed rate.
    pub fn new(
        ctx: &'a Ctx<'h>,
        shipment: &Shipment,
        plugin: &'static str,
        currency: CurrencyCode,
        valuation: Valuation,
    ) -> Result<Self, PluginError> {
        let zero = Money::zero(currency);
        let mut findings = Vec::new();
        let mut rates: Vec<FxRate> = Vec::new();
        let mut missing: Option<CurrencyCode> = None;
        let mut convert = |money: Money| -> Money {
            if money.currency == currency {
                return money;
            }
            match ctx.convert(money, currency) {
                Some((converted, rate)) => {
                    if !rates.iter().any(|r| r.from == rate.from) {
                        rates.push(rate);
                    }
                    converted
                }
                None => {
                    missing.get_or_insert(money.currency);
                    zero
                }
            }
        };

        let mut lines = Vec::with_capacity(shipment.items.len());
        for item in &shipment.items {
            let hs = classify(item).map_err(|f| findings.push(f)).ok();
            let goods = item.unit_price.checked_mul(i64::from(item.quantity))?;
            lines.push(Line {
                sku: item.sku.clone(),
                hs,
                origin: item.origin_country,
                quantity: item.quantity,
                weight_g: u64::from(item.quantity) * u64::from(item.unit_weight_g),
                goods: convert(goods),
                shipping: zero,
                customs_value: zero,
                duty_rate_bp: 0,
                duty: zero,
                tax_rate_bp: 0,
                tax: zero,
            });
        }
        let shipping = convert(shipment.shipping_cost);

        let mut builder = Self {
            ctx,
            plugin,
            currency,
            valuation,
            lines,
            shipping,
            findings,
            documents: Vec::new(),
            as_of: None,
            fx_missing: missing.is_some(),
        };
        if let Some(from) = missing {
            builder.findings.push(findings::fx_rate_unavailable(from, currency));
            return Ok(builder);
        }
        for rate in &rates {
            builder.findings.push(findings::fx_rate_used(rate));
            builder.note(&rate.date);
        }

        let weights: Vec<u64> = builder.lines.iter().map(|l| u64::try_from(l.goods.amount).unwrap_or(0)).collect();
        let shares = shipping.allocate(&weights)?;
        for (line, share) in builder.lines.iter_mut().zip(shares) {
            line.shipping = share;
            line.customs_value = match valuation {
                Valuation::Cif => line.goods.checked_add(share)?,
                Valuation::Fob => line.goods,
            };
        }
        Ok(builder)
    }

    pub fn ctx(&self) -> &'a Ctx<'h> {
        self.ctx
    }

    pub fn plugin(&self) -> &'static str {
        self.plugin
    }

    /// The assessment currency.
    pub fn currency(&self) -> CurrencyCode {
        self.currency
    }

    pub fn valuation(&self) -> Valuation {
        self.valuation
    }

    /// Whether an amount could not be converted (a blocking finding is already recorded).
    pub fn lacks_fx(&self) -> bool {
        self.fx_missing
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The lines, for rules the shared steps do not cover (a specific duty, a waived tax).
    pub fn lines_mut(&mut self) -> &mut [Line] {
        &mut self.lines
    }

    /// The shipping, converted.
    pub fn shipping(&self) -> Money {
        self.shipping
    }

    /// Σ goods: the consignment's intrinsic value, shipping excluded.
    pub fn goods_total(&self) -> Result<Money, PluginError> {
        self.sum(|l| l.goods)
    }

    /// Σ customs value.
    pub fn customs_value_total(&self) -> Result<Money, PluginError> {
        self.sum(|l| l.customs_value)
    }

    pub fn duty_total(&self) -> Result<Money, PluginError> {
        self.sum(|l| l.duty)
    }

    pub fn tax_total(&self) -> Result<Money, PluginError> {
        self.sum(|l| l.tax)
    }

    /// Σ weight of the goods in grams.
    pub fn weight_g(&self) -> u64 {
        self.lines.iter().map(|l| l.weight_g).sum()
    }

    fn sum(&self, f: impl Fn(&Line) -> Money) -> Result<Money, PluginError> {
        Ok(Money::sum(self.currency, self.lines.iter().map(f))?)
    }

    /// Whether the event falls on or after `date` (YYYY-MM-DD, UTC): for rules with a start.
    pub fn on_or_after(&self, date: &str) -> bool {
        self.ctx.now().date().as_str() >= date
    }

    /// Records that a rule or figure dated `date` (YYYY-MM-DD) was applied.
    pub fn note(&mut self, date: &str) {
        if self.as_of.as_deref().is_none_or(|d| date > d) {
            self.as_of = Some(date.to_owned());
        }
    }

    pub fn finding(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Adds a document (once, whatever the number of calls).
    pub fn document(&mut self, document: Document) {
        if !self.documents.contains(&document) {
            self.documents.push(document);
        }
    }

    /// Duty per line from `table`. A line whose code has no row gets no duty and an
    /// `outside_duty_table` finding: blocking when `due` (the consignment owes duty), info
    /// otherwise. Lines without a valid code are skipped (their finding already blocks).
    pub fn apply_duty(&mut self, table: &HsTable<Duty>, due: bool) -> Result<(), PluginError> {
        self.apply_duty_where(table, due, |_| true)
    }

    /// [`apply_duty`](Self::apply_duty) on the lines `select` picks only (the others keep their
    /// duty): for goods under a preference, or outside a point-of-sale scheme.
    pub fn apply_duty_where(
        &mut self,
        table: &HsTable<Duty>,
        due: bool,
        select: impl Fn(&Line) -> bool,
    ) -> Result<(), PluginError> {
        let mut dates: Vec<&'static str> = Vec::new();
        for line in self.lines.iter_mut().filter(|l| select(l)) {
            let Some(hs) = &line.hs else { continue };
            let Some(row) = table.lookup(hs) else {
                self.findings.push(findings::outside_duty_table(&line.sku, hs, self.plugin, due));
                continue;
            };
            line.duty_rate_bp = row.value.rate_bp();
            line.duty = match row.value {
                Duty::AdValorem { bp } => line.customs_value.percent_bp(bp)?,
                Duty::PerGrossKg100 { minor } => {
                    Money::new(minor, self.currency).ratio(i128::from(line.weight_g), 100_000)?
                }
            };
            dates.push(row.as_of);
        }
        dates.into_iter().for_each(|d| self.note(d));
        Ok(())
    }

    /// No duty on any line (a de minimis, a preference): rate and amount zero.
    pub fn waive_duty(&mut self) {
        for line in &mut self.lines {
            line.duty_rate_bp = 0;
            line.duty = Money::zero(self.currency);
        }
    }

    /// Tax per line at the rate `rates` gives its code (the standard rate when it has none), on
    /// the `base`.
    pub fn apply_tax(&mut self, rates: &TaxRates, base: TaxBase) -> Result<(), PluginError> {
        self.apply_tax_where(rates, base, |_| true)
    }

    /// [`apply_tax`](Self::apply_tax) on the lines `select` picks only: when some lines are
    /// taxed at sale and others at the border, each on its own base.
    pub fn apply_tax_where(
        &mut self,
        rates: &TaxRates,
        base: TaxBase,
        select: impl Fn(&Line) -> bool,
    ) -> Result<(), PluginError> {
        let mut dates: Vec<&'static str> = Vec::new();
        for line in self.lines.iter_mut().filter(|l| select(l)) {
            let (bp, as_of) = rates.rate(line.hs.as_ref());
            let mut amount = line.goods;
            if base.shipping {
                amount = amount.checked_add(line.shipping)?;
            }
            if base.duty {
                amount = amount.checked_add(line.duty)?;
            }
            line.tax_rate_bp = bp;
            line.tax = amount.percent_bp(bp)?;
            dates.push(as_of);
        }
        dates.into_iter().for_each(|d| self.note(d));
        Ok(())
    }

    /// No tax on any line (not collected under a threshold): rate and amount zero.
    pub fn waive_tax(&mut self) {
        for line in &mut self.lines {
            line.tax_rate_bp = 0;
            line.tax = Money::zero(self.currency);
        }
    }

    /// One finding per line whose code matches a row of `table`, with the row's severity and
    /// code, naming the SKU, the code, the goods and the source.
    pub fn apply_restrictions(&mut self, table: &HsTable<Restriction>) {
        self.flag_lines(
            table,
            |_| true,
            |line, hs, row| {
                let r = row.value;
                let message = format!(
                    "SKU {} (HS {hs}, {}): {} (source: {}, {})",
                    line.sku, row.goods, r.message, row.source, row.as_of
                );
                findings::finding(r.severity, r.code, Some(&line.sku), message)
            },
        );
    }

    /// One finding, made by `finding`, per line that `applies` keeps and whose code matches a
    /// row of `table`; each matching row's date joins `rules_as_of`. For a plugin's own
    /// warnings keyed by tariff code (a rate that is only a ceiling, say).
    pub fn flag_lines<T>(
        &mut self,
        table: &HsTable<T>,
        applies: impl Fn(&Line) -> bool,
        finding: impl Fn(&Line, &HsCode, &'static HsRow<T>) -> Finding,
    ) {
        let mut found = Vec::new();
        for line in self.lines.iter().filter(|l| applies(l)) {
            let Some(hs) = &line.hs else { continue };
            let Some(row) = table.lookup(hs) else { continue };
            found.push((finding(line, hs, row), row.as_of));
        }
        for (f, as_of) in found {
            self.note(as_of);
            self.findings.push(f);
        }
    }

    /// Adds the postal declaration, CN22 or CN23 by the goods' value in SDR and the weight, and
    /// an info finding saying which and why. The goods are converted into the currency of `sdr`
    /// through the host's FX table when it is not the assessment currency; without a rate the
    /// form is a CN23, with a warning.
    pub fn postal_declaration(&mut self, sdr: &SdrRate<'_>) -> Result<Document, PluginError> {
        let goods = self.goods_total()?;
        let weight = self.weight_g();
        let sdr_currency: CurrencyCode =
            sdr.currency.parse().map_err(|e| PluginError::new("internal", format!("SDR rate: {e}")))?;
        let in_sdr_currency = if sdr_currency == self.currency {
            Some((goods, None))
        } else {
            self.ctx.convert(goods, sdr_currency).map(|(m, rate)| (m, Some(rate)))
        };
        let document = match in_sdr_currency {
            Some((value, rate)) => {
                let document = postal_form(value, weight, sdr);
                let mut how = format!(
                    "1 SDR = {} {} ({}, {})",
                    findings::decimal_micros(sdr.micros),
                    sdr.currency,
                    sdr.source,
                    sdr.as_of
                );
                if let Some(rate) = rate {
                    how.push_str(&format!(
                        "; goods converted to {value} at {} {} per {} (host rate published for {})",
                        findings::decimal_micros(rate.micros),
                        rate.to,
                        rate.from,
                        rate.date
                    ));
                    self.note(&rate.date);
                }
                self.findings.push(findings::postal_declaration(document, goods, weight, &how));
                self.note(sdr.as_of);
                document
            }
            None => {
                self.findings.push(findings::postal_sdr_unavailable(self.currency, sdr.currency));
                Document::Cn23
            }
        };
        self.document(document);
        Ok(document)
    }

    /// The assessment: the lines, their sums as totals, the documents in a stable order, and
    /// `rules_as_of` the newest date noted (the event's day when none was).
    pub fn finish(self, collect: CollectAt, de_minimis_applied: bool) -> Result<Assessment, PluginError> {
        let zero = Money::zero(self.currency);
        let rules_as_of = self.as_of.unwrap_or_else(|| self.ctx.now().date());
        let mut documents = self.documents;
        documents.sort();
        if self.fx_missing {
            return Ok(Assessment {
                lines: Vec::new(),
                duty: zero,
                tax: zero,
                de_minimis_applied: false,
                collect,
                documents,
                findings: self.findings,
                rules_as_of,
            });
        }
        let duty = Money::sum(self.currency, self.lines.iter().map(|l| l.duty))?;
        let tax = Money::sum(self.currency, self.lines.iter().map(|l| l.tax))?;
        let lines = self
            .lines
            .into_iter()
            .map(|l| AssessmentLine {
                sku: l.sku,
                hs_code: l.hs,
                customs_value: l.customs_value,
                duty_rate_bp: l.duty_rate_bp,
                duty: l.duty,
                tax_rate_bp: l.tax_rate_bp,
                tax: l.tax,
            })
            .collect();
        Ok(Assessment {
            lines,
            duty,
            tax,
            de_minimis_applied,
            collect,
            documents,
            findings: self.findings,
            rules_as_of,
        })
    }
}

/// The error for a destination the plugin does not cover.
pub fn not_covered(plugin: &str, covers: &str, country: CountryCode) -> PluginError {
    PluginError::new(
        "not_covered",
        format!("{plugin} covers {covers}, not {country}; bind another customs plugin to that market"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customs::HsRow;
    use crate::testing::{TestHost, from_json};
    use crate::{Item, Severity};

    fn money(amount: i64, currency: &str) -> Money {
        Money::new(amount, currency.parse().unwrap())
    }

    fn item(sku: &str, quantity: u32, unit_price: Money, hs: Option<&str>, weight_g: u32) -> Item {
        Item {
            sku: sku.into(),
            title: sku.into(),
            quantity,
            unit_price,
            unit_weight_g: weight_g,
            hs_code: hs.map(str::to_owned),
            origin_country: Some("CN".parse().unwrap()),
        }
    }

    fn shipment(shipping: Money, items: Vec<Item>) -> Shipment {
        let mut s: Shipment = from_json(
            r#"{"id": "s", "origin": {"country": "CN"}, "destination": {"country": "GB"}, "incoterm": "DDP",
                "currency": "GBP", "shipping_cost": {"amount": 0, "currency": "GBP"}, "items": []}"#,
        );
        s.currency = shipping.currency;
        s.shipping_cost = shipping;
        s.items = items;
        s
    }

    const DUTY: HsTable<Duty> = HsTable::new(&[
        HsRow::new("4901", Duty::FREE, "books", "test tariff", "2026-01-01"),
        HsRow::new("6109", Duty::ad_valorem(1200), "T-shirts", "test tariff", "2026-03-01"),
        HsRow::new("9503", Duty::PerGrossKg100 { minor: 12_345 }, "toys", "test tariff", "2026-02-01"),
    ]);
    const VAT: TaxRates = TaxRates::standard(2000, "test VAT", "2011-01-04").with_reduced(&[HsRow::new(
        "4901",
        0,
        "books",
        "test VAT notice",
        "2020-05-01",
    )]);

    fn gbp() -> CurrencyCode {
        "GBP".parse().unwrap()
    }

    #[test]
    fn cif_puts_the_shipping_share_in_the_customs_value_and_fob_does_not() {
        // Goods 30.00 and 10.00; shipping 10.00 spread 3:1 → 7.50 and 2.50.
        let s = shipment(
            money(1000, "GBP"),
            vec![
                item("A", 2, money(1500, "GBP"), Some("610910"), 100),
                item("B", 1, money(1000, "GBP"), Some("490199"), 300),
            ],
        );
        let host = TestHost::new();
        let ctx = host.ctx();
        let cif = AssessmentBuilder::new(&ctx, &s, "customs-test", gbp(), Valuation::Cif).unwrap();
        let values: Vec<(i64, i64)> = cif.lines().iter().map(|l| (l.shipping.amount, l.customs_value.amount)).collect();
        assert_eq!(values, [(750, 3750), (250, 1250)]);
        let fob = AssessmentBuilder::new(&ctx, &s, "customs-test", gbp(), Valuation::Fob).unwrap();
        let values: Vec<(i64, i64)> = fob.lines().iter().map(|l| (l.shipping.amount, l.customs_value.amount)).collect();
        assert_eq!(values, [(750, 3000), (250, 1000)]);
    }

    #[test]
    fn duty_and_tax_are_rounded_per_line_and_totals_are_their_sums() {
        // Line A: 3 × 4.99 = 14.97 + shipping share; B: book 9.99; C: toy 1.2 kg at 123.45/100 kg.
        // Shipping 3.00 over 1497:999:500 (total 2996) → 149.9 → 150, 100.03 → 100, 50.06 → 50.
        // A: value 16.47, duty 12 % = 1.9764 → 1.98, VAT 20 % × (16.47 + 1.98) = 3.69.
        // B: value 10.99, VAT 0 %.  C: value 5.50, duty 1200 g × 123.45/100 kg = 1.4814 → 1.48,
        //    VAT 20 % × 6.98 = 1.396 → 1.40.
        let s = shipment(
            money(300, "GBP"),
            vec![
                item("A", 3, money(499, "GBP"), Some("610910"), 150),
                item("B", 1, money(999, "GBP"), Some("490199"), 400),
                item("C", 2, money(250, "GBP"), Some("950300"), 600),
            ],
        );
        let host = TestHost::new();
        let ctx = host.ctx();
        let mut b = AssessmentBuilder::new(&ctx, &s, "customs-test", gbp(), Valuation::Cif).unwrap();
        b.apply_duty(&DUTY, true).unwrap();
        b.apply_tax(&VAT, TaxBase::GOODS_SHIPPING_AND_DUTY).unwrap();
        let a = b.finish(CollectAt::Delivery, false).unwrap();
        let got: Vec<(i64, u32, i64, u32, i64)> = a
            .lines
            .iter()
            .map(|l| (l.customs_value.amount, l.duty_rate_bp, l.duty.amount, l.tax_rate_bp, l.tax.amount))
            .collect();
        assert_eq!(got, [(1647, 1200, 198, 2000, 369), (1099, 0, 0, 0, 0), (550, 0, 148, 2000, 140)]);
        assert_eq!((a.duty.amount, a.tax.amount), (346, 509));
        assert_eq!(a.rules_as_of, "2026-03-01");
        assert!(a.findings.is_empty(), "{:?}", a.findings);
    }

    #[test]
    fn lines_are_converted_once_each_and_the_rate_date_is_reported() {
        // 2 × 25.00 USD at 0.79 = 39.50 GBP; shipping 5.00 USD = 3.95 GBP.
        let s = shipment(money(500, "USD"), vec![item("A", 2, money(2500, "USD"), Some("610910"), 100)]);
        let host = TestHost::new().with_fx("USD", "GBP", 790_000, "2026-11-24");
        let ctx = host.ctx();
        let b = AssessmentBuilder::new(&ctx, &s, "customs-test", gbp(), Valuation::Cif).unwrap();
        assert_eq!((b.goods_total().unwrap().amount, b.shipping().amount), (3950, 395));
        let a = b.finish(CollectAt::Delivery, false).unwrap();
        let fx: Vec<&Finding> = a.findings.iter().filter(|f| f.code == "fx_rate_used").collect();
        assert_eq!(fx.len(), 1);
        assert_eq!(fx[0].severity, Severity::Info);
        assert!(
            fx[0].message.contains("0.79 GBP per USD") && fx[0].message.contains("2026-11-24"),
            "{}",
            fx[0].message
        );
        assert_eq!(a.rules_as_of, "2026-11-24");
    }

    #[test]
    fn without_a_rate_nothing_is_assessed_and_the_shipment_is_blocked() {
        let s = shipment(money(500, "USD"), vec![item("A", 2, money(2500, "USD"), Some("610910"), 100)]);
        let host = TestHost::new();
        let ctx = host.ctx();
        let mut b = AssessmentBuilder::new(&ctx, &s, "customs-test", gbp(), Valuation::Cif).unwrap();
        assert!(b.lacks_fx());
        b.apply_duty(&DUTY, true).unwrap();
        let a = b.finish(CollectAt::Delivery, false).unwrap();
        assert!(a.lines.is_empty() && a.duty.is_zero() && a.tax.is_zero());
        assert!(a.is_blocked());
        assert_eq!(a.findings.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["fx_rate_unavailable"]);
    }

    #[test]
    fn goods_outside_the_table_block_only_when_duty_is_due() {
        let s = shipment(money(0, "GBP"), vec![item("SEAT", 1, money(10_000, "GBP"), Some("940171"), 100)]);
        let host = TestHost::new();
        let ctx = host.ctx();
        for (due, severity) in [(true, Severity::Blocking), (false, Severity::Info)] {
            let mut b = AssessmentBuilder::new(&ctx, &s, "customs-test", gbp(), Valuation::Cif).unwrap();
            b.apply_duty(&DUTY, due).unwrap();
            let a = b.finish(CollectAt::Delivery, false).unwrap();
            assert_eq!(a.findings.len(), 1);
            assert_eq!((a.findings[0].code.as_str(), a.findings[0].severity), ("outside_duty_table", severity));
            assert!(a.duty.is_zero());
        }
    }

    #[test]
    fn restrictions_name_the_sku_and_the_source() {
        const RESTRICTED: HsTable<Restriction> = HsTable::new(&[HsRow::new(
            "8507",
            Restriction::new(Severity::Warning, "lithium_batteries_alone", "carriers refuse them by air"),
            "accumulators",
            "IATA DGR",
            "2026-01-01",
        )]);
        let s = shipment(
            money(0, "GBP"),
            vec![
                item("BATT", 1, money(2000, "GBP"), Some("850760"), 100),
                item("TEE", 1, money(2000, "GBP"), Some("610910"), 100),
            ],
        );
        let host = TestHost::new();
        let ctx = host.ctx();
        let mut b = AssessmentBuilder::new(&ctx, &s, "customs-test", gbp(), Valuation::Cif).unwrap();
        b.apply_restrictions(&RESTRICTED);
        let f = &b.findings()[0];
        assert_eq!(b.findings().len(), 1);
        assert_eq!(
            (f.code.as_str(), f.sku.as_deref(), f.severity),
            ("lithium_batteries_alone", Some("BATT"), Severity::Warning)
        );
        assert!(f.message.contains("IATA DGR") && f.message.contains("850760"), "{}", f.message);
    }

    #[test]
    fn the_postal_form_converts_the_goods_into_the_sdr_rate_currency() {
        // 250.00 GBP at 1.15 EUR per GBP = 287.50 EUR; 300 SDR at 1.17176 EUR = 351.53 EUR: CN22.
        let sdr = SdrRate { currency: "EUR", micros: 1_171_760, as_of: "2025-10-20", source: "IMF" };
        let s = shipment(money(0, "GBP"), vec![item("A", 10, money(2500, "GBP"), Some("610910"), 150)]);
        let host = TestHost::new().with_fx("GBP", "EUR", 1_150_000, "2026-11-24");
        let ctx = host.ctx();
        let mut b = AssessmentBuilder::new(&ctx, &s, "customs-test", gbp(), Valuation::Cif).unwrap();
        assert_eq!(b.postal_declaration(&sdr).unwrap(), Document::Cn22);
        let a = b.finish(CollectAt::Delivery, false).unwrap();
        assert_eq!(a.documents, [Document::Cn22]);
        let f = a.findings.iter().find(|f| f.code == "postal_declaration").unwrap();
        assert!(f.message.contains("2025-10-20") && f.message.contains("2026-11-24"), "{}", f.message);

        let host = TestHost::new();
        let ctx = host.ctx();
        let mut b = AssessmentBuilder::new(&ctx, &s, "customs-test", gbp(), Valuation::Cif).unwrap();
        assert_eq!(b.postal_declaration(&sdr).unwrap(), Document::Cn23);
        assert_eq!(b.findings()[0].code, "postal_sdr_unavailable");
    }

    #[test]
    fn duty_and_tax_can_apply_to_some_lines_only() {
        // Only the T-shirt line is dutiable and taxed at the border; the book keeps zero.
        let s = shipment(
            money(0, "GBP"),
            vec![
                item("TEE", 1, money(10_000, "GBP"), Some("610910"), 100),
                item("SEAT", 1, money(5_000, "GBP"), Some("940171"), 100),
            ],
        );
        let host = TestHost::new();
        let ctx = host.ctx();
        let mut b = AssessmentBuilder::new(&ctx, &s, "customs-test", gbp(), Valuation::Cif).unwrap();
        b.apply_duty_where(&DUTY, true, |l| l.sku == "TEE").unwrap();
        b.apply_tax_where(&VAT, TaxBase::GOODS_SHIPPING_AND_DUTY, |l| l.sku == "TEE").unwrap();
        let a = b.finish(CollectAt::Delivery, false).unwrap();
        // 100.00 × 12 % = 12.00; 20 % × 112.00 = 22.40. The seat is untouched: no finding either.
        assert_eq!((a.lines[0].duty.amount, a.lines[0].tax.amount), (1200, 2240));
        assert_eq!((a.lines[1].duty.amount, a.lines[1].tax.amount), (0, 0));
        assert!(a.findings.is_empty(), "{:?}", a.findings);
    }

    #[test]
    fn missing_codes_block_but_the_line_still_pays_the_standard_tax() {
        let s = shipment(money(0, "GBP"), vec![item("X", 1, money(1000, "GBP"), None, 100)]);
        let host = TestHost::new();
        let ctx = host.ctx();
        let mut b = AssessmentBuilder::new(&ctx, &s, "customs-test", gbp(), Valuation::Cif).unwrap();
        b.apply_duty(&DUTY, true).unwrap();
        b.apply_tax(&VAT, TaxBase::GOODS).unwrap();
        let a = b.finish(CollectAt::Delivery, false).unwrap();
        assert_eq!(a.findings.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["missing_hs_code"]);
        assert_eq!(a.tax.amount, 200);
    }
}
