//! Rating: the request FedEx gets, and the rates made of its reply.

use crossdock_sdk::{CarrierError, CarrierPlugin, HttpMethod, ServiceLevel};

use super::*;

#[test]
fn rates_are_the_configured_services_priced_in_exact_minor_units() {
    let (host, _) = host();
    let rates = Plugin::rate(&ctx(&host), rate_request()).unwrap();
    assert_eq!(rates.len(), 2);
    let priority = &rates[0];
    assert_eq!(priority.carrier, "fedex");
    assert_eq!(priority.service_code, "FEDEX_INTERNATIONAL_PRIORITY");
    assert_eq!(priority.service_name, "FedEx International Priority®");
    assert_eq!(priority.level, ServiceLevel::Express);
    assert_eq!((priority.price.amount, priority.price.currency.as_str()), (42245, "CNY")); // 422.45
    assert_eq!((priority.eta_min_days, priority.eta_max_days), (3, 3)); // THREE_DAYS
    let economy = &rates[1];
    assert_eq!(economy.service_code, "INTERNATIONAL_ECONOMY");
    assert_eq!(economy.level, ServiceLevel::Economy);
    assert_eq!(economy.price.amount, 34293); // 342.93
    assert_eq!((economy.eta_min_days, economy.eta_max_days), (4, 4)); // FOUR_DAYS
}

#[test]
fn the_rate_request_is_the_documented_body_with_fedex_headers() {
    let (host, log) = host();
    Plugin::rate(&ctx(&host), rate_request()).unwrap();
    let requests = api_requests(&log);
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, HttpMethod::Post);
    assert_eq!(request.url, "https://apis.fedex.test/rate/v1/rates/quotes");
    assert_eq!(
        header(request, "Authorization"),
        Some("Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzY29wZSI6WyJDWFMtVFAiXX0.c2FtcGxlLXNpZ25hdHVyZQ")
    );
    assert_eq!(header(request, "Content-Type"), Some("application/json"));
    assert_eq!(header(request, "X-locale"), Some("en_US"));
    assert_eq!(header(request, "x-customer-transaction-id"), Some("crossdock-rate-shp_1"));
    let body = body_json(request);
    assert_eq!(body["accountNumber"]["value"], "740561073");
    assert_eq!(body["rateRequestControlParameters"]["returnTransitTimes"], true);
    let shipment = &body["requestedShipment"];
    assert_eq!(shipment["shipDateStamp"], "2026-11-17");
    assert_eq!(shipment["pickupType"], "DROPOFF_AT_FEDEX_LOCATION");
    assert_eq!(shipment["rateRequestType"], serde_json::json!(["ACCOUNT", "LIST"]));
    assert_eq!(
        shipment["shipper"]["address"],
        serde_json::json!({"city": "Shenzhen", "postalCode": "518000", "countryCode": "CN"})
    );
    assert_eq!(shipment["recipient"]["address"]["postalCode"], "10115");
    let package = &shipment["requestedPackageLineItems"][0];
    assert_eq!(package["weight"], serde_json::json!({"units": "KG", "value": 1.2}));
    assert_eq!(package["dimensions"], serde_json::json!({"length": 30, "width": 20, "height": 10, "units": "CM"}));
    // Integer dimensions as FedEx requires: no `30.0` in the text.
    assert!(String::from_utf8_lossy(&request.body).contains(r#""length":30,"#));
    let customs = &shipment["customsClearanceDetail"];
    assert_eq!(customs["dutiesPayment"]["paymentType"], "SENDER");
    let commodities = customs["commodities"].as_array().unwrap();
    assert_eq!(commodities.len(), 10);
    assert_eq!(commodities[1]["description"], "Fleece hoodie");
    assert_eq!(commodities[1]["quantity"], 2);
    assert_eq!(commodities[1]["quantityUnits"], "PCS");
    assert_eq!(commodities[1]["weight"], serde_json::json!({"units": "KG", "value": 1.04}));
    assert_eq!(commodities[1]["customsValue"], serde_json::json!({"amount": 99.98, "currency": "EUR"}));
    assert_eq!(commodities[1]["harmonizedCode"], "611020");
    assert_eq!(commodities[1]["countryOfManufacture"], "CN");
    assert!(commodities[1].get("unitPrice").is_none());
}

#[test]
fn the_token_request_is_a_client_credentials_form_sent_before_each_call() {
    let (host, log) = host();
    Plugin::rate(&ctx(&host), rate_request()).unwrap();
    Plugin::rate(&ctx(&host), rate_request()).unwrap();
    let log = log.borrow();
    let urls: Vec<&str> = log.iter().map(|r| r.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://apis.fedex.test/oauth/token",
            "https://apis.fedex.test/rate/v1/rates/quotes",
            "https://apis.fedex.test/oauth/token",
            "https://apis.fedex.test/rate/v1/rates/quotes",
        ]
    );
    let token = &log[0];
    assert_eq!(header(token, "Content-Type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        String::from_utf8_lossy(&token.body),
        "grant_type=client_credentials&client_id=l7-test-client&client_secret=s3cret+value"
    );
}

#[test]
fn quotes_of_services_not_configured_are_left_out() {
    let config = r#"{"base_url": "https://apis.fedex.test", "account_number": "740561073",
                     "services": [{"service_type": "INTERNATIONAL_ECONOMY", "level": "standard"}]}"#;
    let (host, _) = host_with(config, fedex);
    let rates = Plugin::rate(&ctx(&host), rate_request()).unwrap();
    assert_eq!(rates.len(), 1);
    assert_eq!((rates[0].service_code.as_str(), rates[0].level), ("INTERNATIONAL_ECONOMY", ServiceLevel::Standard));
}

