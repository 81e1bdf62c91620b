//! Labels: the ship request, and the label made of FedEx's reply.

use crossdock_sdk::{CarrierError, CarrierPlugin, LabelFormat, LogLevel};

use super::*;

#[test]
fn a_label_is_fedex_tracking_number_with_the_decoded_pdf_and_its_charge() {
    let (host, _) = host();
    let label = Plugin::create_label(&ctx(&host), label_request("FEDEX_INTERNATIONAL_PRIORITY")).unwrap();
    assert_eq!(label.carrier, "fedex");
    assert_eq!(label.tracking_number, "795867532145");
    assert_eq!(label.service_code, "FEDEX_INTERNATIONAL_PRIORITY");
    assert_eq!(label.format, LabelFormat::Pdf);
    assert!(label.data.starts_with(b"%PDF-1.4"), "{:?}", &label.data[..8]);
    assert!(String::from_utf8_lossy(&label.data).contains("SAMPLE LABEL"));
    assert_eq!((label.price.amount, label.price.currency.as_str()), (42245, "CNY"));
}

#[test]
fn the_ship_request_carries_contacts_customs_and_the_label_specification() {
    let (host, log) = host();
    Plugin::create_label(&ctx(&host), label_request("FEDEX_INTERNATIONAL_PRIORITY")).unwrap();
    let requests = api_requests(&log);
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.url, "https://apis.fedex.test/ship/v1/shipments");
    assert_eq!(header(request, "x-customer-transaction-id"), Some("crossdock-ship-shp_1"));
    let body = body_json(request);
    assert_eq!(body["labelResponseOptions"], "LABEL");
    assert_eq!(body["accountNumber"]["value"], "740561073");
    let shipment = &body["requestedShipment"];
    assert_eq!(shipment["shipDatestamp"], "2026-11-17");
    assert_eq!(shipment["serviceType"], "FEDEX_INTERNATIONAL_PRIORITY");
    assert_eq!(shipment["packagingType"], "YOUR_PACKAGING");
    assert_eq!(shipment["totalWeight"], 1.2);
    assert_eq!(shipment["shippingChargesPayment"]["paymentType"], "SENDER");
    assert_eq!(shipment["labelSpecification"], serde_json::json!({"imageType": "PDF", "labelStockType": "PAPER_4X6"}));
    assert_eq!(
        shipment["shipper"],
        serde_json::json!({
            "contact": {"companyName": "Shenzhen Example Trading", "phoneNumber": "+86 755 1234 5678"},
            "address": {"streetLines": ["1 Keji Rd, Nanshan"], "city": "Shenzhen", "postalCode": "518000", "countryCode": "CN"}
        })
    );
    assert_eq!(shipment["recipients"][0]["contact"]["personName"], "Max Mustermann");
    let customs = &shipment["customsClearanceDetail"];
    // The sample shipment is DDP: the sender pays duties.
    assert_eq!(customs["dutiesPayment"]["paymentType"], "SENDER");
    assert_eq!(customs["commercialInvoice"], serde_json::json!({"shipmentPurpose": "SOLD", "termsOfSale": "DDP"}));
    assert_eq!(customs["commodities"][0]["unitPrice"], serde_json::json!({"amount": 19.99, "currency": "EUR"}));
    // 1×19.99 + 2×49.99 + 3×14.99 + 8.99 + 2×12.50 + 3×19.99 + 49.99 + 2×14.99 + 3×8.99 + 12.50
    assert_eq!(customs["totalCustomsValue"], serde_json::json!({"amount": 378.34, "currency": "EUR"}));
    assert!(shipment.get("shipmentSpecialServices").is_none());
}

#[test]
fn dap_shipments_leave_duties_to_the_recipient() {
    let (host, log) = host();
    let mut request = label_request("INTERNATIONAL_ECONOMY");
    request.shipment.incoterm = crossdock_sdk::Incoterm::Dap;
    Plugin::create_label(&ctx(&host), request).unwrap();
    let body = body_json(&api_requests(&log)[0]);
    let customs = &body["requestedShipment"]["customsClearanceDetail"];
    assert_eq!(customs["dutiesPayment"]["paymentType"], "RECIPIENT");
    assert_eq!(customs["commercialInvoice"]["termsOfSale"], "DAP");
}

#[test]
fn a_return_label_asks_fedex_for_a_printed_return_shipment() {
    let (host, log) = host();
    let mut request = label_request("FEDEX_INTERNATIONAL_PRIORITY");
    request.is_return = true;
    Plugin::create_label(&ctx(&host), request).unwrap();
    let body = body_json(&api_requests(&log)[0]);
    assert_eq!(
        body["requestedShipment"]["shipmentSpecialServices"],
        serde_json::json!({"specialServiceTypes": ["RETURN_SHIPMENT"], "returnShipmentDetail": {"returnType": "PRINT_RETURN_LABEL"}})
    );
}

#[test]
fn a_label_needs_street_city_name_and_phone_and_nothing_is_bought_without_them() {
    type Break = fn(&mut LabelRequest);
    let cases: [(&str, Break); 4] = [
        ("phone number", |r| r.shipment.destination.phone = None),
        ("street", |r| r.shipment.origin.street.clear()),
        ("city", |r| r.shipment.destination.city = Some("  ".into())),
        ("name or company", |r| r.shipment.destination.name = None),
    ];
    for (field, break_it) in cases {
        let (host, log) = host();
        let mut request = label_request("FEDEX_INTERNATIONAL_PRIORITY");
        break_it(&mut request);
        let err = Plugin::create_label(&ctx(&host), request).unwrap_err();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains(field)), "{field}: {err:?}");
        assert!(log.borrow().is_empty(), "{field}: FedEx was called");
    }
}

