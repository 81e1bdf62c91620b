//! Labels: `POST /international-labels/v3/international-label` (CARRIERS.md §4.3), and their
//! cancellation, `DELETE /international-labels/v3/international-label/{trackingNumber}`.
//!
//! Buying a label takes four calls: the OAuth token; a price query for the chosen class, whose
//! rate ingredients (`processingCategory`, `rateIndicator`, `destinationEntryFacilityType`) go
//! into the label request so that the label is bought at the price that was quoted; the payment
//! authorization (`POST /payments/v3/payment-authorization`, the EPS account as `PAYER` and the
//! CRID/MIDs as `LABEL_OWNER`), whose token travels as `X-Payment-Authorization-Token`; and the
//! label itself, with the customs declaration of [`crate::customs`].
//!
//! The label call answers multipart by default; `Accept: application/vnd.usps.labels+json` makes
//! it one JSON document with the tracking number (`internationalTrackingNumber`), the postage
//! and fees in US dollars, and the image in base64 (`labelImage`), in the requested image type
//! but without a format field — so the decoded bytes are checked to be what was asked for. The
//! price of the label is its postage plus its fees and extra services.
//!
//! `X-Idempotency-Key` is derived from the CRID, shipment, service, direction and mailing date,
//! so that a retried request (after a timeout, say) returns the label USPS already made instead
//! of buying a second one; USPS keeps one label per key and payload.
//!
//! Cancelling needs the token and the payment authorization too. USPS cancels a label that is
//! not yet manifested (`CANCELED`) and otherwise files a refund request (`DISPUTED`, with a
//! dispute id); both mean the label is void for crossdock.

use crossdock_sdk::carrier::{decode_base64, percent_encode, sniff_label_format};
use crossdock_sdk::prelude::*;

use crate::api::{Api, Call};
use crate::config::Config;
use crate::countries;
use crate::customs;
use crate::rating::{self, CARRIER};
use crate::route::{self, Route};
use crate::services::{self, MailClass};
use crate::tracking;
use crate::wire::{
    Addressee, CancelResponse, CustomerReference, FromAddress, ImageInfo, LabelRequest as UspsLabelRequest,
    LabelResponse, PackageDescription, ToAddress,
};

pub const PATH: &str = "/international-labels/v3/international-label";
/// The media type of the one-document label answer.
pub const LABELS_JSON: &str = "application/vnd.usps.labels+json";
/// Longest name, firm and street USPS takes.
const MAX_FIELD: usize = 50;
/// Longest city.
const MAX_CITY: usize = 28;

/// Buys the label `request` asks for.
pub fn create(ctx: &Ctx, config: &Config, request: &LabelRequest) -> Result<Label, CarrierError> {
    let class =
        MailClass::from_code(&request.service_code).filter(|c| config.services.contains(c)).ok_or_else(|| {
            CarrierError::InvalidRequest(format!(
                "unknown service code `{}`: this binding offers {}",
                request.service_code,
                services::list(&config.services)
            ))
        })?;
    let shipment = &request.shipment;
    let route = route::route(shipment)?;
    let parcel = route::single_parcel(&request.parcels)?;
    let account = config.payment_account()?;
    let from_address = from_address(&shipment.origin, &route)?;
    let to_address = to_address(&shipment.destination)?;
    let declaration = customs::declare(ctx, config, shipment, parcel.weight_g, request.is_return)?;
    ctx.info(&format!("customs declaration for shipment {}: {}", shipment.id, declaration.reason));

    let api = Api::connect(ctx, config)?;
    let query = rating::query(ctx, config, shipment, &route, &parcel, Some(class))?;
    let offer = rating::offers(&api, &query, &[class])?
        .into_iter()
        .next()
        .ok_or_else(|| rating::none_offered(&[class], parcel.weight_g, &route))?;
    let payment = api.payment_token(&account)?;
    let mailing_date = ctx.now().date();
    let body = UspsLabelRequest {
        image_info: ImageInfo { image_type: config.label_format.image_type(), label_type: "4X6LABEL" },
        to_address,
        from_address,
        package_description: PackageDescription {
            mail_class: class.code().into(),
            processing_category: offer.processing_category.clone(),
            destination_entry_facility_type: offer.destination_entry_facility_type.clone(),
            rate_indicator: offer.rate_indicator.clone(),
            mailing_date: mailing_date.clone(),
            weight_uom: "lb",
            weight: query.weight.clone(),
            dimensions_uom: "in",
            length: query.length.clone(),
            width: query.width.clone(),
            height: query.height.clone(),
            customer_reference: vec![CustomerReference { reference_number: cut(&shipment.id, 30) }],
        },
        customs_form: declaration.form,
    };
    let direction = if request.is_return { "return" } else { "outbound" };
    let key = idempotency_key(&[&account.crid, &shipment.id, class.code(), direction, &mailing_date]);
    let http = api
        .post(PATH)
        .header("Accept", LABELS_JSON)
        .header("X-Payment-Authorization-Token", &payment)
        .header("X-Idempotency-Key", &key)
        .json(&body)?;
    let answer = api.send(Call::Label, http)?.read(LabelResponse::read)?;
    let label = label(config, class, &answer)?;
    ctx.info(&format!(
        "{direction} USPS label {} for shipment {} by {} ({} bytes, {}; quoted {})",
        label.tracking_number,
        shipment.id,
        class.code(),
        label.data.len(),
        label.price,
        offer.price
    ));
    Ok(label)
}

