//! Behaviour of the policy through `evaluate`, on the return of WooCommerce order 4217
//! (`tests/fixtures/return-request.json`): Camille Béranger in Lyon (FR 69002) ordered
//! 2 × TEE-M at 19.99 EUR and 1 × CAP-01 at 14.50 EUR with 8.00 EUR shipping on 2026-11-24;
//! the parcel was delivered on 2026-11-28. The merchant takes returns at a resale hub in
//! Venlo (NL), a return warehouse in Lyon (FR) and the origin warehouse in Shenzhen (CN).

use crossdock_sdk::prelude::*;
use crossdock_sdk::testing::{TestHost, from_json};

use crate::LocalHubReturns;

const LOCATIONS: &str = r#"[
    {"id": "hub-nl", "kind": "regional_hub", "address": {"city": "Venlo", "postal_code": "5928", "country": "NL"}},
    {"id": "ret-fr", "kind": "return_warehouse", "address": {"city": "Lyon", "postal_code": "69007", "country": "FR"}},
    {"id": "shenzhen", "kind": "origin", "address": {"city": "Shenzhen", "postal_code": "518000", "country": "CN"}}
]"#;

const TEES: &str =
    r#"{"sku": "TEE-M", "quantity": 2, "unit_price": {"amount": 1999, "currency": "EUR"}, "reason": "wrong_size"}"#;
const CAP_ON_SALE: &str = r#"{"sku": "CAP-01", "quantity": 1, "unit_price": {"amount": 1450, "currency": "EUR"}, "reason": "changed_mind", "final_sale": true}"#;
const WORN_CAP: &str = r#"{"sku": "CAP-01", "quantity": 1, "unit_price": {"amount": 1450, "currency": "EUR"}, "reason": "damaged", "resellable": false}"#;
const SOCKS: &str =
    r#"{"sku": "SOCK-3", "quantity": 1, "unit_price": {"amount": 899, "currency": "EUR"}, "reason": "wrong_size"}"#;

/// A return of `items` from `customer` (an address JSON object), requested at `requested_at`.
fn a_return(customer: &str, items: &[&str], requested_at: &str) -> ReturnRequest {
    from_json(&format!(
        r#"{{"id": "ret_4217_1", "order_id": "4217", "customer": {customer},
            "ordered_at": "2026-11-24T14:32:07Z", "delivered_at": "2026-11-28T10:15:00Z",
            "requested_at": "{requested_at}", "items": [{}],
            "original_shipping": {{"amount": 800, "currency": "EUR"}}, "locations": {LOCATIONS}}}"#,
        items.join(",")
    ))
}

const LYON: &str = r#"{"name": "Camille Béranger", "street": ["12 rue de la République"], "city": "Lyon", "postal_code": "69002", "country": "FR"}"#;
const BERLIN: &str = r#"{"name": "Jonas Weber", "street": ["Invalidenstraße 43"], "city": "Berlin", "postal_code": "10115", "country": "DE"}"#;
const LONDON: &str = r#"{"name": "Amelia Hart", "city": "London", "postal_code": "N1 9GU", "country": "GB"}"#;

fn evaluate(config: &str, request: ReturnRequest) -> Result<Decision, PluginError> {
    let host = TestHost::new().with_config(config).with_now("2026-12-03T09:00:05Z");
    LocalHubReturns::evaluate(&host.ctx(), request)
}

fn eur(amount: i64) -> Money {
    Money::new(amount, "EUR".parse().unwrap())
}

fn has_note(decision: &Decision, text: &str) -> bool {
    decision.notes.iter().any(|n| n.contains(text))
}

#[test]
fn tees_returned_in_lyon_go_to_the_lyon_return_warehouse_and_the_final_sale_cap_is_refused() {
    let decision = evaluate("{}", a_return(LYON, &[TEES, CAP_ON_SALE], "2026-12-03T09:00:00Z")).unwrap();
    assert!(decision.approved);
    assert_eq!((decision.items[0].eligible, decision.items[0].refund), (true, eur(3998)));
    assert_eq!(
        (decision.items[1].eligible, decision.items[1].reason.as_str()),
        (false, "final sale: sold as not returnable")
    );
    assert_eq!((decision.refund, decision.fees), (eur(3998), eur(0)));
    assert_eq!(decision.route, ReturnRoute::ReturnWarehouse("ret-fr".into()));
    assert!(decision.prepaid_label);
    assert!(has_note(
        &decision,
        "return warehouse ret-fr in the customer's own country (FR) instead of back to the origin"
    ));
}

