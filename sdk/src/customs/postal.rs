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

use crate::{Document, Money, PluginError};

use super::AssessmentBuilder;

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

impl AssessmentBuilder<'_, '_> {
    /// The papers a shipment needs in most countries, in this order: the commercial invoice; by
    /// post (`postal` is the SDR rate of the plugin's configuration), the CN22 or CN23 of
    /// [`postal_declaration`](Self::postal_declaration); and a certificate of origin when the
    /// merchant claims a preference.
    pub fn trade_documents(
        &mut self,
        postal: Option<&SdrRate<'_>>,
        certificate_of_origin: bool,
    ) -> Result<(), PluginError> {
        self.document(Document::CommercialInvoice);
        if let Some(sdr) = postal {
            self.postal_declaration(sdr)?;
        }
        if certificate_of_origin {
            self.document(Document::CertificateOfOrigin);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CollectAt;
    use crate::customs::Valuation;
    use crate::testing::customs::{host_on, item, money, shipment_from_china};

    #[test]
    fn trade_documents_are_the_invoice_the_postal_form_by_post_and_the_certificate_when_claimed() {
        let sdr = SdrRate { currency: "NZD", micros: 2_200_000, as_of: "2026-11-24", source: "IMF" };
        let s = shipment_from_china(
            crate::Address::in_country("NZ".parse().unwrap()),
            money(0, "NZD"),
            vec![item("TEE", 1, money(2000, "NZD"), Some("610910"))],
        );
        let host = host_on("2026-11-25", "{}");
        let ctx = host.ctx();
        for (postal, claimed, expected) in [
            (None, false, vec![Document::CommercialInvoice]),
            (Some(&sdr), false, vec![Document::CommercialInvoice, Document::Cn22]),
            (Some(&sdr), true, vec![Document::CommercialInvoice, Document::Cn22, Document::CertificateOfOrigin]),
        ] {
            let mut b =
                AssessmentBuilder::new(&ctx, &s, "customs-test", "NZD".parse().unwrap(), Valuation::Cif).unwrap();
            b.trade_documents(postal, claimed).unwrap();
            assert_eq!(b.finish(CollectAt::Delivery, false).unwrap().documents, expected);
        }
    }

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