/// The contract's label for USPS's answer.
fn label(config: &Config, class: MailClass, answer: &LabelResponse) -> Result<Label, CarrierError> {
    let tracking_number =
        answer.international_tracking_number.as_deref().map(str::trim).filter(|n| !n.is_empty()).ok_or_else(|| {
            CarrierError::BadResponse("USPS made a label without an internationalTrackingNumber".into())
        })?;
    let image =
        answer.label_image.as_deref().filter(|i| !i.trim().is_empty()).ok_or_else(|| {
            CarrierError::BadResponse(format!("USPS label {tracking_number} came without labelImage"))
        })?;
    let data = decode_base64(image)?;
    let format = config.label_format.format();
    if sniff_label_format(&data) != Some(format) {
        return Err(CarrierError::BadResponse(format!(
            "USPS label {tracking_number} is not the {format:?} image that was asked for ({} bytes)",
            data.len()
        )));
    }
    let usd: CurrencyCode = "USD".parse().map_err(|_| CarrierError::BadResponse("USD is not a currency".into()))?;
    let postage = answer
        .postage
        .as_ref()
        .ok_or_else(|| CarrierError::BadResponse(format!("USPS label {tracking_number} came without postage")))?;
    let mut price = postage.to_money(usd)?;
    for charge in &answer.charges {
        price = price.checked_add(charge.to_money(usd)?).map_err(|e| CarrierError::BadResponse(e.to_string()))?;
    }
    Ok(Label {
        carrier: CARRIER.into(),
        service_code: class.code().into(),
        tracking_number: tracking_number.to_owned(),
        format,
        data,
        price,
    })
}

/// Cancels the label `tracking_number`, or asks for its refund when it is already manifested.
pub fn void(ctx: &Ctx, config: &Config, tracking_number: &str) -> Result<(), CarrierError> {
    let number = tracking::clean(tracking_number)?;
    let account = config.payment_account()?;
    let api = Api::connect(ctx, config)?;
    let payment = api.payment_token(&account)?;
    let request =
        api.delete(&format!("{PATH}/{}", percent_encode(&number))).header("X-Payment-Authorization-Token", &payment);
    let answer = api.send(Call::Cancel, request)?.read(CancelResponse::read)?;
    match answer.status.as_deref().map(str::trim) {
        Some("CANCELED") => ctx.info(&format!("USPS label {number} cancelled")),
        Some("DISPUTED") => ctx.info(&format!(
            "USPS label {number} was already manifested: refund requested (dispute {})",
            answer.dispute_id.as_deref().unwrap_or("without an id")
        )),
        other => {
            return Err(CarrierError::BadResponse(format!(
                "USPS answered the cancellation of {number} with status {other:?}, neither CANCELED nor DISPUTED"
            )));
        }
    }
    Ok(())
}

