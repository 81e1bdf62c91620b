//! Behaviour of the plugin through its public entry points, on real-world-shaped requests:
//! the 1.2 kg box of 6 T-shirts from Shenzhen (CN 518000) to Berlin (DE 10115) that the
//! carrier samples in `shared/data/carriers` describe, and a parcel from Lyon to Berlin.

use crossdock_sdk::prelude::*;
use crossdock_sdk::testing::{TestHost, from_json};

use crate::{LABEL_CREATED, TableRate, code128, pdf, tracking};

/// The CN 518000 → DE 10115 shipment: 6 cotton T-shirts, declared USD 85, in one 1.2 kg box
/// of 30 × 20 × 10 cm.
fn shenzhen_to_berlin() -> Shipment {
    from_json(
        r#"{
        "id": "shp_cn_de_0001",
        "origin": {"name": "Shenzhen Example Trading", "street": ["1 Keji Rd, Nanshan"], "city": "Shenzhen",
                   "postal_code": "518000", "country": "CN"},
        "destination": {"name": "Max Mustermann", "street": ["Invalidenstrasse 117"], "city": "Berlin",
                        "postal_code": "10115", "country": "DE"},
        "incoterm": "DDP",
        "currency": "USD",
        "shipping_cost": {"amount": 0, "currency": "USD"},
        "items": [{"sku": "TEE-M", "title": "Cotton T-shirt", "quantity": 6, "unit_price": {"amount": 1417, "currency": "USD"},
                   "unit_weight_g": 190, "hs_code": "610910", "origin_country": "CN"}]
    }"#,
    )
}

fn box_1_2_kg() -> Parcel {
    Parcel { weight_g: 1200, length_mm: 300, width_mm: 200, height_mm: 100 }
}

fn rate_request(shipment: Shipment, parcels: Vec<Parcel>) -> RateRequest {
    RateRequest { shipment, parcels }
}

fn label_request(service: &str) -> LabelRequest {
    LabelRequest {
        shipment: shenzhen_to_berlin(),
        parcels: vec![box_1_2_kg()],
        service_code: service.into(),
        is_return: false,
    }
}

fn eur(amount: i64) -> Money {
    Money::new(amount, "EUR".parse().unwrap())
}

fn rates(host: &TestHost, request: RateRequest) -> Vec<(String, i64, u32, u32)> {
    let rates = TableRate::rate(&host.ctx(), request).unwrap();
    rates.into_iter().map(|r| (r.service_code, r.price.amount, r.eta_min_days, r.eta_max_days)).collect()
}

#[test]
fn shenzhen_to_berlin_at_1_2_kg_is_priced_in_the_world_zone_for_both_default_services() {
    let host = TestHost::new();
    let all = TableRate::rate(&host.ctx(), rate_request(shenzhen_to_berlin(), vec![box_1_2_kg()])).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].carrier, "table-rate");
    assert_eq!(
        (all[0].service_code.as_str(), all[0].level, all[0].price),
        ("standard", ServiceLevel::Standard, eur(2790))
    );
    assert_eq!((all[0].eta_min_days, all[0].eta_max_days), (6, 12));
    assert_eq!(
        (all[1].service_code.as_str(), all[1].level, all[1].price),
        ("express", ServiceLevel::Express, eur(6490))
    );
    assert_eq!((all[1].eta_min_days, all[1].eta_max_days), (2, 5));
}

#[test]
fn without_parcels_the_weight_is_the_items_quantity_times_unit_weight() {
    // 6 × 190 g = 1.14 kg: the ≤ 2 kg band, like the 1.2 kg box.
    let host = TestHost::new();
    let got = rates(&host, rate_request(shenzhen_to_berlin(), Vec::new()));
    assert_eq!(got, [("standard".into(), 2790, 6, 12), ("express".into(), 6490, 2, 5)]);
}

