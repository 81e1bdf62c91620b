//! Prices: `POST /international-prices/v3/total-rates/search` (CARRIERS.md §4.2).
//!
//! One query prices the parcel in every mail class (`mailClass: ALL`, or the one class the
//! merchant offers). USPS answers one rate option per product; the adapter keeps, per configured
//! class, the cheapest single-piece option (rate indicator `SP`, or `PA` for Priority Mail
//! Express International) — flat-rate envelopes and boxes need USPS's own packaging, which a
//! warehouse parcel is not in. Its price is `totalBasePrice`: rate, fees and pound postage, the
//! postage of a label bought without extra services. (`totalPrice` adds every extra service USPS
//! offers with the product, such as insurance, when the query names none, so it is used only
//! when `totalBasePrice` is missing.) Prices are US dollars; the answer carries no currency.
//!
//! International mail has no delivery commitment, so the ETA of a rate is the service's
//! published window (see [`crate::services`]).

use crossdock_sdk::prelude::*;

use crate::api::{Api, Call};
use crate::config::{Config, PriceType};
use crate::route::Route;
use crate::services::{self, MailClass};
use crate::units;
use crate::wire::{TotalRatesQuery, TotalRatesResponse};

pub const PATH: &str = "/international-prices/v3/total-rates/search";
/// The carrier code in rates and labels.
pub const CARRIER: &str = "usps";

/// A priced product and the rate ingredients that buy a label at that price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub class: MailClass,
    pub price: Money,
    pub processing_category: String,
    pub rate_indicator: String,
    pub destination_entry_facility_type: String,
}

/// The query for `parcel` on `route`, for `only` one class or every class the merchant offers.
pub fn query(
    ctx: &Ctx,
    config: &Config,
    shipment: &Shipment,
    route: &Route,
    parcel: &Parcel,
    only: Option<MailClass>,
) -> Result<TotalRatesQuery, CarrierError> {
    let mail_class = match (only, config.services.as_slice()) {
        (Some(class), _) | (None, &[class]) => class.code().to_owned(),
        (None, _) => "ALL".to_owned(),
    };
    let account_number = match config.price_type {
        PriceType::Contract => Some(config.account_number.clone().ok_or_else(|| {
            CarrierError::InvalidRequest("CONTRACT prices belong to an EPS account: set account_number".into())
        })?),
        _ => None,
    };
    Ok(TotalRatesQuery {
        origin_zip_code: route.zip.clone(),
        destination_country_code: route.destination.as_str().to_owned(),
        foreign_postal_code: shipment
            .destination
            .postal_code
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned),
        weight: units::hundredths(units::grams_to_lb(u64::from(parcel.weight_g)))?,
        length: units::hundredths(units::mm_to_in(u64::from(parcel.length_mm)))?,
        width: units::hundredths(units::mm_to_in(u64::from(parcel.width_mm)))?,
        height: units::hundredths(units::mm_to_in(u64::from(parcel.height_mm)))?,
        mail_class,
        price_type: config.price_type.code(),
        mailing_date: ctx.now().date(),
        account_type: account_number.as_ref().map(|_| "EPS"),
        account_number,
        item_value: goods_in_usd(ctx, shipment).map(|usd| units::hundredths(usd.amount.unsigned_abs())).transpose()?,
    })
}

/// The value of the goods in US dollars, when the host can convert it (for insurance prices
/// only; rates do not depend on it).
fn goods_in_usd(ctx: &Ctx, shipment: &Shipment) -> Option<Money> {
    let usd: CurrencyCode = "USD".parse().ok()?;
    let goods = shipment.goods_value().ok()?;
    match ctx.convert(goods, usd) {
        Some((value, _)) => Some(value),
        None => {
            ctx.debug(&format!("no {}→USD rate: the price query goes without the goods' value", goods.currency));
            None
        }
    }
}

/// Sends `query` and returns the cheapest single-piece offer of each of `classes`.
pub fn offers(api: &Api, query: &TotalRatesQuery, classes: &[MailClass]) -> Result<Vec<Offer>, CarrierError> {
    let answer = api.send(Call::Rates, api.post(PATH).json(query)?)?.read(TotalRatesResponse::read)?;
    best_offers(&answer, classes)
}

