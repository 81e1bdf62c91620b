//! The tariff code of an item, checked before anything is assessed on it.
//!
//! An item's `hs_code` arrives as the merchant's catalog wrote it (see
//! [`Item::hs_code`](crate::Item::hs_code)). [`classify`] turns it into a validated [`HsCode`] or
//! into one blocking finding that says what to fix:
//!
//! | code | when |
//! | --- | --- |
//! | `missing_hs_code` | no code, or only blanks |
//! | `malformed_hs_code` | anything but digits, dots and spaces, or not 6 to 10 digits |
//! | `unknown_hs_heading` | the right shape, but the first two digits are no HS chapter (01–97; 77 is reserved) or the four-digit heading cannot exist (`xx00`: headings are numbered from `xx01` in every chapter) |
//!
//! Source of the nomenclature's shape: WCO Harmonized System, 2022 edition (chapters 01–97,
//! chapter 77 reserved for future use; headings numbered within their chapter from 01), as
//! restated in `crossdock_types::codes`, read 2026-11-25.

use crate::{Finding, HsCode, Item};

use super::findings;

/// The validated code of `item`, or the blocking finding that explains what is wrong with it.
///
/// ```
/// use crossdock_sdk::customs::classify;
/// use crossdock_sdk::testing::from_json;
/// use crossdock_sdk::Item;
///
/// let mut item: Item = from_json(r#"{"sku": "TEE", "title": "T-shirt", "quantity": 1,
///     "unit_price": {"amount": 1999, "currency": "GBP"}, "unit_weight_g": 180, "hs_code": "6109.10"}"#);
/// assert_eq!(classify(&item).unwrap().as_str(), "610910");
/// item.hs_code = Some("6109".into());
/// assert_eq!(classify(&item).unwrap_err().code, "malformed_hs_code");
/// item.hs_code = Some("771234".into());
/// assert_eq!(classify(&item).unwrap_err().code, "unknown_hs_heading");
/// ```
pub fn classify(item: &Item) -> Result<HsCode, Finding> {
    let sku = item.sku.as_str();
    let text = match item.hs_code.as_deref().map(str::trim) {
        None | Some("") => return Err(findings::missing_hs_code(sku)),
        Some(text) => text,
    };
    let digits: String = text.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(findings::malformed_hs_code(sku, text, "only digits, dots and spaces are allowed"));
    }
    if !(6..=10).contains(&digits.len()) {
        return Err(findings::malformed_hs_code(sku, text, "it must have 6 to 10 digits"));
    }
    let chapter = number(&digits[..2]);
    if chapter == 0 || chapter > 97 || chapter == 77 {
        return Err(findings::unknown_hs_heading(
            sku,
            text,
            "its first two digits are not an HS chapter (01-97; 77 is reserved)",
        ));
    }
    if &digits[2..4] == "00" {
        return Err(findings::unknown_hs_heading(
            sku,
            text,
            "no HS heading ends in 00 (headings are numbered from 01 within each chapter)",
        ));
    }
    digits.parse::<HsCode>().map_err(|e| findings::malformed_hs_code(sku, text, &e.to_string()))
}

fn number(digits: &str) -> u32 {
    digits.bytes().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Money, Severity};

    fn item(hs: Option<&str>) -> Item {
        Item {
            sku: "SKU-1".into(),
            title: "thing".into(),
            quantity: 1,
            unit_price: Money::new(100, "GBP".parse().unwrap()),
            unit_weight_g: 100,
            hs_code: hs.map(str::to_owned),
            origin_country: None,
        }
    }

    fn code_of(hs: Option<&str>) -> Result<String, (Severity, String, Option<String>)> {
        classify(&item(hs)).map(|c| c.as_str().to_owned()).map_err(|f| (f.severity, f.code, f.sku))
    }

    #[test]
    fn printed_forms_are_accepted_and_normalised() {
        assert_eq!(code_of(Some("6109.10")), Ok("610910".into()));
        assert_eq!(code_of(Some(" 6109 10 00 10 ")), Ok("6109100010".into()));
        assert_eq!(code_of(Some("4901990000")), Ok("4901990000".into()));
    }

    #[test]
    fn each_problem_has_its_own_blocking_code_naming_the_sku() {
        let blocking = |code: &str| Err((Severity::Blocking, code.to_owned(), Some("SKU-1".to_owned())));
        assert_eq!(code_of(None), blocking("missing_hs_code"));
        assert_eq!(code_of(Some("  ")), blocking("missing_hs_code"));
        assert_eq!(code_of(Some("6109")), blocking("malformed_hs_code"));
        assert_eq!(code_of(Some("61091000001")), blocking("malformed_hs_code"));
        assert_eq!(code_of(Some("61O910")), blocking("malformed_hs_code"));
        assert_eq!(code_of(Some("6109-10")), blocking("malformed_hs_code"));
        assert_eq!(code_of(Some("000000")), blocking("unknown_hs_heading"));
        assert_eq!(code_of(Some("771010")), blocking("unknown_hs_heading"));
        assert_eq!(code_of(Some("981010")), blocking("unknown_hs_heading"));
        assert_eq!(code_of(Some("610010")), blocking("unknown_hs_heading"));
    }

    #[test]
    fn messages_quote_the_code_as_written() {
        let f = classify(&item(Some("6109-10"))).unwrap_err();
        assert!(f.message.contains("6109-10"), "{}", f.message);
        assert!(f.message.contains("catalog"), "{}", f.message);
    }
}
