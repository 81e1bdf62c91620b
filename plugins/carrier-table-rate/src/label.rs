//! What a label says, whether an address can carry one, and the 4×6 inch PDF layout.
//!
//! [`LabelContent`] gathers everything printed; [`pdf_label`] lays it out on a 288 × 432 pt
//! page and `crate::zpl` prints the same for thermal printers. The shipment of a label request
//! is the leg being labelled: for a return label (`is_return`) the core hands over a shipment
//! whose origin is the buyer and whose destination is the return location, and the label is
//! marked RETURN.
//!
//! A label goes to the destination, so that address must be printable and sortable: it needs a
//! city, and a postal code unless the country has no postal code system.

use crossdock_sdk::prelude::*;

use crate::code128;
use crate::pdf::{self, Canvas, Font};
use crate::rating::kg;

/// Everything printed on one label.
#[derive(Debug, Clone)]
pub struct LabelContent<'a> {
    pub carrier_name: &'a str,
    pub service_name: &'a str,
    pub level: ServiceLevel,
    pub from: &'a Address,
    pub to: &'a Address,
    pub weight_g: u64,
    pub parcels: usize,
    pub shipment_id: &'a str,
    pub tracking_number: &'a str,
    /// When the label was created (the event clock).
    pub created: Timestamp,
    pub is_return: bool,
}

/// Countries without a postal code system, where an address is complete without one (after
/// the Universal Postal Union's list of postcode-using members and the address formats of
/// Google's libaddressinput, read 2026-11-25).
const NO_POSTAL_CODE: &str = "AE AG AO AW BF BI BJ BO BQ BS BW BZ CD CF CG CI CK CM CW DJ DM ER FJ GA GD GH GM GQ GY \
                              HK HM KI KM KN KP LY ML MO MR NR NU QA RW SB SC SL SO SR SS ST SX SY TD TF TG TK TL TO \
                              TV UG VU YE ZW";

/// Whether `country` has no postal codes.
pub fn postal_code_optional(country: CountryCode) -> bool {
    NO_POSTAL_CODE.split_whitespace().any(|c| c == country.as_str())
}

/// `address_rejected` unless the destination has what a label needs.
pub fn check_destination(to: &Address) -> Result<(), CarrierError> {
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    let mut missing = Vec::new();
    if blank(&to.postal_code) && !postal_code_optional(to.country) {
        missing.push("postal code");
    }
    if blank(&to.city) {
        missing.push("city");
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(CarrierError::AddressRejected(format!(
        "the destination in {} has no {}; a label cannot be printed without it: complete the address and \
         request the label again",
        to.country,
        missing.join(" and no ")
    )))
}

/// The address as printed, one line per entry, blank parts left out.
pub fn address_lines(a: &Address) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let s = s.trim();
        if !s.is_empty() {
            lines.push(s.to_owned());
        }
    };
    for part in [&a.name, &a.company] {
        push(part.as_deref().unwrap_or(""));
    }
    for street in &a.street {
        push(street);
    }
    let city = [a.postal_code.as_deref(), a.city.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    push(&city);
    push(a.region.as_deref().unwrap_or(""));
    push(a.country.as_str());
    lines
}

/// `text`, cut to `max` characters with an ellipsis.
pub fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The service level in capitals, as printed.
pub fn level_name(level: ServiceLevel) -> &'static str {
    match level {
        ServiceLevel::Economy => "ECONOMY",
        ServiceLevel::Standard => "STANDARD",
        ServiceLevel::Express => "EXPRESS",
    }
}

const WIDTH: f32 = 288.0; // 4 in
const HEIGHT: f32 = 432.0; // 6 in
const MARGIN: f32 = 14.0;