/// The US sender.
fn from_address(origin: &Address, route: &Route) -> Result<FromAddress, CarrierError> {
    let (street, secondary) = street(origin, "origin")?;
    let state = if origin.country.as_str() == "US" {
        let region = origin.region.as_deref().map(str::trim).unwrap_or_default().to_ascii_uppercase();
        if region.len() != 2 || !region.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(CarrierError::InvalidRequest(format!(
                "the origin's region `{region}` is not a two-letter US state code such as CA: USPS needs the sender's state"
            )));
        }
        region
    } else {
        // Puerto Rico, Guam, …: the USPS state code is the ISO country code.
        origin.country.as_str().to_owned()
    };
    Ok(FromAddress {
        street_address: street,
        secondary_address: secondary,
        city: city(origin, "origin")?,
        state,
        zip_code: route.zip.clone(),
        zip_plus4: route.zip_plus4.clone(),
        addressee: addressee(origin, "origin")?,
    })
}

/// The foreign addressee.
fn to_address(destination: &Address) -> Result<ToAddress, CarrierError> {
    let (street, secondary) = street(destination, "destination")?;
    let code = destination.country.as_str();
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    Ok(ToAddress {
        street_address: street,
        secondary_address: secondary,
        city: city(destination, "destination")?,
        postal_code: text(&destination.postal_code),
        province: text(&destination.region),
        country: countries::name(code).unwrap_or(code).to_owned(),
        country_iso_alpha2_code: code.to_owned(),
        addressee: addressee(destination, "destination")?,
    })
}

/// The first street line, and the others as the secondary address.
fn street(address: &Address, which: &str) -> Result<(String, Option<String>), CarrierError> {
    let lines: Vec<&str> = address.street.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    let (first, rest) = lines.split_first().ok_or_else(|| {
        CarrierError::AddressRejected(format!("the {which} address has no street: USPS needs a street address"))
    })?;
    let secondary = (!rest.is_empty()).then(|| cut(&rest.join(" "), MAX_FIELD));
    Ok((cut(first, MAX_FIELD), secondary))
}

fn city(address: &Address, which: &str) -> Result<String, CarrierError> {
    address
        .city
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| cut(c, MAX_CITY))
        .ok_or_else(|| CarrierError::AddressRejected(format!("the {which} address has no city: USPS needs one")))
}

/// First and last name from `name` (the last word is the last name), the company as `firm`. A
/// one-word name without a company goes in `firm`, since USPS needs both names or a firm.
fn addressee(address: &Address, which: &str) -> Result<Addressee, CarrierError> {
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| cut(s, MAX_FIELD));
    let mut firm = text(&address.company);
    let words: Vec<&str> = address.name.as_deref().unwrap_or_default().split_whitespace().collect();
    let (first_name, last_name) = match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => (Some(cut(&rest.join(" "), MAX_FIELD)), Some(cut(last, MAX_FIELD))),
        Some((only, _)) => {
            firm = firm.or_else(|| Some(cut(only, MAX_FIELD)));
            (None, None)
        }
        None => (None, None),
    };
    if firm.is_none() && first_name.is_none() {
        return Err(CarrierError::AddressRejected(format!(
            "the {which} address has neither a name nor a company: USPS needs a first and last name or a firm"
        )));
    }
    Ok(Addressee { first_name, last_name, firm, phone: address.phone.as_deref().and_then(phone) })
}

/// A phone number as USPS takes it (`^\+?[1-9][0-9]{7,14}$` or `^[0-9]{6,15}$`), or `None`.
fn phone(text: &str) -> Option<String> {
    let plus = text.trim_start().starts_with('+');
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let international = (8..=15).contains(&digits.len()) && !digits.starts_with('0');
    let national = (6..=15).contains(&digits.len());
    match (plus, international, national) {
        (true, true, _) => Some(format!("+{digits}")),
        (false, _, true) => Some(digits),
        _ => None,
    }
}