#[test]
fn parcels_are_summed_and_a_band_limit_is_inclusive() {
    let host = TestHost::new();
    let half = Parcel { weight_g: 1000, ..box_1_2_kg() };
    let got = rates(&host, rate_request(shenzhen_to_berlin(), vec![half, half]));
    assert_eq!(got[0].1, 2790, "2 × 1 kg = 2 kg is still the ≤ 2 kg band");
    let got = rates(&host, rate_request(shenzhen_to_berlin(), vec![half, Parcel { weight_g: 1001, ..half }]));
    assert_eq!(got[0].1, 4490, "2.001 kg is the ≤ 5 kg band");
}

#[test]
fn lyon_to_berlin_is_same_region_and_berlin_to_berlin_is_domestic() {
    let host = TestHost::new();
    let mut shipment = shenzhen_to_berlin();
    shipment.origin = from_json(r#"{"city": "Lyon", "postal_code": "69002", "country": "FR"}"#);
    let got = rates(&host, rate_request(shipment.clone(), vec![box_1_2_kg()]));
    assert_eq!(got, [("standard".into(), 1290, 3, 6), ("express".into(), 2990, 1, 3)]);
    shipment.origin.country = "DE".parse().unwrap();
    let got = rates(&host, rate_request(shipment, vec![box_1_2_kg()]));
    assert_eq!(got, [("standard".into(), 690, 1, 3), ("express".into(), 1390, 1, 1)]);
}

#[test]
fn a_31_kg_shipment_is_service_unavailable_naming_weight_and_zone() {
    let host = TestHost::new();
    let heavy = Parcel { weight_g: 31_000, ..box_1_2_kg() };
    let err = TableRate::rate(&host.ctx(), rate_request(shenzhen_to_berlin(), vec![heavy])).unwrap_err();
    let CarrierError::ServiceUnavailable(message) = err else { panic!("{err:?}") };
    assert!(message.contains("no band for 31 kg to zone world (CN → DE)"), "{message}");
    assert!(message.contains("30 kg"), "{message}");
}

#[test]
fn volumetric_weight_counts_when_the_merchant_sets_a_divisor() {
    let light = Parcel { weight_g: 400, ..box_1_2_kg() };
    let actual = rates(&TestHost::new(), rate_request(shenzhen_to_berlin(), vec![light]));
    assert_eq!(actual[0].1, 1490, "400 g actual: the ≤ 0.5 kg band");
    let host = TestHost::new().with_config(r#"{"volumetric_divisor": 5000}"#);
    let volumetric = rates(&host, rate_request(shenzhen_to_berlin(), vec![light]));
    assert_eq!(volumetric[0].1, 2790, "30 × 20 × 10 cm ÷ 5000 = 1.2 kg: the ≤ 2 kg band");
}

/// A UK merchant's own table: GBP, a domestic economy service with per-kg pricing above
/// 2 kg up to 10 kg, and nothing abroad.
const ROYAL_TABLE: &str = r#"{
    "carrier_code": "uk-post", "carrier_name": "UK Post", "currency": "GBP", "label_format": "zpl",
    "zones": [{"name": "uk", "rule": "domestic", "countries": ["GB"]}],
    "services": [{"code": "2nd", "name": "2nd Class", "level": "economy", "eta_min_days": 2, "eta_max_days": 3,
        "prices": [{"zone": "uk", "bands": [{"max_weight_g": 1000, "price": 355}, {"max_weight_g": 2000, "price": 455}],
                    "per_extra_kg": 120, "max_weight_g": 10000}]}]
}"#;

fn london_to_leeds() -> Shipment {
    let mut shipment = shenzhen_to_berlin();
    shipment.origin = from_json(r#"{"city": "London", "postal_code": "EC1A 1BB", "country": "GB"}"#);
    shipment.destination =
        from_json(r#"{"name": "A. Reader", "city": "Leeds", "postal_code": "LS1 4AP", "country": "GB"}"#);
    shipment
}

#[test]
fn a_merchant_table_prices_in_its_own_currency_with_extra_kilograms() {
    let host = TestHost::new().with_config(ROYAL_TABLE);
    let parcel = Parcel { weight_g: 3_500, ..box_1_2_kg() };
    let all = TableRate::rate(&host.ctx(), rate_request(london_to_leeds(), vec![parcel])).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].carrier, "uk-post");
    assert_eq!(all[0].level, ServiceLevel::Economy);
    // 2 kg band 4.55 + 2 started kg × 1.20.
    assert_eq!(all[0].price, Money::new(695, "GBP".parse().unwrap()));
    let too_heavy = Parcel { weight_g: 10_001, ..box_1_2_kg() };
    let err = TableRate::rate(&host.ctx(), rate_request(london_to_leeds(), vec![too_heavy])).unwrap_err();
    assert!(err.to_string().contains("no band for 10.001 kg to zone uk"), "{err}");
}

#[test]
fn a_route_that_no_zone_covers_is_service_unavailable_and_says_how_to_fix_it() {
    let host = TestHost::new().with_config(ROYAL_TABLE);
    let err = TableRate::rate(&host.ctx(), rate_request(shenzhen_to_berlin(), vec![box_1_2_kg()])).unwrap_err();
    let CarrierError::ServiceUnavailable(message) = err else { panic!("{err:?}") };
    assert!(message.contains("no zone of the `uk-post` table covers CN → DE"), "{message}");
    assert!(message.contains("rule `any`"), "{message}");
}

#[test]
fn a_broken_config_is_an_invalid_request_that_names_the_problem() {
    let host = TestHost::new().with_config(r#"{"label_format": "png"}"#);
    let err = TableRate::rate(&host.ctx(), rate_request(shenzhen_to_berlin(), vec![])).unwrap_err();
    let CarrierError::InvalidRequest(message) = err else { panic!("{err:?}") };
    assert!(message.starts_with("invalid_config") && message.contains("png"), "{message}");
}

#[test]
fn a_pdf_label_is_a_valid_4x6_page_with_both_addresses_and_a_code_128_barcode() {
    let host = TestHost::new().with_now("2026-11-17T02:05:00Z");
    let label = TableRate::create_label(&host.ctx(), label_request("express")).unwrap();
    assert_eq!(label.format, LabelFormat::Pdf);
    assert_eq!((label.carrier.as_str(), label.service_code.as_str()), ("table-rate", "express"));
    assert_eq!(label.price, eur(6490), "the label costs what the rate said");
    let content = pdf::tests::check_structure(&label.data);
    let content = String::from_utf8_lossy(&content);
    let file = String::from_utf8_lossy(&label.data);
    assert!(file.contains("/MediaBox [0 0 288 432]"), "4 × 6 inches");
    for text in [
        "(Table rate)",
        "(Express)",
        "(EXPRESS)",
        "(Shenzhen Example Trading)",
        "(518000 Shenzhen)",
        "(Max Mustermann)",
        "(Invalidenstrasse 117)",
        "(10115 Berlin)",
        "Weight 1.2 kg",
        "Date 2026-11-17",
        "Ref shp_cn_de_0001",
    ] {
        assert!(content.contains(text), "missing {text} in\n{content}");
    }
    assert!(content.contains(&format!("({})", label.tracking_number)));
    // One filled rectangle per bar: three bars per symbol, four in the stop pattern.
    let bars = content.matches(" re f").count();
    let symbols = code128::symbols(&label.tracking_number).unwrap().len();
    assert_eq!(bars, (symbols - 1) * 3 + 4);
}

#[test]
fn a_zpl_label_is_one_format_with_a_code_128_barcode_of_the_tracking_number() {
    let host = TestHost::new().with_config(ROYAL_TABLE);
    let mut request = label_request("2nd");
    request.shipment = london_to_leeds();
    let label = TableRate::create_label(&host.ctx(), request).unwrap();
    assert_eq!(label.format, LabelFormat::Zpl);
    let zpl = String::from_utf8(label.data).unwrap();
    assert!(zpl.starts_with("^XA\n") && zpl.ends_with("^XZ\n"), "{zpl}");
    assert_eq!(zpl.matches("^XA").count(), 1);
    assert!(zpl.contains(&format!("^BCN,180,Y,N,N,A^FH_^FD{}^FS", label.tracking_number)), "{zpl}");
    assert!(zpl.contains("^FDUK Post^FS") && zpl.contains("^FDLS1 4AP Leeds^FS") && zpl.contains("^FDECONOMY^FS"));
    assert_eq!(label.price, Money::new(455, "GBP".parse().unwrap()));
}

#[test]
fn an_unknown_service_code_is_an_invalid_request_naming_the_valid_codes() {
    let err = TableRate::create_label(&TestHost::new().ctx(), label_request("overnight")).unwrap_err();
    let CarrierError::InvalidRequest(message) = err else { panic!("{err:?}") };
    assert!(message.contains("unknown service code `overnight`"), "{message}");
    assert!(message.contains("`standard`, `express`"), "{message}");
}

#[test]
fn a_destination_without_a_postal_code_is_rejected_as_an_address_problem() {
    let mut request = label_request("standard");
    request.shipment.destination.postal_code = None;
    let err = TableRate::create_label(&TestHost::new().ctx(), request).unwrap_err();
    let CarrierError::AddressRejected(message) = err else { panic!("{err:?}") };
    assert!(message.contains("DE has no postal code"), "{message}");
}

#[test]
fn a_label_too_heavy_for_its_service_is_refused_like_the_rate() {
    let mut request = label_request("standard");
    request.parcels = vec![Parcel { weight_g: 31_000, ..box_1_2_kg() }];
    let err = TableRate::create_label(&TestHost::new().ctx(), request).unwrap_err();
    assert!(err.to_string().contains("no band for 31 kg to zone world"), "{err}");
}

#[test]
fn tracking_numbers_are_deterministic_per_shipment_service_direction_and_clock() {
    let host = TestHost::new().with_now("2026-11-17T02:05:00Z");
    let number = |request: LabelRequest| TableRate::create_label(&host.ctx(), request).unwrap().tracking_number;
    let first = number(label_request("standard"));
    assert_eq!(first, number(label_request("standard")), "a retried event gets the same number");
    assert!(first.starts_with("XD2611170205") && first.len() == tracking::LEN, "{first}");
    assert_ne!(first, number(label_request("express")));
    let mut other = label_request("standard");
    other.shipment.id = "shp_cn_de_0002".into();
    assert_ne!(first, number(other));
    let mut back = label_request("standard");
    back.is_return = true;
    assert_ne!(first, number(back));
}

#[test]
fn a_return_label_is_marked_return_and_goes_to_the_return_location() {
    // The core hands over the return leg: from the buyer to the return location.
    let mut request = label_request("standard");
    request.is_return = true;
    request.shipment.origin = from_json(
        r#"{"name": "Camille Béranger", "street": ["12 rue de la République"], "city": "Lyon", "postal_code": "69002", "country": "FR"}"#,
    );
    request.shipment.destination = from_json(
        r#"{"company": "Crossdock Returns NL", "street": ["Havenweg 4"], "city": "Venlo", "postal_code": "5928 LB", "country": "NL"}"#,
    );
    let label = TableRate::create_label(&TestHost::new().ctx(), request).unwrap();
    let content = pdf::tests::check_structure(&label.data);
    let content = String::from_utf8_lossy(&content);
    assert!(content.contains("(RETURN)"));
    assert!(content.contains("(Camille B\u{FFFD}ranger)"), "é is one WinAnsi byte, not UTF-8");
    assert!(content.contains("(5928 LB Venlo)"));
    assert_eq!(label.price, eur(1290), "FR → NL is the region zone, ≤ 2 kg");
}

#[test]
fn void_accepts_this_carriers_numbers_and_answers_not_found_for_others() {
    let host = TestHost::new();
    let label = TableRate::create_label(&host.ctx(), label_request("standard")).unwrap();
    assert_eq!(TableRate::void_label(&host.ctx(), &label.tracking_number), Ok(()));
    for other in ["1Z999AA10123456784", "", "XD00000000000000000000"] {
        let err = TableRate::void_label(&host.ctx(), other).unwrap_err();
        assert!(matches!(err, CarrierError::NotFound(_)), "{other}: {err:?}");
    }
    let mut typo = label.tracking_number.clone().into_bytes();
    typo[10] = if typo[10] == b'9' { b'0' } else { typo[10] + 1 };
    let typo = String::from_utf8(typo).unwrap();
    assert!(
        matches!(TableRate::void_label(&host.ctx(), &typo), Err(CarrierError::NotFound(m)) if m.contains("check digit"))
    );
}

#[test]
fn tracking_is_pre_transit_with_one_label_created_event_dated_from_the_number() {
    let labelled = TestHost::new().with_now("2026-11-17T02:05:41Z");
    let label = TableRate::create_label(&labelled.ctx(), label_request("standard")).unwrap();
    // Asked days later: the answer comes from the number, not the clock.
    let later = TestHost::new().with_now("2026-11-20T09:00:00Z");
    let tracking = TableRate::track(&later.ctx(), &label.tracking_number).unwrap();
    assert_eq!(tracking.tracking_number, label.tracking_number);
    assert_eq!(tracking.status, TrackingStatus::PreTransit);
    assert_eq!(tracking.events.len(), 1);
    let event = &tracking.events[0];
    assert_eq!((event.status, event.raw_code.as_str()), (TrackingStatus::PreTransit, LABEL_CREATED));
    assert_eq!(event.time.to_string(), "2026-11-17T02:05:00Z");
    assert!(event.description.starts_with("Label created"));
    assert_eq!(tracking.estimated_delivery, None);
    assert!(matches!(TableRate::track(&later.ctx(), "JD014600003828000000"), Err(CarrierError::NotFound(_))));
}

#[test]
fn metadata_declares_a_carrier_with_a_json_schema_for_its_config() {
    let meta = TableRate::metadata();
    assert_eq!((meta.name.as_str(), meta.kind), ("carrier-table-rate", PluginKind::Carrier));
    assert_eq!(meta.covers, ["table-rate"]);
    let schema: serde_json::Value = serde_json::from_str(&meta.config_schema).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(schema["properties"]["label_format"]["default"], "pdf");
}

#[test]
fn every_call_logs_through_the_host() {
    let host = TestHost::new();
    TableRate::create_label(&host.ctx(), label_request("standard")).unwrap();
    let logs = host.logs();
    assert!(logs.iter().any(|(level, m)| *level == LogLevel::Info && m.contains("outbound label XD")), "{logs:?}");
}

#[test]
fn the_default_table_rates_every_route_between_any_two_countries() {
    // A rate depends only on the zone and the weight, so: every route finds a zone, and a
    // route of each zone gets both services.
    let config = crate::config::Config::default();
    let letters = b'A'..=b'Z';
    let countries: Vec<CountryCode> = letters
        .clone()
        .flat_map(|a| letters.clone().map(move |b| String::from_utf8(vec![a, b]).unwrap()))
        .filter_map(|code| code.parse().ok())
        .collect();
    assert_eq!(countries.len(), 250);
    let mut example_of_zone = std::collections::BTreeMap::new();
    for &origin in &countries {
        for &destination in &countries {
            let zone = config.zone_for(origin, destination).unwrap_or_else(|| panic!("{origin} → {destination}"));
            example_of_zone.entry(zone.name.clone()).or_insert((origin, destination));
        }
    }
    assert_eq!(example_of_zone.len(), 3);
    let host = TestHost::new();
    for (origin, destination) in example_of_zone.into_values() {
        let mut shipment = shenzhen_to_berlin();
        shipment.origin.country = origin;
        shipment.destination.country = destination;
        let heaviest = Parcel { weight_g: 30_000, ..box_1_2_kg() };
        assert_eq!(rates(&host, rate_request(shipment, vec![heaviest])).len(), 2, "{origin} → {destination}");
    }
}
