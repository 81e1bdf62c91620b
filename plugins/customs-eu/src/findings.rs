//! Every finding customs-eu can report: its stable code, its severity, and a message a merchant
//! can act on.
//!
//! Codes are snake_case and never change meaning; new situations get new codes. Blocking
//! findings stop the shipment (the assessment cannot be trusted without a fix); warnings mean the
//! figures stand but may be off; info says which rule was applied and why.

use crossdock_sdk::{CodeError, CountryCode, CurrencyCode, Finding, FxRate, HsCode, Money, Severity};

use crate::tariff::{AntiDumping, DutyRate};

fn finding(severity: Severity, code: &str, sku: Option<&str>, message: String) -> Finding {
    Finding { severity, code: code.to_owned(), sku: sku.map(str::to_owned), message }
}

/// Basis points shown as a percentage: 1200 → `12%`, 270 → `2.7%`, 2550 → `25.5%`. A `Display`
/// value rather than a `String`, so a message is formatted with one allocation.
#[derive(Debug, Clone, Copy)]
pub struct Percent(pub u32);

impl Percent {
    /// The text in `buf`, written from the end: digit by digit, because `write!` with
    /// arguments costs thousands of wasm instructions per call.
    fn text(self, buf: &mut [u8; 16]) -> &str {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        let mut at = buf.len();
        let mut push = |b: u8| {
            at -= 1;
            buf[at] = b;
        };
        push(b'%');
        if frac != 0 {
            if frac % 10 != 0 {
                push(b'0' + (frac % 10) as u8);
            }
            push(b'0' + (frac / 10) as u8);
            push(b'.');
        }
        let mut n = whole;
        loop {
            push(b'0' + (n % 10) as u8);
            n /= 10;
            if n == 0 {
                break;
            }
        }
        std::str::from_utf8(&buf[at..]).unwrap_or("?%")
    }
}

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text(&mut [0; 16]))
    }
}

/// Something that appends itself to a message without going through `core::fmt`: the
/// warnings of the benchmark shipment are built this way, a few times cheaper in wasm.
pub trait Text {
    fn push_to(&self, out: &mut String);
}

impl Text for &str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Text for Percent {
    fn push_to(&self, out: &mut String) {
        out.push_str(self.text(&mut [0; 16]));
    }
}