#[test]
fn a_return_from_berlin_goes_to_the_regional_hub_in_venlo() {
    let decision = evaluate("{}", a_return(BERLIN, &[TEES], "2026-12-03T09:00:00Z")).unwrap();
    assert_eq!(decision.route, ReturnRoute::RegionalHub("hub-nl".into()));
    assert!(
        has_note(&decision, "regional hub hub-nl in NL, in the same region (EU single market)"),
        "{:?}",
        decision.notes
    );
}

#[test]
fn cheap_socks_stay_with_the_customer_when_the_label_costs_more_than_they_would_fetch() {
    let config = r#"{"label_costs": {"DE": {"amount": 650, "currency": "EUR"}}}"#;
    let decision = evaluate(config, a_return(BERLIN, &[SOCKS], "2026-12-03T09:00:00Z")).unwrap();
    assert!(decision.approved);
    assert_eq!(
        (decision.route.clone(), decision.refund, decision.prepaid_label),
        (ReturnRoute::KeepItem, eur(899), false)
    );
    assert!(has_note(&decision, "label costs 6.50 EUR for DE"), "{:?}", decision.notes);
    assert!(has_note(&decision, "would fetch 6.29 EUR again at the 70 % recovery rate"), "{:?}", decision.notes);
    // The same label is worth it for two tees (27.99 EUR at 70 %).
    let decision = evaluate(config, a_return(BERLIN, &[TEES], "2026-12-03T09:00:00Z")).unwrap();
    assert_eq!(decision.route, ReturnRoute::RegionalHub("hub-nl".into()));
    assert!(has_note(&decision, "The goods are worth their label"));
}

#[test]
fn a_lower_recovery_rate_tips_the_same_return_into_keeping_the_goods() {
    let config = r#"{"label_costs": {"DE": {"amount": 650, "currency": "EUR"}}, "recovery_rate_bp": 1500}"#;
    // 15 % of 39.98 EUR = 6.00 EUR (5.997), under the 6.50 EUR label.
    let decision = evaluate(config, a_return(BERLIN, &[TEES], "2026-12-03T09:00:00Z")).unwrap();
    assert_eq!(decision.route, ReturnRoute::KeepItem);
    assert!(has_note(&decision, "fetch 6.00 EUR again at the 15 % recovery rate"), "{:?}", decision.notes);
}

#[test]
fn when_the_customer_pays_for_the_label_its_cost_is_not_weighed() {
    let config = r#"{"prepaid_label": false, "label_costs": {"DE": {"amount": 650, "currency": "EUR"}}}"#;
    let decision = evaluate(config, a_return(BERLIN, &[SOCKS], "2026-12-03T09:00:00Z")).unwrap();
    assert_eq!((decision.route.clone(), decision.prepaid_label), (ReturnRoute::RegionalHub("hub-nl".into()), false));
    assert!(has_note(&decision, "the customer in DE pays for the return shipping"));
}

#[test]
fn a_label_priced_in_pounds_is_converted_with_the_host_rate_and_without_one_nothing_is_guessed() {
    let config = r#"{"label_costs": {"GB": {"amount": 995, "currency": "GBP"}}}"#;
    let request = a_return(LONDON, &[SOCKS], "2026-12-03T09:00:00Z");
    // 9.95 GBP at 1.17 = 11.64 EUR, above the 6.29 EUR the socks would fetch.
    let host = TestHost::new().with_config(config).with_fx("GBP", "EUR", 1_170_000, "2026-12-02");
    let decision = LocalHubReturns::evaluate(&host.ctx(), request.clone()).unwrap();
    assert_eq!(decision.route, ReturnRoute::KeepItem);
    assert!(has_note(&decision, "11.64 EUR (9.95 GBP at 1.17 EUR per GBP of 2026-12-02)"), "{:?}", decision.notes);
    let decision = evaluate(config, request).unwrap();
    assert_eq!(decision.route, ReturnRoute::Origin("shenzhen".into()), "no hub in the UK region: origin");
    assert!(has_note(&decision, "no GBP→EUR exchange rate"), "{:?}", decision.notes);
}