/// At most `max` characters.
fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect::<String>().trim_end().to_owned()
}

/// A UUID (version 8, RFC 9562) made from `parts`: the same label request always gets the same
/// key. Two FNV-1a 64-bit hashes with different offsets fill its 128 bits.
fn idempotency_key(parts: &[&str]) -> String {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let (mut high, mut low) = (0xcbf2_9ce4_8422_2325_u64, 0x6c62_272e_07bb_0142_u64);
    for part in parts {
        // A unit separator after each part, so that ("ab", "c") and ("a", "bc") differ.
        for byte in part.bytes().chain(std::iter::once(0x1f)) {
            high = (high ^ u64::from(byte)).wrapping_mul(PRIME);
            low = (low ^ u64::from(byte)).wrapping_mul(PRIME);
        }
    }
    // Version 8 in the top nibble of the seventh byte, variant `10` in the top bits of the ninth.
    high = (high & !(0xf << 12)) | (0x8 << 12);
    low = (low & !(0x3 << 62)) | (0x2 << 62);
    let mut key = String::with_capacity(36);
    for (i, nibble) in
        (0..32).map(|i| if i < 16 { high >> (60 - 4 * i) } else { low >> (60 - 4 * (i - 16)) }).enumerate()
    {
        if matches!(i, 8 | 12 | 16 | 20) {
            key.push('-');
        }
        key.push(char::from(b"0123456789abcdef"[(nibble & 0xf) as usize]));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::from_json;

    const LABEL: &str = include_str!("../../../tests/fixtures/carriers/usps-label-response.json");

    fn answer(json: &str) -> LabelResponse {
        LabelResponse::read(&serde_json::from_str(json).unwrap()).unwrap()
    }

    fn address(json: &str) -> Address {
        from_json(json)
    }

    #[test]
    fn the_sample_answer_is_a_pdf_label_priced_in_dollars() {
        let label = label(&Config::default(), MailClass::PriorityMailInternational, &answer(LABEL)).unwrap();
        assert_eq!(label.tracking_number, "CP123456785US");
        assert_eq!(label.format, LabelFormat::Pdf);
        assert!(label.data.starts_with(b"%PDF-1.4"));
        assert_eq!(label.price.to_string(), "72.35 USD");
        assert_eq!(label.service_code, "PRIORITY_MAIL_INTERNATIONAL");
    }

    #[test]
    fn fees_and_extra_services_add_to_the_postage() {
        let mut answer: serde_json::Value = serde_json::from_str(LABEL).unwrap();
        answer["fees"] = serde_json::json!([{"name": "Nonstandard fee", "SKU": "X", "price": 4.5}]);
        answer["extraServices"] = serde_json::json!([{"serviceID": "930", "price": 0.85}]);
        let label = label(&Config::default(), MailClass::PriorityMailInternational, &self::answer(&answer.to_string()))
            .unwrap();
        assert_eq!(label.price.amount, 7235 + 450 + 85);
    }

    #[test]
    fn an_image_that_is_not_the_format_asked_for_is_a_bad_response() {
        let zpl = Config { label_format: crate::config::LabelChoice::Zpl203, ..Config::default() };
        let err = label(&zpl, MailClass::PriorityMailInternational, &answer(LABEL)).unwrap_err();
        assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("Zpl")), "{err:?}");
        let mut missing: serde_json::Value = serde_json::from_str(LABEL).unwrap();
        missing["labelImage"] = serde_json::Value::Null;
        let missing = answer(&missing.to_string());
        assert!(matches!(
            label(&Config::default(), MailClass::PriorityMailInternational, &missing),
            Err(CarrierError::BadResponse(_))
        ));
    }

    #[test]
    fn addresses_are_written_as_usps_takes_them() {
        let route = Route { zip: "90045".into(), zip_plus4: Some("1234".into()), destination: "DE".parse().unwrap() };
        let origin = address(
            r#"{"company": "Example Trading LLC", "street": ["6100 W Century Blvd", "Dock 4"], "city": "Los Angeles",
                "region": "ca", "postal_code": "90045-1234", "country": "US", "phone": "+1 (310) 555-0100"}"#,
        );
        let from = serde_json::to_value(from_address(&origin, &route).unwrap()).unwrap();
        assert_eq!(
            from,
            serde_json::json!({"streetAddress": "6100 W Century Blvd", "secondaryAddress": "Dock 4", "city": "Los Angeles",
                "state": "CA", "ZIPCode": "90045", "ZIPPlus4": "1234", "firm": "Example Trading LLC", "phone": "+13105550100"})
        );
        let destination = address(
            r#"{"name": "Max Mustermann", "street": ["Invalidenstrasse 117"], "city": "Berlin", "postal_code": "10115",
                "country": "DE", "phone": "030 1234567"}"#,
        );
        let to = serde_json::to_value(to_address(&destination).unwrap()).unwrap();
        assert_eq!(
            to,
            serde_json::json!({"streetAddress": "Invalidenstrasse 117", "city": "Berlin", "postalCode": "10115",
                "country": "GERMANY", "countryISOAlpha2Code": "DE", "firstName": "Max", "lastName": "Mustermann",
                "phone": "0301234567"})
        );
    }

    #[test]
    fn an_address_usps_cannot_print_is_rejected_before_buying() {
        let route = Route { zip: "90045".into(), zip_plus4: None, destination: "DE".parse().unwrap() };
        let no_state = address(r#"{"name": "A B", "street": ["1 Main St"], "city": "LA", "country": "US"}"#);
        assert!(matches!(from_address(&no_state, &route), Err(CarrierError::InvalidRequest(_))));
        let no_street = address(r#"{"name": "Max Mustermann", "city": "Berlin", "country": "DE"}"#);
        assert!(matches!(to_address(&no_street), Err(CarrierError::AddressRejected(_))));
        let nobody = address(r#"{"street": ["Invalidenstrasse 117"], "city": "Berlin", "country": "DE"}"#);
        assert!(matches!(to_address(&nobody), Err(CarrierError::AddressRejected(_))));
        let mononym =
            address(r#"{"name": "Suharto", "street": ["Jl. Sudirman 1"], "city": "Jakarta", "country": "ID"}"#);
        assert_eq!(to_address(&mononym).unwrap().addressee.firm.as_deref(), Some("Suharto"));
        let guam = address(r#"{"name": "A B", "street": ["1 Marine Dr"], "city": "Tamuning", "country": "GU"}"#);
        assert_eq!(from_address(&guam, &route).unwrap().state, "GU");
    }

    #[test]
    fn phone_numbers_keep_only_what_the_spec_allows() {
        assert_eq!(phone("+49 30 12345678").as_deref(), Some("+493012345678"));
        assert_eq!(phone("(310) 555-0100").as_deref(), Some("3105550100"));
        assert_eq!(phone("+0 12"), None);
        assert_eq!(phone("12"), None);
    }

    #[test]
    fn the_idempotency_key_is_a_stable_version_8_uuid() {
        let key = idempotency_key(&["56789012", "shp_1", "PRIORITY_MAIL_INTERNATIONAL", "outbound", "2026-11-25"]);
        assert_eq!(
            key,
            idempotency_key(&["56789012", "shp_1", "PRIORITY_MAIL_INTERNATIONAL", "outbound", "2026-11-25"])
        );
        assert_ne!(key, idempotency_key(&["56789012", "shp_1", "PRIORITY_MAIL_INTERNATIONAL", "return", "2026-11-25"]));
        assert_ne!(
            key,
            idempotency_key(&["56789012", "shp_1", "PRIORITY_MAIL_INTERNATIONAL", "outbound", "2026-11-26"])
        );
        let groups: Vec<usize> = key.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&key[14..15], "8");
        assert!(matches!(&key[19..20], "8" | "9" | "a" | "b"), "{key}");
    }
}
