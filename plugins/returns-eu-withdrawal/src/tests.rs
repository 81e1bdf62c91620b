//! Behaviour of the policy through `evaluate`, on withdrawals from WooCommerce order 4217
//! (`tests/fixtures/return-request.json`): Camille Béranger in Lyon (FR 69002) ordered
//! 2 × TEE-M at 19.99 EUR and 1 × CAP-01 at 14.50 EUR with 8.00 EUR shipping on 2026-11-24.
//! The merchant takes returns at a resale hub in Venlo (NL), a return warehouse in Lyon (FR)
//! and the origin warehouse in Shenzhen (CN).

use crossdock_sdk::prelude::*;
use crossdock_sdk::testing::{TestHost, from_json};

use crate::EuWithdrawal;

const LOCATIONS: &str = r#"[
    {"id": "hub-nl", "kind": "regional_hub", "address": {"city": "Venlo", "postal_code": "5928", "country": "NL"}},
    {"id": "ret-fr", "kind": "return_warehouse", "address": {"city": "Lyon", "postal_code": "69007", "country": "FR"}},
    {"id": "shenzhen", "kind": "origin", "address": {"city": "Shenzhen", "postal_code": "518000", "country": "CN"}}
]"#;

const TEES: &str =
    r#"{"sku": "TEE-M", "quantity": 2, "unit_price": {"amount": 1999, "currency": "EUR"}, "reason": "wrong_size"}"#;
const CAP_ON_SALE: &str = r#"{"sku": "CAP-01", "quantity": 1, "unit_price": {"amount": 1450, "currency": "EUR"}, "reason": "changed_mind", "final_sale": true}"#;
const LIPSTICK: &str = r#"{"sku": "LIP-RED", "quantity": 1, "unit_price": {"amount": 1200, "currency": "EUR"}, "reason": "changed_mind", "hygiene": true, "resellable": false}"#;

/// A withdrawal from `country` of goods delivered at `delivered`, sent at `requested`.
fn withdrawal(country: &str, delivered: &str, requested: &str, items: &[&str], shipping: i64) -> ReturnRequest {
    from_json(&format!(
        r#"{{"id": "ret_4217_1", "order_id": "4217",
            "customer": {{"name": "Camille Béranger", "city": "Lyon", "postal_code": "69002", "country": "{country}"}},
            "ordered_at": "2026-11-24T14:32:07Z", "delivered_at": "{delivered}", "requested_at": "{requested}",
            "items": [{}], "original_shipping": {{"amount": {shipping}, "currency": "EUR"}}, "locations": {LOCATIONS}}}"#,
        items.join(",")
    ))
}

/// Delivered Friday 2026-11-27: the period ends with Friday 2026-12-11.
fn from_lyon(requested: &str, items: &[&str]) -> ReturnRequest {
    withdrawal("FR", "2026-11-27T16:40:00Z", requested, items, 800)
}

fn evaluate(config: &str, request: ReturnRequest) -> Result<Decision, PluginError> {
    let host = TestHost::new().with_config(config).with_now("2026-12-10T09:00:05Z");
    EuWithdrawal::evaluate(&host.ctx(), request)
}

fn eur(amount: i64) -> Money {
    Money::new(amount, "EUR".parse().unwrap())
}

fn has_note(decision: &Decision, text: &str) -> bool {
    decision.notes.iter().any(|n| n.contains(text))
}

#[test]
fn a_withdrawal_on_day_13_refunds_the_goods_and_the_delivery_and_sends_them_to_lyon() {
    let decision = evaluate("{}", from_lyon("2026-12-10T09:00:00Z", &[TEES])).unwrap();
    assert!(decision.approved);
    assert_eq!((decision.refund, decision.fees), (eur(3998 + 800), eur(0)));
    assert_eq!(decision.route, ReturnRoute::ReturnWarehouse("ret-fr".into()));
    assert!(!decision.prepaid_label, "the consumer was told they pay for the return");
    assert!(has_note(&decision, "sent on 2026-12-10, day 13 after delivery: in time"), "{:?}", decision.notes);
    assert!(has_note(&decision, "by 2026-12-24 at the latest, 14 days after being informed"), "{:?}", decision.notes);
    assert!(has_note(&decision, "needs none (Art. 9(1))"));
}

