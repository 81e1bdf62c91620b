//! Rating: one `Shoptimeintransit` request for every service UPS offers on the lane, each with
//! its estimated arrival; the answer becomes one [`Rate`] per service the binding offers.
//!
//! Prices are `TotalCharges` (or, with `negotiated_rates`, `NegotiatedRateCharges.TotalCharge`
//! when UPS returns it), in the currency UPS bills the account in: a CN account is quoted in
//! CNY. Transit time: `eta_min_days` is UPS's business days in transit, `eta_max_days` the
//! calendar days from pickup to the estimated arrival (weekends included), never less than
//! the minimum. A service quoted without a time in transit gets the binding's
//! `transit_days_if_unknown` for both.

use crossdock_sdk::carrier::LocalDateTime;
use crossdock_sdk::prelude::*;

use crate::config::Config;
use crate::services;
use crate::units;
use crate::wire::rating::{
    DeliveryTimeInformation, PaymentDetails, PickupDate, RateEnvelope, RatePackage, RateRequest as UpsRateRequest,
    RateResponse, RateShipment, RatedShipment, RequestHeader, SHOP_TIME_IN_TRANSIT, TransactionReference,
};
use crate::wire::{Amount, BillShipper, CodeDescription, Party, RatingOptions, ShipmentCharge};

/// The carrier code of every rate and label.
pub const CARRIER: &str = "ups";

/// The URL path (below `/api`) of the rating request.
pub fn path() -> String {
    format!("/rating/v2409/{SHOP_TIME_IN_TRANSIT}")
}

/// The rating request for `request`. `goods` is the declared value, in the invoice currency.
pub fn request(config: &Config, request: &RateRequest, goods: Option<Amount>, pickup: Timestamp) -> RateEnvelope {
    let shipment = &request.shipment;
    let shipper = Party {
        name: shipment.origin.company.clone().or_else(|| shipment.origin.name.clone()),
        shipper_number: Some(config.account().to_owned()),
        address: crate::shipping::address(&shipment.origin),
        ..Party::default()
    };
    RateEnvelope {
        rate_request: UpsRateRequest {
            request: RequestHeader {
                request_option: SHOP_TIME_IN_TRANSIT.to_owned(),
                transaction_reference: Some(TransactionReference { customer_context: shipment.id.clone() }),
            },
            shipment: RateShipment {
                ship_from: Party { address: shipper.address.clone(), name: shipper.name.clone(), ..Party::default() },
                shipper,
                ship_to: Party {
                    name: shipment.destination.company.clone().or_else(|| shipment.destination.name.clone()),
                    address: crate::shipping::address(&shipment.destination),
                    ..Party::default()
                },
                payment_details: PaymentDetails {
                    shipment_charge: vec![ShipmentCharge {
                        kind: "01".into(),
                        bill_shipper: BillShipper { account_number: config.account().to_owned() },
                    }],
                },
                shipment_rating_options: config
                    .negotiated_rates
                    .then(|| RatingOptions { negotiated_rates_indicator: "Y".into() }),
                delivery_time_information: DeliveryTimeInformation {
                    package_bill_type: "03".into(),
                    pickup: PickupDate { date: LocalDateTime::from_timestamp(pickup, 0).date_compact() },
                },
                invoice_line_total: goods,
                package: request
                    .parcels
                    .iter()
                    .map(|p| RatePackage {
                        packaging_type: CodeDescription::new("02", "Customer Supplied Package"),
                        dimensions: units::dimensions(p),
                        package_weight: units::weight(p),
                    })
                    .collect(),
            },
        },
    }
}

/// The rates of UPS's answer for the services the binding offers.
pub fn rates(config: &Config, answer: &RateResponse, lane: &str) -> Result<Vec<Rate>, CarrierError> {
    let quoted = &answer.rated_shipment;
    if quoted.is_empty() {
        return Err(CarrierError::ServiceUnavailable(format!("UPS quotes no service {lane}")));
    }
    let rates: Vec<Rate> = quoted
        .iter()
        .filter(|r| config.offers(r.service.code.trim()))
        .map(|r| rate(config, r))
        .collect::<Result<_, _>>()?;
    if rates.is_empty() {
        let codes: Vec<&str> = quoted.iter().map(|r| r.service.code.trim()).collect();
        return Err(CarrierError::ServiceUnavailable(format!(
            "UPS quotes services {} {lane}, but this binding offers only {}; add one to `services`",
            codes.join(", "),
            config.offered()
        )));
    }
    Ok(rates)
}

fn rate(config: &Config, rated: &RatedShipment) -> Result<Rate, CarrierError> {
    let code = rated.service.code.trim();
    let transit = rated.time_in_transit.as_ref();
    let (service_name, level) = services::describe(
        code,
        &[rated.service.description.as_deref(), transit.and_then(|t| t.service_name.as_deref())],
    );
    let negotiated = rated.negotiated_rate_charges.as_ref().and_then(|n| n.total_charge.as_ref());
    let (total, what) = match negotiated {
        Some(total) if config.negotiated_rates => (total, "the negotiated total"),
        _ => (&rated.total_charges, "the total"),
    };
    let price = units::money(total, &format!("{what} of service {code}"))?;
    let (eta_min_days, eta_max_days) =
        transit_days(rated).unwrap_or((config.transit_days_if_unknown, config.transit_days_if_unknown));
    Ok(Rate {
        carrier: CARRIER.into(),
        service_code: code.to_owned(),
        service_name,
        level,
        price,
        eta_min_days,
        eta_max_days,
    })
}

