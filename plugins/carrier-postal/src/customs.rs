//! The customs declaration that travels with every USPS international label, and whether it is
//! a CN22 or a CN23.
//!
//! USPS prints the declaration with the label from `customsForm` (International Labels API
//! 3.3.7): what the parcel holds (`customsContentType`), the export filing (`AESITN`), and up to
//! 30 content lines, each with a description of at most 30 characters, a quantity, the line's
//! value in US dollars and weight in pounds, the HS code and the country of origin (required).
//!
//! - **Lines.** Order lines with the same description, HS code and origin are one content line
//!   (the spec values a line as "the items matching the `itemDescription`"). A value of zero is
//!   declared as one cent, the least the spec accepts.
//! - **HS codes.** Since 2025-09-01 USPS requires a 6-digit HS code for every article of a
//!   commercial nature, following the revised UPU Convention regulations (Postal Bulletin of
//!   2025-08-07, IMM edition of 2025-09-08; as summarised by the International Mailers' Advisory
//!   Group on 2025-08-20, read 2026-11-25). So every item needs one unless the parcel is a gift.
//! - **US dollars.** Values are declared in USD; other currencies are converted with the host's
//!   FX table (`ctx.convert`), line by line. Without a rate the label cannot be declared, which
//!   is `ServiceUnavailable`: another carrier may take the shipment's own currency.
//! - **AES.** The default `AESITN` is the exemption legend `NO EEI 30.37(a)`, which covers goods
//!   of at most 2,500 USD per tariff number (15 CFR 30.37(a), as PS Form 2976-B's instructions
//!   state it, July 2013 edition). Above that the merchant must file in AES and configure the
//!   ITN; a declaration that would misuse the legend is refused.
//! - **CN22 or CN23.** The UPU's rule (Convention art. 20 and its regulations): a CN22 for items
//!   worth up to 300 SDR, a CN23 above, and a CN23 for any item over 2 kg. The SDR has no place
//!   in the host's FX table (it holds trading currencies), so the limit is priced with the dated
//!   USD-per-SDR figure of the configuration (IMF, 2025-10-20 by default) through the SDK's
//!   [`postal_form`]. The USPS request has no field naming the form — USPS prints the form its
//!   rules call for — so the adapter states its choice by what it sends: a CN23 of commercial
//!   goods carries the invoice number (the shipment id) that a CN23 has a box for and a CN22 has
//!   not. The choice is logged with the figures behind it.

use crossdock_sdk::customs::{SdrRate, postal_form};
use crossdock_sdk::prelude::*;

use crate::config::{AES_EXEMPTION, Config, ContentType};
use crate::units;
use crate::wire::{Content, CustomsForm};

/// Most content lines a declaration takes.
const MAX_LINES: usize = 30;
/// Longest `itemDescription`.
const MAX_DESCRIPTION: usize = 30;
/// Longest `invoiceNumber`.
const MAX_INVOICE: usize = 15;
/// 15 CFR 30.37(a): at most 2,500 USD per tariff number without an AES filing, in cents.
const AES_EXEMPT_MAX_CENTS: i64 = 250_000;
/// Descriptions the spec says USPS does not accept, whatever their case.
const REFUSED_DESCRIPTIONS: [&str; 6] = ["none", "not applicable", "n/a", "null", "gift", "merchandise"];

/// A declaration for the label request, and what it amounts to.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    pub form: CustomsForm,
    /// CN22 or CN23.
    pub document: Document,
    /// The goods' value in US dollars.
    pub goods: Money,
    /// Why `document`, in one sentence for the log.
    pub reason: String,
}

/// One content line, summed over the order lines it stands for.
struct Line {
    description: String,
    hs: Option<String>,
    origin: CountryCode,
    quantity: u32,
    cents: i64,
    grams: u64,
}