#[test]
fn goods_that_cannot_be_resold_go_to_the_local_warehouse_or_are_disposed_of_per_the_policy() {
    let decision = evaluate("{}", a_return(LYON, &[WORN_CAP], "2026-12-03T09:00:00Z")).unwrap();
    assert_eq!(decision.route, ReturnRoute::ReturnWarehouse("ret-fr".into()));
    assert_eq!(decision.items[0].reason, "returned within the 30-day window; cannot be resold");
    let decision = evaluate("{}", a_return(BERLIN, &[WORN_CAP], "2026-12-03T09:00:00Z")).unwrap();
    assert_eq!((decision.route.clone(), decision.prepaid_label), (ReturnRoute::Dispose, false));
    assert!(decision.approved, "the customer is refunded all the same");
    let decision =
        evaluate(r#"{"unresellable": "dispose"}"#, a_return(LYON, &[WORN_CAP], "2026-12-03T09:00:00Z")).unwrap();
    assert_eq!(decision.route, ReturnRoute::Dispose);
    assert_eq!(decision.refund, eur(1450));
}

#[test]
fn an_unresellable_line_travels_with_resellable_goods_to_the_hub() {
    let decision = evaluate("{}", a_return(BERLIN, &[TEES, WORN_CAP], "2026-12-03T09:00:00Z")).unwrap();
    assert_eq!(decision.route, ReturnRoute::RegionalHub("hub-nl".into()));
    assert_eq!(decision.refund, eur(3998 + 1450));
    assert!(has_note(&decision, "CAP-01 cannot be resold but travels in the same parcel"), "{:?}", decision.notes);
}

#[test]
fn a_request_after_the_window_is_refused_with_nothing_shipped() {
    let decision = evaluate("{}", a_return(LYON, &[TEES], "2026-12-29T08:00:00Z")).unwrap();
    assert!(!decision.approved);
    assert_eq!(
        (decision.route.clone(), decision.refund, decision.prepaid_label),
        (ReturnRoute::Dispose, eur(0), false)
    );
    assert!(has_note(&decision, "1 day after it closed"), "{:?}", decision.notes);
    let decision = evaluate(r#"{"window_days": 60}"#, a_return(LYON, &[TEES], "2026-12-29T08:00:00Z")).unwrap();
    assert!(decision.approved);
}

#[test]
fn shipping_is_refunded_only_when_the_policy_says_so() {
    let decision = evaluate(r#"{"refund_shipping": true}"#, a_return(LYON, &[TEES], "2026-12-03T09:00:00Z")).unwrap();
    assert_eq!(decision.refund, eur(3998 + 800));
    let decision = evaluate("{}", a_return(LYON, &[TEES], "2026-12-03T09:00:00Z")).unwrap();
    assert!(has_note(&decision, "the original shipping of 8.00 EUR is not refunded"), "{:?}", decision.notes);
}

#[test]
fn a_merchant_without_any_return_location_lets_the_customer_keep_the_goods() {
    let mut request = a_return(LYON, &[TEES], "2026-12-03T09:00:00Z");
    request.locations.clear();
    let decision = evaluate("{}", request).unwrap();
    assert_eq!((decision.route.clone(), decision.prepaid_label), (ReturnRoute::KeepItem, false));
}

#[test]
fn a_broken_configuration_is_invalid_config_naming_the_field() {
    let err = evaluate(r#"{"recovery_rate_bp": "high"}"#, a_return(LYON, &[TEES], "2026-12-03T09:00:00Z")).unwrap_err();
    assert_eq!(err.code, "invalid_config");
    assert!(err.message.contains("invalid type"), "{}", err.message);
}

#[test]
fn the_decision_has_the_contracts_json_shape() {
    let decision = evaluate("{}", a_return(BERLIN, &[TEES], "2026-12-03T09:00:00Z")).unwrap();
    let json = serde_json::to_value(&decision).unwrap();
    assert_eq!(json["route"], serde_json::json!({"kind": "regional_hub", "location": "hub-nl"}));
    assert_eq!(json["refund"], serde_json::json!({"amount": 3998, "currency": "EUR"}));
    assert_eq!(from_json::<Decision>(&json.to_string()), decision);
}

#[test]
fn metadata_declares_a_returns_plugin_for_every_country_with_its_schema() {
    let meta = LocalHubReturns::metadata();
    assert_eq!((meta.name.as_str(), meta.kind), ("returns-local-hub", PluginKind::Returns));
    assert_eq!(meta.covers.len(), 250);
    assert!(meta.covers.iter().any(|c| c == "FR") && meta.covers.iter().any(|c| c == "NZ"));
    let schema: serde_json::Value = serde_json::from_str(&meta.config_schema).unwrap();
    assert_eq!(schema["properties"]["recovery_rate_bp"]["default"], 7000);
}
