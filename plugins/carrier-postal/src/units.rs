//! Pounds and inches, converted exactly from the contract's grams and millimetres.
//!
//! USPS takes weights in pounds and lengths in inches only (CARRIERS.md §0; `weightUOM` and
//! `dimensionsUOM` accept only `lb` and `in` in the International Labels API 3.3.7). The
//! conversions use the exact definitions — 1 lb = 453.59237 g and 1 in = 25.4 mm (the
//! international yard and pound agreement of 1959) — in integer arithmetic, to hundredths:
//!
//! - weights round **up** to the next 0.01 lb, so that a parcel is never declared lighter than
//!   it is (1200 g = 2.6455… lb → 2.65 lb);
//! - lengths round **half up** to 0.01 in, as CARRIERS.md §0 shows them (300 mm = 11.811… in →
//!   11.81 in; 200 mm → 7.87 in; 100 mm → 3.94 in). Half a hundredth of an inch is below what a
//!   tape measures, and USPS prices dimensions only beyond 12 in.
//!
//! Requests carry these as JSON numbers with two decimals, written by
//! [`decimal_number`](crossdock_sdk::carrier::decimal_number) without floating-point arithmetic
//! on the value.

use crossdock_sdk::CarrierError;
use crossdock_sdk::carrier::decimal_number;

/// Grams in a pound, times 100,000: 1 lb = 453.59237 g exactly.
const GRAMS_PER_LB_E5: u128 = 45_359_237;
/// Tenths of a millimetre in an inch: 1 in = 25.4 mm exactly.
const TENTH_MM_PER_IN: u128 = 254;

/// Grams to hundredths of a pound, rounded up.
pub fn grams_to_lb(grams: u64) -> u64 {
    let scaled = u128::from(grams) * 100 * 100_000;
    u64::try_from(scaled.div_ceil(GRAMS_PER_LB_E5)).unwrap_or(u64::MAX)
}

/// Millimetres to hundredths of an inch, rounded half up.
pub fn mm_to_in(mm: u64) -> u64 {
    let scaled = u128::from(mm) * 100 * 10;
    u64::try_from((scaled + TENTH_MM_PER_IN / 2) / TENTH_MM_PER_IN).unwrap_or(u64::MAX)
}

/// Hundredths (of a pound, an inch or a dollar) as a JSON number: 265 → `2.65`.
pub fn hundredths(value: u64) -> Result<serde_json::Number, CarrierError> {
    let value = i64::try_from(value)
        .map_err(|_| CarrierError::InvalidRequest(format!("{value} hundredths is too large to send")))?;
    decimal_number(value, 2)
}

/// `2.65` for 265, for messages.
pub fn show(value: u64) -> String {
    format!("{}.{:02}", value / 100, value % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_parcel_converts_as_carriers_md_shows() {
        // CARRIERS.md §0: 1.2 kg = 2.65 lb, and 30×20×10 cm = 11.81×7.87×3.94 in.
        assert_eq!(show(grams_to_lb(1200)), "2.65");
        assert_eq!([300, 200, 100].map(|mm| show(mm_to_in(mm))), ["11.81", "7.87", "3.94"]);
    }

    #[test]
    fn weights_round_up_and_lengths_round_half_up() {
        // 453.59237 g is exactly 1 lb; 454 g is 1.0009… lb, declared as 1.01 lb.
        assert_eq!(grams_to_lb(0), 0);
        assert_eq!(show(grams_to_lb(1)), "0.01");
        assert_eq!(show(grams_to_lb(454)), "1.01");
        assert_eq!(show(grams_to_lb(31_751)), "70.00"); // 69.998… lb, rounded up
        // 127 mm is 5 in exactly; 1 mm is 0.0393… in.
        assert_eq!(show(mm_to_in(127)), "5.00");
        assert_eq!(show(mm_to_in(1)), "0.04");
        assert_eq!(show(mm_to_in(254)), "10.00");
    }

    #[test]
    fn hundredths_are_written_as_plain_decimal_json_numbers() {
        let numbers: Vec<serde_json::Number> =
            [265, 1181, 250, 7].into_iter().map(|v| hundredths(v).unwrap()).collect();
        assert_eq!(serde_json::to_string(&numbers).unwrap(), "[2.65,11.81,2.5,0.07]");
    }
}