#[test]
fn a_withdrawal_on_day_15_is_too_late_and_nothing_is_refunded() {
    let decision = evaluate("{}", from_lyon("2026-12-12T10:00:00Z", &[TEES])).unwrap();
    assert!(!decision.approved);
    assert_eq!((decision.refund, decision.route.clone()), (eur(0), ReturnRoute::Dispose));
    assert_eq!(decision.items[0].reason, "withdrawn after the withdrawal period ended on 2026-12-11 (Art. 9)");
    assert!(
        has_note(&decision, "day 15 after delivery: 1 day(s) after the period ended: too late"),
        "{:?}",
        decision.notes
    );
}

#[test]
fn day_15_is_still_in_time_when_day_14_is_a_saturday() {
    // The fixture's delivery: Saturday 2026-11-28; day 14 is Saturday 2026-12-12.
    let request = withdrawal("FR", "2026-11-28T10:15:00Z", "2026-12-13T20:00:00Z", &[TEES], 800);
    let decision = evaluate("{}", request).unwrap();
    assert!(decision.approved);
    assert!(has_note(&decision, "so it ends with the next working day, Monday 2026-12-14"), "{:?}", decision.notes);
}

#[test]
fn standard_shipping_is_refunded_but_not_the_express_surcharge() {
    let config = r#"{"standard_shipping": {"amount": 490, "currency": "EUR"}}"#;
    let decision =
        evaluate(config, withdrawal("FR", "2026-11-27T16:40:00Z", "2026-12-03T09:00:00Z", &[TEES], 1490)).unwrap();
    assert_eq!(decision.refund, eur(3998 + 490));
    assert!(
        has_note(&decision, "the 10.00 EUR supplement for the delivery the consumer chose is not (Art. 13(2))"),
        "{:?}",
        decision.notes
    );
    let by_country = r#"{"standard_shipping": {"amount": 490, "currency": "EUR"}, "standard_shipping_by_country": {"FR": {"amount": 390, "currency": "EUR"}}}"#;
    let decision =
        evaluate(by_country, withdrawal("FR", "2026-11-27T16:40:00Z", "2026-12-03T09:00:00Z", &[TEES], 1490)).unwrap();
    assert_eq!(decision.refund, eur(3998 + 390));
}

#[test]
fn an_unsealed_hygiene_item_is_not_covered_but_the_rest_of_the_withdrawal_is() {
    let decision = evaluate("{}", from_lyon("2026-12-03T09:00:00Z", &[TEES, LIPSTICK])).unwrap();
    assert!(decision.approved);
    assert!(!decision.items[1].eligible);
    assert!(decision.items[1].reason.starts_with("Art. 16(e): sealed goods"), "{}", decision.items[1].reason);
    assert_eq!(decision.refund, eur(3998 + 800));
    let only = evaluate("{}", from_lyon("2026-12-03T09:00:00Z", &[LIPSTICK])).unwrap();
    assert!(!only.approved);
}

#[test]
fn a_final_sale_item_inside_the_eu_is_still_withdrawn_with_a_note() {
    let decision = evaluate("{}", from_lyon("2026-12-03T09:00:00Z", &[TEES, CAP_ON_SALE])).unwrap();
    assert!(decision.items.iter().all(|i| i.eligible));
    assert_eq!(decision.refund, eur(3998 + 1450 + 800));
    assert!(has_note(&decision, "CAP-01 × 1: withdrawn, refund 14.50 EUR"), "{:?}", decision.notes);
    assert!(has_note(&decision, "cannot waive the statutory right of withdrawal (Art. 25)"), "{:?}", decision.notes);
}

