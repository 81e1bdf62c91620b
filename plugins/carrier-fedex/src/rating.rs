//! Rates: `POST /rate/v1/rates/quotes`, one quote per FedEx service, priced and dated.
//!
//! The request asks for account and list rates with transit times, for every service FedEx has
//! on the lane (no `serviceType` filter), and keeps the quotes of the services the merchant
//! configured. Per quote (CARRIERS.md §3.2):
//!
//! - **Price**: of `ratedShipmentDetails[]`, the `ACCOUNT` rate, else `PREFERRED_CURRENCY`, else
//!   `LIST`; its `totalNetCharge` (freight without duties) in `currency` or
//!   `shipmentRateDetail.currency`, read as exact decimal text and mapped from FedEx's currency
//!   codes to ISO.
//! - **Days to delivery**: `commit.transitDays.minimumTransitTime`/`maximumTransitTime` (enum
//!   words such as `THREE_DAYS`), else `operationalDetail.transitTime`, else the calendar days
//!   from the ship date to `commit.dateDetail.dayFormat` / `operationalDetail.deliveryDate` /
//!   `commitDate`, else the service's configured fallback. A quote with none of these is left
//!   out with a warning, rather than given an invented estimate.

use crossdock_sdk::carrier::{Decimal, LocalDateTime};
use crossdock_sdk::{CarrierError, Ctx, Money, Rate, RateRequest};
use serde_json::Value;

use crate::api::Api;
use crate::build::{self, CARRIER};
use crate::config::Config;
use crate::currency;
use crate::errors::ApiError;
use crate::reply::Node;
use crate::wire::{self, AccountNumber, RateCustoms, RateShipment};

/// The rate types asked for, and the order in which a quote's prices are preferred.
const RATE_TYPES: [&str; 3] = ["ACCOUNT", "PREFERRED_CURRENCY", "LIST"];

/// The request body for `request`, shipping on `ship_date` ("YYYY-MM-DD").
pub fn request(config: &Config, request: &RateRequest, ship_date: &str) -> Result<wire::RateRequest, CarrierError> {
    let shipment = &request.shipment;
    let customs = if build::is_international(shipment) {
        Some(RateCustoms {
            duties_payment: wire::PaymentType { payment_type: "SENDER" },
            commodities: build::commodities(shipment, false)?,
        })
    } else {
        None
    };
    Ok(wire::RateRequest {
        account_number: AccountNumber { value: config.account()?.to_owned() },
        rate_request_control_parameters: wire::RateRequestControl { return_transit_times: true },
        requested_shipment: RateShipment {
            shipper: wire::AddressOnly { address: build::address(&shipment.origin) },
            recipient: wire::AddressOnly { address: build::address(&shipment.destination) },
            ship_date_stamp: ship_date.to_owned(),
            pickup_type: config.pickup_type.as_str(),
            rate_request_type: vec!["ACCOUNT", "LIST"],
            customs_clearance_detail: customs,
            requested_package_line_items: build::packages(&request.parcels)?,
        },
    })
}

/// Rates `request` with FedEx.
pub fn rate(ctx: &Ctx, config: &Config, request: &RateRequest) -> Result<Vec<Rate>, CarrierError> {
    let ship_date = build::ship_date(ctx.now());
    let body = self::request(config, request, &ship_date)?;
    let api = Api::connect(ctx, &config.base_url)?;
    let transaction = format!("crossdock-rate-{}", request.shipment.id);
    let reply = api.post("/rate/v1/rates/quotes", &body, &transaction, "rate")?;
    let route = format!("{} → {}", request.shipment.origin.country, request.shipment.destination.country);
    rates(ctx, config, &reply, &ship_date, &route)
}

/// The configured services' rates in a FedEx reply: `$.output.rateReplyDetails[]`.
pub fn rates(
    ctx: &Ctx,
    config: &Config,
    reply: &Value,
    ship_date: &str,
    route: &str,
) -> Result<Vec<Rate>, CarrierError> {
    let output = Node::of(reply).get("output");
    if !output.exists() {
        return Err(CarrierError::BadResponse("FedEx's rate reply has no `output`".into()));
    }
    for alert in output.get("alerts").items() {
        let error = ApiError::read(alert);
        ctx.debug(&format!("FedEx rate alert {}: {}", error.code, error.message));
    }
    let mut rates = Vec::new();
    let mut others = Vec::new();
    for detail in output.get("rateReplyDetails").items() {
        let service_type = detail.get("serviceType").text().unwrap_or_default();
        let Some(service) = config.service(service_type) else {
            others.push(service_type.to_owned());
            continue;
        };
        let price = price(detail, service_type)?;
        let Some((eta_min_days, eta_max_days)) = transit_days(detail, ship_date).or_else(|| service.fallback_eta())
        else {
            ctx.warn(&format!(
                "FedEx quoted {service_type} without a transit time; set eta_min_days and eta_max_days for it \
                 under `services` to offer it"
            ));
            continue;
        };
        rates.push(Rate {
            carrier: CARRIER.into(),
            service_code: service_type.to_owned(),
            service_name: detail.get("serviceName").text().unwrap_or(service_type).to_owned(),
            level: service.level,
            price,
            eta_min_days,
            eta_max_days,
        });
    }
    if rates.is_empty() {
        let offered = if others.is_empty() { "nothing".to_owned() } else { others.join(", ") };
        return Err(CarrierError::ServiceUnavailable(format!(
            "FedEx has no usable quote for {route} among the configured services ({}); it offered {offered}",
            config.service_types()
        )));
    }
    ctx.debug(&format!("{} FedEx rate(s) for {route}", rates.len()));
    Ok(rates)
}