impl Text for &HsCode {
    fn push_to(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

/// `parts` concatenated into one string allocated once.
fn concat(parts: &[&dyn Text]) -> String {
    let mut out = String::with_capacity(512);
    for part in parts {
        part.push_to(&mut out);
    }
    out
}

/// An FX rate in micros as a decimal: 920000 → `0.92`, 1085000 → `1.085`.
fn decimal_micros(micros: u64) -> String {
    let text = format!("{}.{:06}", micros / 1_000_000, micros % 1_000_000);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

// ---- blocking --------------------------------------------------------------------------------

pub fn missing_hs_code(sku: &str) -> Finding {
    let message = format!(
        "SKU {sku} has no HS code: add its tariff code (6 to 10 digits, such as 610910 for cotton T-shirts) \
         to the product in your catalog; customs cannot clear goods without one"
    );
    finding(Severity::Blocking, "missing_hs_code", Some(sku), message)
}

pub fn malformed_hs_code(sku: &str, error: &CodeError) -> Finding {
    let message = format!(
        "SKU {sku}: {error}; correct the HS code of this product in your catalog (6 to 10 digits, such as 610910)"
    );
    finding(Severity::Blocking, "malformed_hs_code", Some(sku), message)
}

/// A rate this plugin does not know. Blocking when the consignment pays normal rates (over
/// €150 or from 2028-07-01); information otherwise, as a warning of what will block later.
pub fn duty_rate_unknown(sku: &str, hs: &HsCode, needed: bool) -> Finding {
    if needed {
        let message = format!(
            "SKU {sku}: no duty rate is known for HS {hs} (customs-eu covers a documented subset of headings), \
             and this consignment pays normal tariff rates; look the rate up in TARIC and declare the shipment \
             through a customs broker, or check the HS code in your catalog"
        );
        finding(Severity::Blocking, "duty_rate_unknown", Some(sku), message)
    } else {
        let message = format!(
            "SKU {sku}: no duty rate is known for HS {hs}; not needed for this low-value consignment, but a \
             consignment over 150 EUR (or any after 2028-07-01) with this product will be blocked"
        );
        finding(Severity::Info, "duty_rate_unknown", Some(sku), message)
    }
}

pub fn fx_rate_unavailable(from: CurrencyCode) -> Finding {
    let message = format!(
        "the host has no {from}→EUR exchange rate, and the 150 EUR limit and the duties are in euros, so nothing \
         was assessed; load the day's rates into the host's FX table (for example the ECB euro reference rates) \
         and retry"
    );
    finding(Severity::Blocking, "fx_rate_unavailable", None, message)
}

pub fn vat_rate_not_in_force(country: CountryCode, rate_bp: u32, since: &str) -> Finding {
    let message = format!(
        "the event predates {since}, when {country}'s standard VAT rate of {} took effect, and customs-eu knows \
         no earlier rate; assess this shipment by hand with the rate in force on its date",
        Percent(rate_bp)
    );
    finding(Severity::Blocking, "vat_rate_not_in_force", None, message)
}

// ---- warnings --------------------------------------------------------------------------------

/// `skus` lists every SKU with this code; the finding's `sku` is the first of them.
pub fn duty_rate_range(first_sku: &str, skus: &dyn Text, hs: &HsCode, rate: &DutyRate) -> Finding {
    let (low, high) = (Percent(rate.low_bp), Percent(rate.rate_bp));
    let message = concat(&[
        &"SKU ",
        skus,
        &": HS ",
        &hs,
        &" (",
        &rate.goods,
        &") covers CN codes charged ",
        &low,
        &" to ",
        &high,
        &"; the highest, ",
        &high,
        &", was used. Add the 8-digit CN code to your catalog for the exact rate (",
        &rate.finer,
        &")",
    ]);
    finding(Severity::Warning, "duty_rate_range", Some(first_sku), message)
}

/// `skus` lists every SKU with this code; the finding's `sku` is the first of them.
pub fn anti_dumping_possible(first_sku: &str, skus: &dyn Text, hs: &HsCode, measure: AntiDumping) -> Finding {
    let message = concat(&[
        &"SKU ",
        skus,
        &": HS ",
        &hs,
        &" made in China may owe anti-dumping duty under ",
        &measure.measure,
        &" (",
        &measure.rates,
        &") on top of the customs duty; it is not included here. Check TARIC for the producer's additional \
          code before quoting a landed cost",
    ]);
    finding(Severity::Warning, "anti_dumping_possible", Some(first_sku), message)
}

// ---- information -----------------------------------------------------------------------------

pub fn intra_eu(origin: CountryCode, destination: CountryCode) -> Finding {
    let message = format!(
        "{origin} → {destination} is a movement inside the EU, not an import: no customs duty or import VAT. VAT \
         is the seller's: {destination} VAT through the One-Stop Shop once EU distance sales pass 10,000 EUR a \
         year, {origin} VAT below that"
    );
    finding(Severity::Info, "intra_eu", None, message)
}

pub fn fx_rate_used(rate: &FxRate) -> Finding {
    let message = format!(
        "converted from {} at {} EUR per {} (host rate published for {}); every amount in this assessment is in EUR",
        rate.from,
        decimal_micros(rate.micros),
        rate.from,
        rate.date
    );
    finding(Severity::Info, "fx_rate_used", None, message)
}

pub fn low_value_relief(goods: Money) -> Finding {
    let message = format!(
        "goods worth {goods} (at most 150 EUR) imported before 2026-07-01: customs duty relieved \
         (Reg. (EC) 1186/2009, Art. 23); VAT is still due"
    );
    finding(Severity::Info, "low_value_relief", None, message)
}

pub fn flat_duty_per_item(goods: Money, classifications: &[&str], duty: Money) -> Finding {
    let message = format!(
        "goods worth {goods} (at most 150 EUR): flat customs duty of 3 EUR per tariff classification from \
         2026-07-01 (Reg. (EU) 2026/382), {} classification(s) ({}) = {duty}, put on the first line of each",
        classifications.len(),
        classifications.join(", ")
    );
    finding(Severity::Info, "flat_duty_per_item", None, message)
}

/// The decision on VAT over the duty under IOSS, stated on every IOSS assessment that owes duty.
///
/// Sources disagree (MARKETS.md, "EU notes"): the EAS help centre (E9) says no VAT on the €3
/// under IOSS; Glopal (E8) adds VAT on it. The plugin follows E9 and the VAT Directive's logic:
/// under IOSS the taxable amount is the price charged to the buyer (Art. 73), and the duty is a
/// customs debt paid at import outside the IOSS return — so VAT reaches the duty only when the
/// merchant re-charges it in the checkout price (Art. 78(a)), which `ioss_vat_on_duty` expresses.
pub fn ioss_vat_on_duty(duty: Money, included: bool) -> Finding {
    let message = if included {
        format!(
            "IOSS: VAT charged on the goods, the delivery and the {duty} customs duty, because ioss_vat_on_duty is \
             set (the duty is part of your checkout price)"
        )
    } else {
        format!(
            "IOSS: VAT charged on the goods and the delivery only; the {duty} customs duty is paid to customs at \
             import, outside the IOSS return, with no VAT on it (EAS help centre). If you add the duty to the \
             checkout price, set ioss_vat_on_duty: it then becomes part of the taxable amount"
        )
    };
    finding(Severity::Info, "ioss_vat_on_duty", None, message)
}

pub fn ioss_not_applicable(goods: Money) -> Finding {
    let message = format!(
        "goods worth {goods} exceed 150 EUR, the IOSS limit: import VAT is collected at the border although an \
         IOSS number is configured"
    );
    finding(Severity::Info, "ioss_not_applicable", None, message)
}

pub fn product_identifiers_required() -> Finding {
    let message = "since 2026-11-01, H7 declarations carry product identifiers per item (merchant and \
                   manufacturer IDs, GTIN; Delegated Reg. (EU) 2026/1022): make sure your carrier receives them"
        .to_owned();
    finding(Severity::Info, "product_identifiers_required", None, message)
}

pub fn fees_not_assessed() -> Finding {
    let message = "not included: the EU handling fee on low-value items (agreed in principle, start and amount \
                   unconfirmed) and national parcel fees reported for FR, IT and RO; check with your carrier"
        .to_owned();
    finding(Severity::Info, "fees_not_assessed", None, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_print_without_trailing_zeros() {
        let shown: Vec<String> = [1200, 270, 2550, 1690, 5, 0].iter().map(|bp| Percent(*bp).to_string()).collect();
        assert_eq!(shown, ["12%", "2.7%", "25.5%", "16.9%", "0.05%", "0%"]);
    }

    #[test]
    fn fx_rates_print_as_decimals() {
        assert_eq!(decimal_micros(920_000), "0.92");
        assert_eq!(decimal_micros(1_085_000), "1.085");
        assert_eq!(decimal_micros(2_000_000), "2");
        assert_eq!(decimal_micros(6_156), "0.006156");
    }

    #[test]
    fn a_missing_code_tells_the_merchant_where_to_fix_it() {
        let f = missing_hs_code("TEE-M");
        assert_eq!(
            (f.severity, f.code.as_str(), f.sku.as_deref()),
            (Severity::Blocking, "missing_hs_code", Some("TEE-M"))
        );
        assert!(f.message.contains("catalog"));
    }
}
