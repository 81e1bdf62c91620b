//! Rating, end to end against the stand-in.

use crossdock_sdk::HttpMethod;
use crossdock_sdk::carrier::basic_auth;
use crossdock_sdk::prelude::*;

use super::*;

#[test]
fn rating_fetches_a_token_then_asks_shop_time_in_transit() {
    let (host, sent) = ups(CONFIG, |_| None);
    rate(&host).unwrap();
    assert_eq!(
        sent.urls(),
        ["https://wwwcie.ups.com/security/v1/oauth/token", "https://wwwcie.ups.com/api/rating/v2409/Shoptimeintransit"]
    );
}

#[test]
fn the_token_request_is_basic_auth_with_the_merchant_id_and_a_form_body() {
    let (host, sent) = ups(CONFIG, |_| None);
    rate(&host).unwrap();
    let token = sent.to("/oauth/token");
    assert_eq!(token.method, HttpMethod::Post);
    assert_eq!(header(&token, "Authorization"), Some(basic_auth("cdx-client", "cdx-secret").as_str()));
    assert_eq!(header(&token, "x-merchant-id"), Some("A1B2C3"));
    assert_eq!(header(&token, "Content-Type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(token.body, b"grant_type=client_credentials");
}

#[test]
fn api_calls_carry_the_bearer_token_and_transaction_headers() {
    let (host, sent) = ups(CONFIG, |_| None);
    rate(&host).unwrap();
    let call = sent.to("/api/rating/");
    assert_eq!(header(&call, "Authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(header(&call, "transactionSrc"), Some("crossdock"));
    let id = header(&call, "transId").unwrap();
    assert!(!id.is_empty() && id.len() <= 32, "{id}");
    assert_eq!(header(&call, "Content-Type"), Some("application/json"));
}

#[test]
fn the_rating_request_describes_the_box_in_kilograms_and_centimetres() {
    let (host, sent) = ups(CONFIG, |_| None);
    rate(&host).unwrap();
    let body = sent.json("/api/rating/");
    let request = &body["RateRequest"];
    assert_eq!(request["Request"]["RequestOption"], "Shoptimeintransit");
    assert_eq!(request["Request"]["TransactionReference"]["CustomerContext"], "shp_1");
    let shipment = &request["Shipment"];
    assert_eq!(shipment["Shipper"]["ShipperNumber"], "A1B2C3");
    assert_eq!(shipment["Shipper"]["Address"]["PostalCode"], "518000");
    assert_eq!(shipment["ShipFrom"]["Address"]["CountryCode"], "CN");
    assert_eq!(shipment["ShipTo"]["Address"]["City"], "Berlin");
    assert_eq!(shipment["ShipTo"]["Address"]["AddressLine"][0], "Invalidenstrasse 117");
    assert_eq!(shipment["PaymentDetails"]["ShipmentCharge"][0]["Type"], "01");
    assert_eq!(shipment["PaymentDetails"]["ShipmentCharge"][0]["BillShipper"]["AccountNumber"], "A1B2C3");
    assert_eq!(shipment["DeliveryTimeInformation"]["PackageBillType"], "03");
    assert_eq!(shipment["DeliveryTimeInformation"]["Pickup"]["Date"], "20261117");
    let package = &shipment["Package"][0];
    assert_eq!(package["PackagingType"]["Code"], "02");
    assert_eq!(package["PackageWeight"]["UnitOfMeasurement"]["Code"], "KGS");
    assert_eq!(package["PackageWeight"]["Weight"], "1.2");
    assert_eq!(package["Dimensions"]["UnitOfMeasurement"]["Code"], "CM");
    assert_eq!((&package["Dimensions"]["Length"], &package["Dimensions"]["Width"]), (&"30".into(), &"20".into()));
    assert_eq!(package["Dimensions"]["Height"], "10");
    // The ten lines of shipment-10 add up to EUR 378.34.
    assert_eq!(shipment["InvoiceLineTotal"], serde_json::json!({"CurrencyCode": "EUR", "MonetaryValue": "378.34"}));
    assert!(shipment.get("ShipmentRatingOptions").is_none(), "no negotiated rates unless configured");
}

#[test]
fn the_goods_are_declared_in_the_invoice_currency_through_the_fx_table() {
    let config = r#"{"account_number": "A1B2C3", "invoice_currency": "CNY", "negotiated_rates": true}"#;
    let (host, sent) = ups(config, |_| None);
    let host = host.with_fx("EUR", "CNY", 7_812_300, "2026-11-16");
    rate(&host).unwrap();
    let shipment = &sent.json("/api/rating/")["RateRequest"]["Shipment"];
    // 378.34 EUR × 7.8123 = 2955.7056… CNY.
    assert_eq!(shipment["InvoiceLineTotal"], serde_json::json!({"CurrencyCode": "CNY", "MonetaryValue": "2955.71"}));
    assert_eq!(shipment["ShipmentRatingOptions"]["NegotiatedRatesIndicator"], "Y");
    assert!(sent.urls()[0].starts_with("https://onlinetools.ups.com/"), "the production URL by default");
}

#[test]
fn without_an_exchange_rate_the_goods_stay_in_the_shipment_currency_with_a_warning() {
    let (host, sent) = ups(r#"{"account_number": "A1B2C3", "invoice_currency": "CNY"}"#, |_| None);
    rate(&host).unwrap();
    assert_eq!(sent.json("/api/rating/")["RateRequest"]["Shipment"]["InvoiceLineTotal"]["CurrencyCode"], "EUR");
    assert!(host.logs().iter().any(|(level, m)| *level == LogLevel::Warn && m.contains("CNY")), "{:?}", host.logs());
}

#[test]
fn the_sample_quotes_become_two_rates_in_cny() {
    let (host, _) = ups(CONFIG, |_| None);
    let rates = rate(&host).unwrap();
    let summary: Vec<_> =
        rates.iter().map(|r| (r.service_code.as_str(), r.price.amount, r.price.currency.as_str())).collect();
    assert_eq!(summary, [("07", 43_560, "CNY"), ("65", 39_353, "CNY")]);
    assert!(rates.iter().all(|r| r.carrier == "ups" && r.eta_min_days == 3 && r.eta_max_days == 3));
}

#[test]
fn an_empty_parcel_list_is_refused_without_calling_ups() {
    let (host, sent) = ups(CONFIG, |_| None);
    let err = UpsCarrier::rate(&host.ctx(), RateRequest { shipment: shipment(), parcels: vec![] }).unwrap_err();
    assert!(matches!(err, CarrierError::InvalidRequest(_)), "{err:?}");
    assert!(sent.all().is_empty());
}