/// The label as a one-page 4×6 inch PDF with a Code 128 barcode of the tracking number.
pub fn pdf_label(c: &LabelContent) -> Vec<u8> {
    let mut page = Canvas::new();
    let right = WIDTH - MARGIN;
    // Header: carrier and service, level (or RETURN) on the right.
    page.text(Font::Bold, 18.0, MARGIN, HEIGHT - 34.0, &fit(c.carrier_name, 22));
    page.text(Font::Regular, 10.0, MARGIN, HEIGHT - 50.0, &fit(c.service_name, 40));
    let tag = if c.is_return { "RETURN" } else { level_name(c.level) };
    page.text(Font::Bold, 12.0, right - pdf::text_width(12.0, tag) * 1.08, HEIGHT - 34.0, tag);
    page.line((MARGIN, HEIGHT - 60.0), (right, HEIGHT - 60.0), 1.5);
    // Sender, small.
    let mut y = HEIGHT - 74.0;
    page.text(Font::Bold, 7.0, MARGIN, y, "FROM");
    for line in address_lines(c.from).iter().take(6) {
        y -= 9.5;
        page.text(Font::Regular, 8.0, MARGIN, y, &fit(line, 60));
    }
    page.line((MARGIN, 300.0), (right, 300.0), 0.75);
    // Recipient, large.
    let mut y = 286.0;
    page.text(Font::Bold, 7.0, MARGIN, y, "TO");
    for line in address_lines(c.to).iter().take(7) {
        y -= 15.0;
        page.text(Font::Bold, 12.0, MARGIN + 8.0, y, &fit(line, 34));
    }
    page.line((MARGIN, 176.0), (right, 176.0), 1.5);
    // Shipment facts.
    let facts = format!("Weight {}   Parcels {}   Date {}", kg(c.weight_g), c.parcels.max(1), c.created.date());
    page.text(Font::Regular, 8.0, MARGIN, 163.0, &facts);
    page.text(Font::Regular, 8.0, MARGIN, 152.0, &fit(&format!("Ref {}", c.shipment_id), 60));
    // Barcode, centred, as wide as the page allows, and the number under it.
    barcode(&mut page, c.tracking_number, 60.0, 80.0);
    let size = 11.0;
    let x = (WIDTH - pdf::text_width(size, c.tracking_number)) / 2.0;
    page.text(Font::Regular, size, x, 44.0, c.tracking_number);
    page.text(Font::Regular, 6.0, MARGIN, 16.0, "Tracking: no scans until the parcel is handed over.");
    let title = format!("{} label {}", c.carrier_name, c.tracking_number);
    let info = pdf::Info { title: &title, producer: "crossdock carrier-table-rate", created: c.created };
    pdf::document(WIDTH, HEIGHT, &page, &info)
}

/// Draws `text` as Code 128 bars from `y` up, `height` tall, centred with quiet zones.
fn barcode(page: &mut Canvas, text: &str, y: f32, height: f32) {
    let Some(modules) = code128::modules(text) else {
        return; // Tracking numbers are ASCII; nothing else is ever drawn.
    };
    let total: u32 = modules.iter().map(|&m| u32::from(m)).sum::<u32>() + 20; // + quiet zones
    let module = ((WIDTH - 2.0 * MARGIN) / total as f32).min(2.0);
    let mut x = (WIDTH - module * (total - 20) as f32) / 2.0;
    for (i, &m) in modules.iter().enumerate() {
        let w = module * f32::from(m);
        if i % 2 == 0 {
            page.fill_rect(x, y, w, height);
        }
        x += w;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::from_json;

    fn address(json: &str) -> Address {
        from_json(json)
    }

    #[test]
    fn a_destination_without_postal_code_or_city_is_rejected_naming_what_is_missing() {
        let err = check_destination(&address(r#"{"country":"DE","city":"Berlin"}"#)).unwrap_err();
        assert!(matches!(&err, CarrierError::AddressRejected(m) if m.contains("no postal code")), "{err}");
        let err = check_destination(&address(r#"{"country":"DE"}"#)).unwrap_err().to_string();
        assert!(err.contains("no postal code and no city"), "{err}");
        let err = check_destination(&address(r#"{"country":"DE","postal_code":"10115","city":"  "}"#)).unwrap_err();
        assert!(err.to_string().contains("no city"), "{err}");
        assert!(check_destination(&address(r#"{"country":"DE","postal_code":"10115","city":"Berlin"}"#)).is_ok());
    }

    #[test]
    fn hong_kong_addresses_need_no_postal_code() {
        assert!(check_destination(&address(r#"{"country":"HK","city":"Kowloon"}"#)).is_ok());
        assert!(check_destination(&address(r#"{"country":"HK"}"#)).is_err());
    }

    #[test]
    fn address_lines_skip_blank_parts() {
        let a = address(
            r#"{"name":"Camille Béranger","company":"","street":["12 rue de la République","Bâtiment B"],
            "postal_code":"69002","city":"Lyon","country":"FR"}"#,
        );
        assert_eq!(
            address_lines(&a),
            ["Camille Béranger", "12 rue de la République", "Bâtiment B", "69002 Lyon", "FR"]
        );
    }

    #[test]
    fn long_lines_are_cut_with_an_ellipsis() {
        assert_eq!(fit("Invalidenstrasse 117", 40), "Invalidenstrasse 117");
        assert_eq!(fit("Invalidenstrasse 117", 10), "Invaliden…");
        assert_eq!(fit("Invalidenstrasse 117", 10).chars().count(), 10);
    }
}