#[test]
fn a_service_the_binding_does_not_offer_is_refused() {
    let (host, log) = host();
    let err = Plugin::create_label(&ctx(&host), label_request("FEDEX_GROUND")).unwrap_err();
    assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("FEDEX_GROUND")), "{err:?}");
    assert!(log.borrow().is_empty());
}

#[test]
fn several_parcels_need_zpl_whose_labels_are_joined() {
    let (host, log) = host();
    let mut request = label_request("FEDEX_INTERNATIONAL_PRIORITY");
    request.parcels.push(parcel());
    let err = Plugin::create_label(&ctx(&host), request.clone()).unwrap_err();
    assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("zpl")), "{err:?}");
    assert!(log.borrow().is_empty());

    let zpl_config = r#"{"base_url": "https://apis.fedex.test", "account_number": "740561073", "label_format": "zpl"}"#;
    let mut reply: serde_json::Value = serde_json::from_str(LABEL).unwrap();
    let pieces = reply["output"]["transactionShipments"][0]["pieceResponses"].as_array_mut().unwrap();
    pieces[0]["packageDocuments"][0]["docType"] = "ZPLII".into();
    pieces[0]["packageDocuments"][0]["encodedLabel"] = "XlhBXkZEb25lXkZTXlha".into(); // ^XA^FDone^FS^XZ
    let mut second = pieces[0].clone();
    second["trackingNumber"] = "795867532146".into();
    second["packageDocuments"][0]["encodedLabel"] = "XlhBXkZEdHdvXkZTXlha".into(); // ^XA^FDtwo^FS^XZ
    pieces.push(second);
    let text = reply.to_string();
    let (host, log) =
        host_with(
            zpl_config,
            move |r| {
                if r.url.ends_with("/ship/v1/shipments") { reply_with(&text) } else { fedex(r) }
            },
        );
    let label = Plugin::create_label(&ctx(&host), request).unwrap();
    assert_eq!(label.format, LabelFormat::Zpl);
    assert_eq!(label.data, b"^XA^FDone^FS^XZ^XA^FDtwo^FS^XZ");
    let body = body_json(&api_requests(&log)[0]);
    assert_eq!(body["requestedShipment"]["labelSpecification"]["imageType"], "ZPLII");
    assert_eq!(body["requestedShipment"]["labelSpecification"]["labelStockType"], "STOCK_4X6");
    assert_eq!(body["requestedShipment"]["requestedPackageLineItems"].as_array().unwrap().len(), 2);
    assert_eq!(body["requestedShipment"]["totalWeight"], 2.4);
}

fn reply_with(text: &str) -> Result<crossdock_sdk::HttpResponse, crossdock_sdk::HttpError> {
    reply(200, text)
}

#[test]
fn the_pieces_net_charge_prices_a_reply_without_shipment_rating() {
    let mut reply_json: serde_json::Value = serde_json::from_str(LABEL).unwrap();
    reply_json["output"]["transactionShipments"][0]["completedShipmentDetail"]
        .as_object_mut()
        .unwrap()
        .remove("shipmentRating");
    reply_json["output"]["transactionShipments"][0]["pieceResponses"][0]["netRateAmount"] = serde_json::json!(401.5);
    let text = reply_json.to_string();
    let (host, _) =
        host_with(CONFIG, move |r| if r.url.ends_with("/ship/v1/shipments") { reply(200, &text) } else { fedex(r) });
    let label = Plugin::create_label(&ctx(&host), label_request("FEDEX_INTERNATIONAL_PRIORITY")).unwrap();
    assert_eq!((label.price.amount, label.price.currency.as_str()), (40150, "CNY"));
}

#[test]
fn a_reply_without_any_charge_is_recorded_at_zero_with_a_warning() {
    let mut reply_json: serde_json::Value = serde_json::from_str(LABEL).unwrap();
    let shipment = &mut reply_json["output"]["transactionShipments"][0];
    shipment["completedShipmentDetail"].as_object_mut().unwrap().remove("shipmentRating");
    let piece = shipment["pieceResponses"][0].as_object_mut().unwrap();
    piece.remove("netRateAmount");
    let text = reply_json.to_string();
    let (host, _) =
        host_with(CONFIG, move |r| if r.url.ends_with("/ship/v1/shipments") { reply(200, &text) } else { fedex(r) });
    let label = Plugin::create_label(&ctx(&host), label_request("FEDEX_INTERNATIONAL_PRIORITY")).unwrap();
    assert_eq!((label.price.amount, label.price.currency.as_str()), (0, "EUR"));
    assert!(
        host.logs().iter().any(|(level, m)| *level == LogLevel::Warn && m.contains("no charges")),
        "{:?}",
        host.logs()
    );
}

#[test]
fn a_label_that_is_not_base64_is_a_bad_response() {
    let text = LABEL.replacen("\"encodedLabel\": \"JVBERi0", "\"encodedLabel\": \"%%%JVBERi0", 2);
    let (host, _) =
        host_with(CONFIG, move |r| if r.url.ends_with("/ship/v1/shipments") { reply(200, &text) } else { fedex(r) });
    let err = Plugin::create_label(&ctx(&host), label_request("FEDEX_INTERNATIONAL_PRIORITY")).unwrap_err();
    assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("base64")), "{err:?}");
}