#[test]
fn a_customer_outside_the_eu_is_held_as_outside_scope() {
    let err =
        evaluate("{}", withdrawal("GB", "2026-11-27T16:40:00Z", "2026-12-03T09:00:00Z", &[TEES], 800)).unwrap_err();
    assert_eq!(err.code, "outside_scope");
    assert!(err.message.contains("covers consumers in the EU only") && err.message.contains("GB"), "{}", err.message);
    let norway = withdrawal("NO", "2026-11-27T16:40:00Z", "2026-12-03T09:00:00Z", &[TEES], 800);
    assert_eq!(evaluate("{}", norway.clone()).unwrap_err().code, "outside_scope");
    assert!(evaluate(r#"{"include_eea": true}"#, norway).unwrap().approved);
}

#[test]
fn the_merchant_pays_for_the_label_when_it_agreed_to_or_did_not_tell_the_consumer() {
    let request = from_lyon("2026-12-03T09:00:00Z", &[TEES]);
    let agreed = evaluate(r#"{"trader_pays_return": true}"#, request.clone()).unwrap();
    assert!(agreed.prepaid_label);
    assert!(has_note(&agreed, "agreed to bear the direct cost"));
    let untold = evaluate(r#"{"return_costs_informed": false}"#, request).unwrap();
    assert!(untold.prepaid_label);
    assert!(has_note(&untold, "was not told they bear the cost"));
}

#[test]
fn without_the_withdrawal_information_a_withdrawal_months_later_is_in_time() {
    let request = from_lyon("2027-06-01T09:00:00Z", &[TEES]);
    assert!(!evaluate("{}", request.clone()).unwrap().approved);
    let decision = evaluate(r#"{"withdrawal_info_given": false}"#, request).unwrap();
    assert!(decision.approved);
    assert!(has_note(&decision, "12 months longer, to the end of 2027-12-13"), "{:?}", decision.notes);
    assert!(has_note(&decision, "owe nothing for diminished value (Art. 14(2))"));
}

#[test]
fn a_personalised_sku_is_excepted_under_article_16c() {
    let mug = r#"{"sku": "MUG-NAME-CAMILLE", "quantity": 1, "unit_price": {"amount": 1800, "currency": "EUR"}, "reason": "changed_mind"}"#;
    let config = r#"{"exceptions": [{"sku": "MUG-NAME-*", "exception": "personalised"}]}"#;
    let decision = evaluate(config, from_lyon("2026-12-03T09:00:00Z", &[mug])).unwrap();
    assert!(!decision.approved);
    assert!(decision.items[0].reason.starts_with("Art. 16(c)"));
}

#[test]
fn without_a_delivery_date_an_early_withdrawal_is_in_time_and_a_late_one_is_held() {
    let mut request = from_lyon("2026-12-20T09:00:00Z", &[TEES]);
    request.delivered_at = None;
    let decision = evaluate("{}", request.clone()).unwrap();
    assert!(decision.approved);
    assert!(has_note(&decision, "in time whenever the goods arrived"), "{:?}", decision.notes);
    request.requested_at = "2027-01-08T09:00:00Z".parse().unwrap();
    let err = evaluate("{}", request).unwrap_err();
    assert_eq!(err.code, "delivery_date_needed");
    assert!(err.message.contains("send the return again with `delivered_at`"), "{}", err.message);
}

#[test]
fn a_merchant_without_a_return_warehouse_in_the_eu_gets_the_goods_at_the_origin() {
    let mut request = withdrawal("DE", "2026-11-27T16:40:00Z", "2026-12-03T09:00:00Z", &[TEES], 800);
    request.locations.retain(|l| l.kind != LocationKind::ReturnWarehouse);
    let decision = evaluate(r#"{"trader_pays_return": true}"#, request).unwrap();
    assert_eq!((decision.route.clone(), decision.prepaid_label), (ReturnRoute::Origin("shenzhen".into()), true));
}

#[test]
fn the_decision_has_the_contracts_json_shape_and_metadata_covers_the_eu() {
    let decision = evaluate("{}", from_lyon("2026-12-03T09:00:00Z", &[TEES])).unwrap();
    let json = serde_json::to_value(&decision).unwrap();
    assert_eq!(json["route"], serde_json::json!({"kind": "return_warehouse", "location": "ret-fr"}));
    assert_eq!(from_json::<Decision>(&json.to_string()), decision);
    let meta = EuWithdrawal::metadata();
    assert_eq!((meta.name.as_str(), meta.kind), ("returns-eu-withdrawal", PluginKind::Returns));
    assert!(meta.covers.iter().any(|c| c == "FR") && !meta.covers.iter().any(|c| c == "GB"));
    let schema: serde_json::Value = serde_json::from_str(&meta.config_schema).unwrap();
    assert_eq!(schema["properties"]["include_eea"]["default"], false);
}