/// (business days, calendar days) from UPS's time in transit, if it gave one.
fn transit_days(rated: &RatedShipment) -> Option<(u32, u32)> {
    let number = |s: Option<&String>| s.and_then(|s| s.trim().parse::<u32>().ok());
    let transit = rated.time_in_transit.as_ref();
    let arrival = transit.and_then(|t| t.estimated_arrival.as_ref());
    let business = arrival
        .and_then(|a| number(a.business_days_in_transit.as_ref()).or_else(|| number(a.total_transit_days.as_ref())))
        .or_else(|| number(rated.guaranteed_days.as_ref()))?;
    let calendar = arrival.and_then(|a| {
        let picked = a.pickup_date.as_deref().or_else(|| transit.and_then(|t| t.pickup_date.as_deref()))?;
        let from = LocalDateTime::date_only(picked).ok()?.at_offset(0);
        let to = LocalDateTime::date_only(a.arrival_date.as_deref()?).ok()?.at_offset(0);
        u32::try_from(from.days_until(to)).ok()
    });
    Some((business, calendar.unwrap_or(business).max(business)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> RateResponse {
        RateResponse::read(&serde_json::from_str(body).unwrap()).unwrap()
    }

    fn sample() -> RateResponse {
        parse(include_str!("../../../tests/fixtures/carriers/ups-rate-response.json"))
    }

    fn config(services: &[&str]) -> Config {
        Config {
            account_number: "A1B2C3".into(),
            services: services.iter().map(|s| (*s).to_owned()).collect(),
            ..Config::default()
        }
    }

    #[test]
    fn the_sample_answer_gives_two_priced_services_named_from_the_table() {
        let rates = rates(&config(&["07", "65"]), &sample(), "CN → DE").unwrap();
        let cny: CurrencyCode = "CNY".parse().unwrap();
        assert_eq!(rates.len(), 2);
        assert_eq!(rates[0].service_code, "07");
        assert_eq!(rates[0].service_name, "UPS Worldwide Express");
        assert_eq!(rates[0].price, Money::new(43_560, cny));
        assert_eq!(rates[1].service_name, "UPS Worldwide Saver");
        assert_eq!(rates[1].price, Money::new(39_353, cny));
        assert_eq!(rates[1].level, ServiceLevel::Express);
        // Picked up 2026-11-17, estimated 2026-11-20: 3 business days, 3 calendar days.
        assert_eq!((rates[1].eta_min_days, rates[1].eta_max_days), (3, 3));
        assert!(rates.iter().all(|r| r.carrier == "ups"));
    }

    #[test]
    fn only_the_services_the_binding_offers_are_returned() {
        let rates = rates(&config(&["65"]), &sample(), "CN → DE").unwrap();
        assert_eq!(rates.iter().map(|r| r.service_code.as_str()).collect::<Vec<_>>(), ["65"]);
        let err = super::rates(&config(&["11"]), &sample(), "from CN 518000 to DE 10115").unwrap_err();
        let CarrierError::ServiceUnavailable(message) = err else { panic!("{err:?}") };
        assert!(message.contains("07, 65") && message.contains("`services`"), "{message}");
    }

    #[test]
    fn no_quoted_service_is_service_unavailable() {
        let answer = parse(r#"{"RateResponse":{"Response":{"ResponseStatus":{"Code":"1"}}}}"#);
        assert!(matches!(rates(&config(&[]), &answer, "x"), Err(CarrierError::ServiceUnavailable(_))));
    }

    #[test]
    fn negotiated_prices_are_quoted_only_when_asked_for() {
        let body = r#"{"RateResponse":{"RatedShipment":{"Service":{"Code":"11","Description":""},
            "TotalCharges":{"CurrencyCode":"EUR","MonetaryValue":"24.90"},
            "NegotiatedRateCharges":{"TotalCharge":{"CurrencyCode":"EUR","MonetaryValue":"18.75"}}}}}"#;
        let answer = parse(body);
        let published = rates(&config(&["11"]), &answer, "x").unwrap();
        assert_eq!(published[0].price.amount, 2490);
        let negotiated = rates(&Config { negotiated_rates: true, ..config(&["11"]) }, &answer, "x").unwrap();
        assert_eq!(negotiated[0].price.amount, 1875);
        // No time in transit: the binding's deliberately slow figure.
        assert_eq!((negotiated[0].eta_min_days, negotiated[0].eta_max_days), (10, 10));
    }

    #[test]
    fn a_weekend_in_transit_widens_the_maximum() {
        let body = r#"{"RateResponse":{"RatedShipment":[{"Service":{"Code":"08"},
            "TotalCharges":{"CurrencyCode":"CNY","MonetaryValue":"301.00"},
            "TimeInTransit":{"PickupDate":"20261119","ServiceSummary":{"EstimatedArrival":{
              "Arrival":{"Date":"20261124","Time":"230000"},"BusinessDaysInTransit":"3"}}}}]}}"#;
        let answer = parse(body);
        let rates = rates(&config(&["08"]), &answer, "x").unwrap();
        assert_eq!((rates[0].eta_min_days, rates[0].eta_max_days), (3, 5));
        assert_eq!(rates[0].level, ServiceLevel::Standard);
    }
}
