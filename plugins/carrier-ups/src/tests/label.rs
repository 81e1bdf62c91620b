//! Labels and voids, end to end against the stand-in.

use crossdock_sdk::HttpMethod;
use crossdock_sdk::prelude::*;

use super::*;

/// The first bytes of a PNG, enough for the format to be recognised.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const ZPL: &[u8] = b"^XA^FO40,40^FD1Z8V92A66612345675^FS^XZ\n";

fn png_ups() -> (TestHost, Sent) {
    ups(CONFIG, |r| r.url.contains("/ship").then(|| answer(200, label_answer("PNG", PNG))))
}

#[test]
fn the_label_is_the_decoded_image_with_ups_number_and_total_charges() {
    let (host, _) = png_ups();
    let label = UpsCarrier::create_label(&host.ctx(), label_request("65")).unwrap();
    assert_eq!(label.carrier, "ups");
    assert_eq!(label.service_code, "65");
    assert_eq!(label.tracking_number, "1Z8V92A66612345675");
    assert_eq!(label.format, LabelFormat::Png);
    assert_eq!(label.data, PNG);
    assert_eq!(label.price, Money::new(39_353, "CNY".parse().unwrap()));
}

#[test]
fn the_shipping_request_names_both_parties_and_bills_the_account() {
    let (host, sent) = png_ups();
    UpsCarrier::create_label(&host.ctx(), label_request("65")).unwrap();
    let call = sent.to("/api/shipments/v2409/ship");
    assert_eq!(call.method, HttpMethod::Post);
    assert_eq!(header(&call, "Authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    let body = sent.json("/ship");
    let request = &body["ShipmentRequest"];
    assert_eq!(request["Request"]["RequestOption"], "nonvalidate");
    let shipment = &request["Shipment"];
    assert_eq!(shipment["Shipper"]["Name"], "Shenzhen Example Trading");
    assert_eq!(shipment["Shipper"]["ShipperNumber"], "A1B2C3");
    assert_eq!(shipment["Shipper"]["Phone"]["Number"], "+86 755 8888 0000");
    assert_eq!(shipment["ShipFrom"]["Address"]["AddressLine"][0], "1 Keji Rd, Nanshan");
    assert_eq!(shipment["ShipTo"]["Name"], "Max Mustermann");
    assert_eq!(shipment["ShipTo"]["AttentionName"], "Max Mustermann");
    assert_eq!(shipment["ShipTo"]["Phone"]["Number"], "+49 30 1234567");
    assert_eq!(shipment["Service"]["Code"], "65");
    assert_eq!(shipment["Package"][0]["Packaging"]["Code"], "02");
    assert_eq!(shipment["Package"][0]["PackageWeight"]["Weight"], "1.2");
    assert!(shipment.get("ReturnService").is_none());
    let label = &request["LabelSpecification"];
    assert_eq!(label["LabelImageFormat"]["Code"], "PNG");
    assert!(label.get("LabelStockSize").is_none(), "stock size is for thermal printers");
    // DDP: transportation (01) and duties (02) both billed to the shipper's account.
    let charges: Vec<_> = shipment["PaymentInformation"]["ShipmentCharge"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["Type"].clone())
        .collect();
    assert_eq!(charges, ["01", "02"]);
}

#[test]
fn a_cross_border_label_carries_a_commercial_invoice_of_every_line() {
    let (host, sent) = png_ups();
    UpsCarrier::create_label(&host.ctx(), label_request("65")).unwrap();
    let shipment = &sent.json("/ship")["ShipmentRequest"]["Shipment"];
    // The distinct titles, cut at 50 characters.
    assert_eq!(shipment["Description"], "Cotton T-shirt, Fleece hoodie, Baseball cap, Socks");
    let forms = &shipment["ShipmentServiceOptions"]["InternationalForms"];
    assert_eq!(forms["FormType"], serde_json::json!(["01"]));
    assert_eq!(forms["InvoiceNumber"], "shp_1");
    assert_eq!(forms["InvoiceDate"], "20261117");
    assert_eq!(forms["ReasonForExport"], "SALE");
    assert_eq!(forms["CurrencyCode"], "EUR");
    assert_eq!(forms["Contacts"]["SoldTo"]["Name"], "Max Mustermann");
    let products = forms["Product"].as_array().unwrap();
    assert_eq!(products.len(), 10);
    assert_eq!(products[1]["Description"][0], "Fleece hoodie");
    assert_eq!(products[1]["CommodityCode"], "611020");
    assert_eq!(products[1]["OriginCountryCode"], "CN");
    assert_eq!(products[1]["Unit"]["Number"], "2");
    assert_eq!(products[1]["Unit"]["Value"], "49.99");
    assert_eq!(products[1]["Unit"]["UnitOfMeasurement"]["Code"], "PCS");
    assert_eq!(shipment["InvoiceLineTotal"]["MonetaryValue"], "378.34");
}

#[test]
fn a_domestic_label_has_no_invoice_and_no_duties() {
    let (host, sent) = png_ups();
    let mut request = label_request("65");
    request.shipment.destination = request.shipment.origin.clone();
    UpsCarrier::create_label(&host.ctx(), request).unwrap();
    let shipment = &sent.json("/ship")["ShipmentRequest"]["Shipment"];
    assert!(shipment.get("ShipmentServiceOptions").is_none());
    assert!(shipment.get("InvoiceLineTotal").is_none());
    assert_eq!(shipment["PaymentInformation"]["ShipmentCharge"].as_array().unwrap().len(), 1);
}

#[test]
fn a_zpl_binding_asks_for_thermal_4_by_6_stock_and_stores_zpl() {
    let config = r#"{"account_number": "A1B2C3", "label_format": "zpl"}"#;
    let (host, sent) = ups(config, |r| r.url.contains("/ship").then(|| answer(200, label_answer("ZPL", ZPL))));
    let label = UpsCarrier::create_label(&host.ctx(), label_request("07")).unwrap();
    assert_eq!((label.format, label.data.as_slice()), (LabelFormat::Zpl, ZPL));
    let spec = &sent.json("/ship")["ShipmentRequest"]["LabelSpecification"];
    assert_eq!(spec["LabelImageFormat"]["Code"], "ZPL");
    assert_eq!(spec["LabelStockSize"], serde_json::json!({"Height": "6", "Width": "4"}));
}

#[test]
fn a_gif_label_cannot_be_stored_and_says_so() {
    // The sample answer as UPS sends it by default: a GIF.
    let (host, _) = ups(CONFIG, |_| None);
    let err = UpsCarrier::create_label(&host.ctx(), label_request("65")).unwrap_err();
    assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("GIF")), "{err:?}");
}