/// Declares the goods of `shipment`, packed in a parcel of `parcel_weight_g`.
pub fn declare(
    ctx: &Ctx,
    config: &Config,
    shipment: &Shipment,
    parcel_weight_g: u32,
    is_return: bool,
) -> Result<Declaration, CarrierError> {
    let usd: CurrencyCode = "USD".parse().map_err(|_| CarrierError::InvalidRequest("USD is not a currency".into()))?;
    let commercial = is_return || config.content_type != ContentType::Gift;
    // In the order of their first appearance; a declaration has at most 30, so a list will do.
    let mut lines: Vec<Line> = Vec::new();
    let mut rate_noted = false;
    for item in shipment.items.iter().filter(|i| i.quantity > 0) {
        let description = description(item)?;
        let origin = item.origin_country.ok_or_else(|| {
            CarrierError::InvalidRequest(format!(
                "item {} has no country of origin, which every USPS customs line needs: add it to the catalog",
                item.sku
            ))
        })?;
        let hs = hs_code(item, commercial)?;
        let total = item.unit_price.checked_mul(i64::from(item.quantity)).map_err(|e| money_error(&item.sku, e))?;
        let total = if total.currency == usd {
            total
        } else {
            let (converted, rate) = ctx.convert(total, usd).ok_or_else(|| {
                CarrierError::ServiceUnavailable(format!(
                    "USPS customs values are US dollars and the host has no {}→USD rate to convert item {}; add \
                     one to the FX table",
                    total.currency, item.sku
                ))
            })?;
            if !rate_noted {
                ctx.info(&format!(
                    "customs values converted at {} USD per {} of {}",
                    micros(rate.micros),
                    rate.from,
                    rate.date
                ));
                rate_noted = true;
            }
            converted
        };
        let at = match lines.iter().position(|l| l.description == description && l.hs == hs && l.origin == origin) {
            Some(at) => at,
            None => {
                lines.push(Line { description, hs, origin, quantity: 0, cents: 0, grams: 0 });
                lines.len() - 1
            }
        };
        let line = &mut lines[at];
        line.quantity = line.quantity.saturating_add(item.quantity);
        line.cents =
            line.cents.checked_add(total.amount).ok_or_else(|| money_error(&item.sku, MoneyError::Overflow))?;
        line.grams += u64::from(item.quantity) * u64::from(item.unit_weight_g);
    }
    if lines.is_empty() {
        return Err(CarrierError::InvalidRequest(format!(
            "shipment {} has no goods to declare: a USPS customs form needs at least one item",
            shipment.id
        )));
    }
    if lines.len() > MAX_LINES {
        return Err(CarrierError::InvalidRequest(format!(
            "shipment {} has {} different goods; a USPS customs form takes at most {MAX_LINES}: split the shipment",
            shipment.id,
            lines.len()
        )));
    }
    check_aes(config, &lines)?;
    let mut contents = Vec::with_capacity(lines.len());
    let mut goods_cents: i64 = 0;
    for line in lines {
        let cents = line.cents.max(1);
        goods_cents = goods_cents.saturating_add(cents);
        contents.push(Content {
            item_description: line.description,
            item_quantity: line.quantity,
            item_total_value: units::hundredths(cents.unsigned_abs())?,
            item_total_weight: units::hundredths(units::grams_to_lb(line.grams).max(1))?,
            weight_uom: "lb",
            hs_tariff_number: line.hs,
            country_of_origin: line.origin.as_str().to_owned(),
        });
    }
    let goods = Money::new(goods_cents, usd);
    let sdr = SdrRate { currency: "USD", micros: config.sdr_usd_micros, as_of: &config.sdr_usd_as_of, source: "IMF" };
    let document = postal_form(goods, u64::from(parcel_weight_g), &sdr);
    let limit = Money::new(30_000, usd).ratio(i128::from(config.sdr_usd_micros), 1_000_000).unwrap_or(goods);
    let reason = format!(
        "{} ({goods}, 300 SDR = {limit} at {} USD/SDR of {}; {} g, CN22 up to 2000 g)",
        if document == Document::Cn22 { "CN22" } else { "CN23" },
        micros(config.sdr_usd_micros),
        config.sdr_usd_as_of,
        parcel_weight_g
    );
    let content_type = if is_return { "RETURNED_GOODS" } else { config.content_type.code() };
    let invoice_number =
        (document == Document::Cn23 && commercial).then(|| shipment.id.chars().take(MAX_INVOICE).collect::<String>());
    let form = CustomsForm {
        customs_content_type: content_type,
        aes_itn: config.aes_itn.trim().to_owned(),
        invoice_number: invoice_number.filter(|n| !n.trim().is_empty()),
        contents,
    };
    Ok(Declaration { form, document, goods, reason })
}