/// The quote's price: of `ratedShipmentDetails[]`, the preferred rate type's `totalNetCharge`
/// in ISO currency (`currency`, else `shipmentRateDetail.currency`).
fn price(detail: Node, service: &str) -> Result<Money, CarrierError> {
    let details: Vec<Node> = detail.get("ratedShipmentDetails").items().collect();
    let of_type = |t: &str| details.iter().copied().find(|d| d.get("rateType").text() == Some(t));
    let chosen = RATE_TYPES
        .iter()
        .find_map(|t| of_type(t))
        .or_else(|| details.iter().copied().find(|d| d.get("totalNetCharge").exists()))
        .ok_or_else(|| {
            CarrierError::BadResponse(format!("FedEx's quote for {service} has no rated shipment details"))
        })?;
    let charge = chosen
        .get("totalNetCharge")
        .decimal()
        .ok_or_else(|| CarrierError::BadResponse(format!("FedEx's quote for {service} has no totalNetCharge")))?;
    let code = chosen
        .get("currency")
        .text()
        .or_else(|| chosen.get("shipmentRateDetail").get("currency").text())
        .ok_or_else(|| CarrierError::BadResponse(format!("FedEx's quote for {service} names no currency")))?;
    to_money(&charge, code, &format!("the quote for {service}"))
}

/// A FedEx amount and currency code as money in minor units.
pub fn to_money(amount: &Decimal, code: &str, what: &str) -> Result<Money, CarrierError> {
    let currency = currency::from_fedex(code)
        .ok_or_else(|| CarrierError::BadResponse(format!("FedEx priced {what} in an unknown currency `{code}`")))?;
    amount.to_money(currency).map_err(|e| CarrierError::BadResponse(format!("FedEx's price for {what}: {e}")))
}

/// Days to delivery from FedEx's own figures, if it gave any.
fn transit_days(detail: Node, ship_date: &str) -> Option<(u32, u32)> {
    let commit = detail.get("commit");
    let operational = detail.get("operationalDetail");
    let words = commit.get("transitDays");
    if let Some(min) = words.get("minimumTransitTime").text().and_then(days_word) {
        let max = words.get("maximumTransitTime").text().and_then(days_word).unwrap_or(min);
        return Some((min, max.max(min)));
    }
    if let Some(days) = operational.get("transitTime").text().and_then(days_word) {
        return Some((days, days));
    }
    let date = commit
        .get("dateDetail")
        .get("dayFormat")
        .text()
        .or_else(|| operational.get("deliveryDate").text())
        .or_else(|| operational.get("commitDate").text())?;
    let days = days_between(ship_date, date)?;
    Some((days, days))
}

/// FedEx's transit-time words: `ONE_DAY` … `TWENTY_DAYS` (FedEx's `TransitTimeType` enum,
/// CARRIERS.md §3.2 example `THREE_DAYS`). `UNKNOWN` and anything else is `None`.
pub fn days_word(word: &str) -> Option<u32> {
    const NUMBERS: [&str; 20] = [
        "ONE",
        "TWO",
        "THREE",
        "FOUR",
        "FIVE",
        "SIX",
        "SEVEN",
        "EIGHT",
        "NINE",
        "TEN",
        "ELEVEN",
        "TWELVE",
        "THIRTEEN",
        "FOURTEEN",
        "FIFTEEN",
        "SIXTEEN",
        "SEVENTEEN",
        "EIGHTEEN",
        "NINETEEN",
        "TWENTY",
    ];
    let word = word.trim().to_ascii_uppercase();
    let number = word.strip_suffix("_DAYS").or_else(|| word.strip_suffix("_DAY"))?;
    NUMBERS.iter().position(|n| *n == number).map(|i| i as u32 + 1)
}

/// Calendar days from "YYYY-MM-DD" to the date part of "YYYY-MM-DDTHH:MM:SS".
fn days_between(from: &str, to: &str) -> Option<u32> {
    let midnight = |date: &str| Some(LocalDateTime::date_only(date.get(..10)?).ok()?.at_offset(0));
    let days = midnight(from)?.days_until(midnight(to)?);
    u32::try_from(days).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transit_words_are_counted() {
        assert_eq!(days_word("ONE_DAY"), Some(1));
        assert_eq!(days_word("THREE_DAYS"), Some(3));
        assert_eq!(days_word("TWENTY_DAYS"), Some(20));
        assert_eq!(days_word("UNKNOWN"), None);
        assert_eq!(days_word("3"), None);
    }

    #[test]
    fn delivery_dates_count_calendar_days_from_the_ship_date() {
        assert_eq!(days_between("2026-11-17", "2026-11-20T18:00:00"), Some(3));
        assert_eq!(days_between("2026-11-30", "2026-12-02T10:30:00"), Some(2));
        assert_eq!(days_between("2026-11-17", "2026-11-10T10:30:00"), None);
        assert_eq!(days_between("2026-11-17", "soon"), None);
    }
}
