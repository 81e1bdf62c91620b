//! Postal customs declarations: CN22 or CN23.
//!
//! The UPU rule (Universal Postal Convention, art. 20 and its regulations, as summarised in
//! `shared/data/MARKETS.md` "Postal documents", read 2026-11-25): a CN22 travels with items whose
//! contents are worth up to 300 SDR, a CN23 above. Letter-post small packets — the items a CN22
//! travels with — weigh at most 2 kg; heavier items are parcels and take a CN23. A CN23 is
//! accepted for any value, so when the value cannot be compared with the limit the CN23 is
//! the safe choice.
//!
//! The SDR (IMF special drawing right, ISO 4217 `XDR`) is not a currency a shop trades in, and
//! the host's FX table holds trading currencies; so an [`SdrRate`] is a dated figure of *some*
//! currency per SDR (the IMF publishes them daily), and the goods are converted into that
//! currency through the host's table when it is not the assessment currency.

use crate::{Document, Money};

/// The CN22 limit in SDR.
pub const CN22_LIMIT_SDR: i64 = 300;

/// The heaviest item that travels as a letter-post small packet with a CN22, in grams.
pub const CN22_MAX_WEIGHT_G: u64 = 2_000;

/// Units of `currency` per SDR, as published on `as_of` by `source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SdrRate<'a> {
    /// ISO 4217 code of the currency the rate is in, such as `"GBP"`.
    pub currency: &'a str,
    /// Units of `currency` per SDR × 1,000,000.
    pub micros: u64,
    /// YYYY-MM-DD of the rate.
    pub as_of: &'a str,
    pub source: &'a str,
}

/// CN22 when goods worth `goods` (in the rate's currency) are within 300 SDR and the item weighs
/// at most 2 kg; CN23 otherwise.
///
/// ```
/// use crossdock_sdk::customs::{SdrRate, postal_form};
/// use crossdock_sdk::{Document, Money};
/// // IMF: 1 SDR = 1.02 GBP (an example figure): the limit is 306.00 GBP.
/// let sdr = SdrRate { currency: "GBP", micros: 1_020_000, as_of: "2026-11-24", source: "IMF" };
/// let gbp = |pence| Money::new(pence, "GBP".parse().unwrap());
/// assert_eq!(postal_form(gbp(30_600), 1_500, &sdr), Document::Cn22);
/// assert_eq!(postal_form(gbp(30_601), 1_500, &sdr), Document::Cn23);
/// assert_eq!(postal_form(gbp(1_000), 2_001, &sdr), Document::Cn23);
/// ```
pub fn postal_form(goods: Money, weight_g: u64, sdr: &SdrRate<'_>) -> Document {
    // minor ≤ 300 × micros/1e6 × 10^minor_units ⇔ minor × 1e6 ≤ 300 × micros × 10^minor_units.
    let scale = 10i128.pow(u32::from(goods.currency.minor_units()));
    let value_ok = i128::from(goods.amount) * 1_000_000 <= i128::from(CN22_LIMIT_SDR) * i128::from(sdr.micros) * scale;
    if value_ok && weight_g <= CN22_MAX_WEIGHT_G { Document::Cn22 } else { Document::Cn23 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_respects_minor_units() {
        // 1 SDR = 209.5 JPY (example): 300 SDR = 62,850 JPY, no minor units.
        let sdr = SdrRate { currency: "JPY", micros: 209_500_000, as_of: "2026-11-24", source: "IMF" };
        let jpy = |yen| Money::new(yen, "JPY".parse().unwrap());
        assert_eq!(postal_form(jpy(62_850), 100, &sdr), Document::Cn22);
        assert_eq!(postal_form(jpy(62_851), 100, &sdr), Document::Cn23);
    }

    #[test]
    fn two_kilograms_is_still_a_small_packet() {
        let sdr = SdrRate { currency: "NOK", micros: 14_000_000, as_of: "2026-11-24", source: "IMF" };
        let nok = Money::new(10_000, "NOK".parse().unwrap());
        assert_eq!(postal_form(nok, 2_000, &sdr), Document::Cn22);
        assert_eq!(postal_form(nok, 2_001, &sdr), Document::Cn23);
    }
}