#[test]
fn a_return_label_is_a_print_return_label_paid_by_the_merchant() {
    let (host, sent) = png_ups();
    let mut request = label_request("65");
    // The buyer in Berlin sends the goods back to the merchant in Shenzhen.
    let merchant = request.shipment.origin.clone();
    request.shipment.origin = request.shipment.destination.clone();
    request.shipment.destination = merchant;
    request.is_return = true;
    UpsCarrier::create_label(&host.ctx(), request).unwrap();
    let shipment = &sent.json("/ship")["ShipmentRequest"]["Shipment"];
    assert_eq!(shipment["ReturnService"]["Code"], "9");
    assert_eq!(shipment["Shipper"]["Name"], "Shenzhen Example Trading");
    assert_eq!(shipment["ShipFrom"]["Name"], "Max Mustermann");
    assert_eq!(shipment["ShipTo"]["Address"]["CountryCode"], "CN");
    assert_eq!(shipment["ShipmentServiceOptions"]["InternationalForms"]["ReasonForExport"], "RETURN");
}

#[test]
fn missing_label_data_is_refused_before_ups_is_asked() {
    type Change = fn(&mut LabelRequest);
    let cases: [(&str, Change); 5] = [
        ("the receiver has no phone", |r| r.shipment.destination.phone = None),
        ("the receiver's address has no street", |r| r.shipment.destination.street.clear()),
        ("the shipper's name is missing (or set `shipper_name`)", |r| r.shipment.origin.company = None),
        ("service `03` is not offered", |r| r.service_code = "03".into()),
        ("has no parcels", |r| r.parcels.clear()),
    ];
    for (expected, change) in cases {
        let (host, sent) = png_ups();
        let mut request = label_request("65");
        change(&mut request);
        let err = UpsCarrier::create_label(&host.ctx(), request).unwrap_err();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains(expected)), "{expected}: {err:?}");
        assert!(sent.all().is_empty(), "{expected}: nothing was sent");
    }
}