/// The cheapest single-piece offer per class among `classes`, cheapest first.
pub fn best_offers(response: &TotalRatesResponse, classes: &[MailClass]) -> Result<Vec<Offer>, CarrierError> {
    let usd: CurrencyCode = "USD".parse().map_err(|_| CarrierError::BadResponse("USD is not a currency".into()))?;
    let mut best: Vec<Offer> = Vec::new();
    for option in &response.rate_options {
        let Some(rate) = option.rates.first() else { continue };
        let Some(class) = rate.mail_class.as_deref().and_then(MailClass::from_code) else { continue };
        let indicator = rate.rate_indicator.clone().unwrap_or_else(|| "SP".into());
        if !classes.contains(&class) || !matches!(indicator.as_str(), "SP" | "PA") {
            continue;
        }
        let price = option.total_base_price.as_ref().or(option.total_price.as_ref()).ok_or_else(|| {
            CarrierError::BadResponse(format!("USPS priced {} without totalBasePrice or totalPrice", class.code()))
        })?;
        let offer = Offer {
            class,
            price: price.to_money(usd)?,
            processing_category: rate.processing_category.clone().unwrap_or_else(|| "NONSTANDARD".into()),
            rate_indicator: indicator,
            destination_entry_facility_type: rate
                .destination_entry_facility_type
                .clone()
                .unwrap_or_else(|| "NONE".into()),
        };
        match best.iter().position(|o| o.class == class) {
            Some(at) if best[at].price.amount <= offer.price.amount => continue,
            Some(at) => {
                best.remove(at);
            }
            None => {}
        }
        // Cheapest first: insert before the first dearer offer.
        let at = best.iter().position(|o| o.price.amount > offer.price.amount).unwrap_or(best.len());
        best.insert(at, offer);
    }
    Ok(best)
}

/// The contract's rate for `offer`.
pub fn rate(offer: &Offer) -> Rate {
    let service = offer.class.service();
    Rate {
        carrier: CARRIER.into(),
        service_code: offer.class.code().into(),
        service_name: service.name.into(),
        level: service.level,
        price: offer.price,
        eta_min_days: service.eta_min_days,
        eta_max_days: service.eta_max_days,
    }
}

/// `ServiceUnavailable` when USPS prices none of `classes` for this parcel.
pub fn none_offered(classes: &[MailClass], weight_g: u32, route: &Route) -> CarrierError {
    CarrierError::ServiceUnavailable(format!(
        "USPS offers no {} for a {} lb parcel from ZIP {} to {}",
        services::list(classes),
        units::show(units::grams_to_lb(u64::from(weight_g))),
        route.zip,
        route.destination
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATES: &str = include_str!("../../../tests/fixtures/carriers/usps-rate-response.json");

    fn response(json: &str) -> TotalRatesResponse {
        TotalRatesResponse::read(&serde_json::from_str(json).unwrap()).unwrap()
    }

    #[test]
    fn the_sample_prices_every_class_in_exact_cents() {
        let offers = best_offers(&response(RATES), &services::ALL).unwrap();
        let prices: Vec<(&str, i64)> = offers.iter().map(|o| (o.class.code(), o.price.amount)).collect();
        assert_eq!(
            prices,
            [
                ("FIRST-CLASS_PACKAGE_INTERNATIONAL_SERVICE", 4480),
                ("PRIORITY_MAIL_INTERNATIONAL", 7235),
                ("PRIORITY_MAIL_EXPRESS_INTERNATIONAL", 10390)
            ]
        );
        assert!(offers.iter().all(|o| o.price.currency.as_str() == "USD"));
        assert_eq!(offers[1].processing_category, "NON_MACHINABLE");
        assert_eq!(offers[1].rate_indicator, "SP");
    }

    #[test]
    fn only_the_configured_classes_are_offered() {
        let offers = best_offers(&response(RATES), &[MailClass::PriorityMailInternational]).unwrap();
        assert_eq!(offers.len(), 1);
        assert_eq!(rate(&offers[0]).level, ServiceLevel::Standard);
    }

    #[test]
    fn flat_rate_packaging_is_not_offered_and_the_cheapest_single_piece_wins() {
        let json = r#"{"rateOptions": [
            {"totalBasePrice": 30.5, "rates": [{"mailClass": "PRIORITY_MAIL_INTERNATIONAL", "rateIndicator": "FS"}]},
            {"totalBasePrice": 75.1, "rates": [{"mailClass": "PRIORITY_MAIL_INTERNATIONAL", "rateIndicator": "SP"}]},
            {"totalBasePrice": 72.35, "totalPrice": 80, "rates": [{"mailClass": "PRIORITY_MAIL_INTERNATIONAL", "rateIndicator": "SP"}]},
            {"totalBasePrice": 9.99, "rates": [{"mailClass": "GLOBAL_EXPRESS_GUARANTEED", "rateIndicator": "SP"}]},
            {"totalBasePrice": 1.0, "rates": []}]}"#;
        let offers = best_offers(&response(json), &services::ALL).unwrap();
        assert_eq!(offers.len(), 1);
        assert_eq!(offers[0].price.amount, 7235);
    }

    #[test]
    fn a_price_without_a_figure_is_a_bad_response() {
        let json =
            r#"{"rateOptions": [{"rates": [{"mailClass": "PRIORITY_MAIL_INTERNATIONAL", "rateIndicator": "SP"}]}]}"#;
        assert!(matches!(best_offers(&response(json), &services::ALL), Err(CarrierError::BadResponse(_))));
        let json = r#"{"rateOptions": [{"totalBasePrice": "72.3x", "rates": [{"mailClass": "PRIORITY_MAIL_INTERNATIONAL"}]}]}"#;
        assert!(matches!(best_offers(&response(json), &services::ALL), Err(CarrierError::BadResponse(_))));
    }
}