#[test]
fn no_quote_for_a_configured_service_is_service_unavailable() {
    let config = r#"{"base_url": "https://apis.fedex.test", "account_number": "740561073",
                     "services": [{"service_type": "FEDEX_GROUND", "level": "economy"}]}"#;
    let (host, _) = host_with(config, fedex);
    let err = Plugin::rate(&ctx(&host), rate_request()).unwrap_err();
    match err {
        CarrierError::ServiceUnavailable(m) => {
            assert!(m.contains("FEDEX_GROUND") && m.contains("INTERNATIONAL_ECONOMY") && m.contains("CN → DE"), "{m}")
        }
        other => panic!("{other:?}"),
    }
}

/// The sample reply without any transit time, delivery or commit date.
fn undated_rate_reply() -> String {
    let mut reply: serde_json::Value = serde_json::from_str(RATE).unwrap();
    for detail in reply["output"]["rateReplyDetails"].as_array_mut().unwrap() {
        detail.as_object_mut().unwrap().remove("commit");
        detail.as_object_mut().unwrap().remove("operationalDetail");
    }
    reply.to_string()
}

#[test]
fn a_quote_without_transit_time_takes_the_configured_fallback_or_is_left_out() {
    let undated = undated_rate_reply();
    let (host, _) =
        host_with(
            CONFIG,
            move |r| {
                if r.url.ends_with("/rate/v1/rates/quotes") { reply(200, &undated) } else { fedex(r) }
            },
        );
    let rates = Plugin::rate(&ctx(&host), rate_request()).unwrap();
    // Priority has the default fallback of 1–3 days; Economy has none and is left out.
    assert_eq!(rates.len(), 1);
    assert_eq!(
        (rates[0].service_code.as_str(), rates[0].eta_min_days, rates[0].eta_max_days),
        ("FEDEX_INTERNATIONAL_PRIORITY", 1, 3)
    );
    let warnings: Vec<String> =
        host.logs().into_iter().map(|(_, m)| m).filter(|m| m.contains("INTERNATIONAL_ECONOMY")).collect();
    assert!(warnings.iter().any(|m| m.contains("eta_min_days")), "{warnings:?}");
}

#[test]
fn a_delivery_date_without_transit_words_counts_days_from_the_ship_date() {
    let mut reply_json: serde_json::Value = serde_json::from_str(RATE).unwrap();
    let detail = &mut reply_json["output"]["rateReplyDetails"][1];
    detail["commit"].as_object_mut().unwrap().remove("transitDays");
    detail["operationalDetail"].as_object_mut().unwrap().remove("transitTime");
    let text = reply_json.to_string();
    let (host, _) =
        host_with(CONFIG, move |r| if r.url.ends_with("/rate/v1/rates/quotes") { reply(200, &text) } else { fedex(r) });
    let rates = Plugin::rate(&ctx(&host), rate_request()).unwrap();
    // dayFormat 2026-11-23T18:00:00, shipped 2026-11-17.
    assert_eq!((rates[1].eta_min_days, rates[1].eta_max_days), (6, 6));
}

#[test]
fn quotes_in_fedex_pounds_become_iso_pounds() {
    let text = RATE.replace("\"CNY\"", "\"UKL\"");
    let (host, _) =
        host_with(CONFIG, move |r| if r.url.ends_with("/rate/v1/rates/quotes") { reply(200, &text) } else { fedex(r) });
    let rates = Plugin::rate(&ctx(&host), rate_request()).unwrap();
    assert_eq!((rates[0].price.amount, rates[0].price.currency.as_str()), (42245, "GBP"));
}

#[test]
fn the_account_rate_is_preferred_over_the_list_rate() {
    let mut reply_json: serde_json::Value = serde_json::from_str(RATE).unwrap();
    let details = reply_json["output"]["rateReplyDetails"][0]["ratedShipmentDetails"].as_array_mut().unwrap();
    let mut list = details[0].clone();
    list["rateType"] = "LIST".into();
    list["totalNetCharge"] = serde_json::json!(512.00);
    details.insert(0, list);
    let text = reply_json.to_string();
    let (host, _) =
        host_with(CONFIG, move |r| if r.url.ends_with("/rate/v1/rates/quotes") { reply(200, &text) } else { fedex(r) });
    let rates = Plugin::rate(&ctx(&host), rate_request()).unwrap();
    assert_eq!(rates[0].price.amount, 42245);
}

#[test]
fn a_domestic_shipment_carries_no_customs_block() {
    let (host, log) = host();
    let mut request = rate_request();
    request.shipment.origin = request.shipment.destination.clone();
    Plugin::rate(&ctx(&host), request).unwrap();
    let body = body_json(&api_requests(&log)[0]);
    assert!(body["requestedShipment"].get("customsClearanceDetail").is_none(), "{body}");
}

#[test]
fn a_configuration_without_an_account_is_refused_before_any_request() {
    let (host, log) = host_with(r#"{"base_url": "https://apis.fedex.test"}"#, fedex);
    let err = Plugin::rate(&ctx(&host), rate_request()).unwrap_err();
    assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("account_number")), "{err:?}");
    assert!(log.borrow().is_empty());
}