/// The item's title, as USPS takes a description: at most 30 characters, and specific.
fn description(item: &Item) -> Result<String, CarrierError> {
    let title = item.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() || REFUSED_DESCRIPTIONS.contains(&title.to_ascii_lowercase().as_str()) {
        return Err(CarrierError::InvalidRequest(format!(
            "item {} is described as `{}`, which USPS refuses on a customs form: give it a specific title such as \
             \"men's cotton T-shirt\"",
            item.sku, item.title
        )));
    }
    if title.chars().count() <= MAX_DESCRIPTION {
        return Ok(title);
    }
    // Whole words up to the limit; a first word longer than the limit is cut.
    let mut cut = String::new();
    for word in title.split(' ') {
        if cut.chars().count() + usize::from(!cut.is_empty()) + word.chars().count() > MAX_DESCRIPTION {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    if cut.is_empty() {
        cut = title.chars().take(MAX_DESCRIPTION).collect();
    }
    Ok(cut)
}

/// The item's HS code, digits only; required for goods of a commercial nature.
fn hs_code(item: &Item, commercial: bool) -> Result<Option<String>, CarrierError> {
    match item.hs_code.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
        Some(text) => text
            .parse::<HsCode>()
            .map(|hs| Some(hs.as_str().to_owned()))
            .map_err(|e| CarrierError::InvalidRequest(format!("item {}: {e}; USPS takes 6 to 10 digits", item.sku))),
        None if commercial => Err(CarrierError::InvalidRequest(format!(
            "item {} has no HS code; since 2025-09-01 USPS requires a 6-digit HS code for every commercial article: \
             add it to the catalog",
            item.sku
        ))),
        None => Ok(None),
    }
}

/// Refuses the exemption legend for goods above 2,500 USD per tariff number.
fn check_aes(config: &Config, lines: &[Line]) -> Result<(), CarrierError> {
    if !config.aes_itn.trim().eq_ignore_ascii_case(AES_EXEMPTION) {
        return Ok(());
    }
    let key = |line: &Line| line.hs.clone().unwrap_or_else(|| line.description.clone());
    let per_code = lines.iter().map(|line| {
        let code = key(line);
        let cents: i64 = lines.iter().filter(|other| key(other) == code).map(|other| other.cents).sum();
        (code, cents)
    });
    match per_code.into_iter().find(|(_, cents)| *cents > AES_EXEMPT_MAX_CENTS) {
        Some((code, cents)) => Err(CarrierError::InvalidRequest(format!(
            "goods under {code} are worth {}, above the 2,500 USD that `{AES_EXEMPTION}` covers (15 CFR 30.37(a)): \
             file the export in AES and set aes_itn to its ITN",
            units::show(cents.unsigned_abs())
        ))),
        None => Ok(()),
    }
}

fn money_error(sku: &str, e: MoneyError) -> CarrierError {
    CarrierError::InvalidRequest(format!("item {sku}: {e}"))
}

/// `1.36568` for 1,365,680 micros.
fn micros(value: u64) -> String {
    let text = format!("{}.{:06}", value / 1_000_000, value % 1_000_000);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::{TestHost, from_json};

    /// Six cotton T-shirts worth 85 USD, the sample of CARRIERS.md, from Los Angeles to Berlin.
    fn tees(currency: &str, unit: i64, quantity: u32) -> Shipment {
        from_json(&format!(
            r#"{{"id": "shp_1", "origin": {{"country": "US", "postal_code": "90045"}}, "destination": {{"country": "DE"}},
                "incoterm": "DAP", "currency": "{currency}", "shipping_cost": {{"amount": 0, "currency": "{currency}"}},
                "items": [{{"sku": "TEE-M", "title": "Cotton T-shirt", "quantity": {quantity},
                    "unit_price": {{"amount": {unit}, "currency": "{currency}"}}, "unit_weight_g": 180,
                    "hs_code": "6109.10", "origin_country": "CN"}}]}}"#
        ))
    }

    fn declare_with(host: &TestHost, shipment: &Shipment, weight_g: u32) -> Result<Declaration, CarrierError> {
        declare(&host.ctx(), &Config::default(), shipment, weight_g, false)
    }

    #[test]
    fn the_sample_declares_one_line_in_dollars_pounds_and_digits() {
        let host = TestHost::new();
        let shipment = tees("USD", 1417, 6); // 6 × 14.17 = 85.02 USD
        let declaration = declare_with(&host, &shipment, 1200).unwrap();
        let json = serde_json::to_value(&declaration.form).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"customsContentType": "MERCHANDISE", "AESITN": "NO EEI 30.37(a)",
                "contents": [{"itemDescription": "Cotton T-shirt", "itemQuantity": 6, "itemTotalValue": 85.02,
                    "itemTotalWeight": 2.39, "weightUOM": "lb", "HSTariffNumber": "610910", "countryofOrigin": "CN"}]})
        );
        assert_eq!(declaration.document, Document::Cn22);
        assert_eq!(declaration.goods.amount, 8502);
    }

    #[test]
    fn above_300_sdr_the_form_is_a_cn23_with_the_invoice_number() {
        // 300 SDR × 1.36568 USD = 409.704 USD: 409.70 is a CN22, 409.71 a CN23.
        let host = TestHost::new();
        let at_limit = declare_with(&host, &tees("USD", 40_970, 1), 1200).unwrap();
        assert_eq!(at_limit.document, Document::Cn22);
        assert_eq!(at_limit.form.invoice_number, None);
        let above = declare_with(&host, &tees("USD", 40_971, 1), 1200).unwrap();
        assert_eq!(above.document, Document::Cn23);
        assert_eq!(above.form.invoice_number.as_deref(), Some("shp_1"));
        assert!(
            above.reason.starts_with("CN23 (409.71 USD, 300 SDR = 409.70 USD at 1.36568 USD/SDR of 2025-10-20"),
            "{}",
            above.reason
        );
    }

    #[test]
    fn a_parcel_over_two_kilograms_is_a_cn23_whatever_its_value() {
        let declaration = declare_with(&TestHost::new(), &tees("USD", 1000, 1), 2001).unwrap();
        assert_eq!(declaration.document, Document::Cn23);
    }

    #[test]
    fn euro_values_are_converted_to_dollars_with_the_host_rate() {
        let host = TestHost::new().with_fx("EUR", "USD", 1_052_300, "2026-11-24");
        let declaration = declare_with(&host, &tees("EUR", 1999, 3), 1200).unwrap();
        // 3 × 19.99 EUR = 59.97 EUR × 1.0523 = 63.106… USD → 63.11 USD.
        assert_eq!(declaration.goods.amount, 6311);
        assert!(host.logs().iter().any(|(_, m)| m.contains("1.0523 USD per EUR of 2026-11-24")));
        let err = declare_with(&TestHost::new(), &tees("EUR", 1999, 3), 1200).unwrap_err();
        assert!(matches!(&err, CarrierError::ServiceUnavailable(m) if m.contains("no EUR→USD rate")), "{err:?}");
    }

    #[test]
    fn the_ten_item_shipment_merges_into_five_lines() {
        let shipment: Shipment = from_json(include_str!("../../../tests/fixtures/shipment-10.json"));
        let host = TestHost::new().with_fx("EUR", "USD", 1_052_300, "2026-11-24");
        let declaration = declare(&host.ctx(), &Config::default(), &shipment, 1200, false).unwrap();
        let lines: Vec<(&str, u32)> =
            declaration.form.contents.iter().map(|c| (c.item_description.as_str(), c.item_quantity)).collect();
        assert_eq!(
            lines,
            [
                ("Cotton T-shirt", 4),
                ("Fleece hoodie", 3),
                ("Baseball cap", 5),
                ("Socks, 3 pack", 4),
                ("Ceramic mug", 3)
            ]
        );
        // 378.34 EUR of goods is 398.13 USD, under 409.70 USD; still a CN22 at 1200 g.
        assert_eq!(declaration.document, Document::Cn22);
    }

    #[test]
    fn commercial_goods_need_an_hs_code_and_every_item_an_origin() {
        let mut shipment = tees("USD", 1000, 1);
        shipment.items[0].hs_code = None;
        let err = declare_with(&TestHost::new(), &shipment, 500).unwrap_err();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("no HS code")), "{err:?}");
        let gift = Config { content_type: ContentType::Gift, ..Config::default() };
        let declaration = declare(&TestHost::new().ctx(), &gift, &shipment, 500, false).unwrap();
        assert_eq!(declaration.form.contents[0].hs_tariff_number, None);
        shipment.items[0].origin_country = None;
        let err = declare_with(&TestHost::new(), &shipment, 500).unwrap_err();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("country of origin")), "{err:?}");
    }

    #[test]
    fn descriptions_usps_refuses_are_refused_and_long_ones_cut_at_a_word() {
        let mut shipment = tees("USD", 1000, 1);
        shipment.items[0].title = "Merchandise".into();
        assert!(matches!(declare_with(&TestHost::new(), &shipment, 500), Err(CarrierError::InvalidRequest(_))));
        shipment.items[0].title = "Organic cotton crew-neck T-shirt, heather grey".into();
        let declaration = declare_with(&TestHost::new(), &shipment, 500).unwrap();
        assert_eq!(declaration.form.contents[0].item_description, "Organic cotton crew-neck");
        shipment.items[0].title = "Pneumonoultramicroscopicsilicovolcanoconiosis detector".into();
        let declaration = declare_with(&TestHost::new(), &shipment, 500).unwrap();
        assert_eq!(declaration.form.contents[0].item_description, "Pneumonoultramicroscopicsilico");
    }

    #[test]
    fn the_aes_exemption_is_refused_above_2500_dollars_per_tariff_number() {
        let err = declare_with(&TestHost::new(), &tees("USD", 250_001, 1), 1200).unwrap_err();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("file the export in AES")), "{err:?}");
        let filed = Config { aes_itn: "X20261117123456".into(), ..Config::default() };
        let declaration = declare(&TestHost::new().ctx(), &filed, &tees("USD", 250_001, 1), 1200, false).unwrap();
        assert_eq!(declaration.form.aes_itn, "X20261117123456");
    }

    #[test]
    fn returns_declare_returned_goods() {
        let declaration =
            declare(&TestHost::new().ctx(), &Config::default(), &tees("USD", 1000, 1), 500, true).unwrap();
        assert_eq!(declaration.form.customs_content_type, "RETURNED_GOODS");
    }
}