#[test]
fn the_binding_supplies_the_shippers_name_and_phone_when_the_origin_lacks_them() {
    let config = r#"{"account_number": "A1B2C3", "shipper_name": "Example Trading", "shipper_phone": "+86 755 1"}"#;
    let (host, sent) = ups(config, |r| r.url.contains("/ship").then(|| answer(200, label_answer("PNG", PNG))));
    let mut request = label_request("65");
    request.shipment.origin.company = None;
    request.shipment.origin.phone = None;
    UpsCarrier::create_label(&host.ctx(), request).unwrap();
    let shipment = &sent.json("/ship")["ShipmentRequest"]["Shipment"];
    assert_eq!(shipment["Shipper"]["Name"], "Example Trading");
    assert_eq!(shipment["Shipper"]["Phone"]["Number"], "+86 755 1");
    assert_eq!(shipment["ShipFrom"]["Name"], "Example Trading");
}

#[test]
fn several_parcels_need_zpl_which_joins_their_labels() {
    let (host, sent) = png_ups();
    let mut request = label_request("65");
    request.parcels.push(parcel());
    let err = UpsCarrier::create_label(&host.ctx(), request.clone()).unwrap_err();
    assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("zpl")), "{err:?}");
    assert!(sent.all().is_empty());

    let config = r#"{"account_number": "A1B2C3", "label_format": "zpl"}"#;
    let (host, _) = ups(config, |r| {
        r.url.contains("/ship").then(|| {
            let mut body: serde_json::Value = serde_json::from_str(&label_answer("ZPL", ZPL)).unwrap();
            let results = &mut body["ShipmentResponse"]["ShipmentResults"]["PackageResults"];
            let second = results[0].clone();
            results.as_array_mut().unwrap().push(second);
            answer(200, body.to_string())
        })
    });
    let label = UpsCarrier::create_label(&host.ctx(), request).unwrap();
    assert_eq!(label.data, [ZPL, ZPL].concat());
}

#[test]
fn void_deletes_the_shipment_by_its_number() {
    let (host, sent) = ups(CONFIG, |_| None);
    UpsCarrier::void_label(&host.ctx(), " 1Z8V92A66612345675 ").unwrap();
    let call = sent.to("/void/cancel/");
    assert_eq!(call.method, HttpMethod::Delete);
    assert_eq!(call.url, "https://wwwcie.ups.com/api/shipments/v2409/void/cancel/1Z8V92A66612345675");
    assert_eq!(header(&call, "Authorization"), Some(format!("Bearer {TOKEN}").as_str()));
}

#[test]
fn voiding_what_ups_does_not_know_is_not_found() {
    let (host, _) = ups(CONFIG, |r| {
        r.url.contains("/void/").then(|| answer(400, fixture("carriers/ups-void-not-found-response.json")))
    });
    let err = UpsCarrier::void_label(&host.ctx(), "1Z8V92A66699999999").unwrap_err();
    assert!(matches!(&err, CarrierError::NotFound(m) if m.contains("190102")), "{err:?}");
}

#[test]
fn a_void_ups_does_not_confirm_is_a_bad_response() {
    let (host, _) = ups(CONFIG, |r| {
        r.url.contains("/void/").then(|| {
            answer(200, r#"{"VoidShipmentResponse":{"SummaryResult":{"Status":{"Code":"0","Description":"Failed"}}}}"#)
        })
    });
    let err = UpsCarrier::void_label(&host.ctx(), "1Z8V92A66612345675").unwrap_err();
    assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("Failed")), "{err:?}");
}
