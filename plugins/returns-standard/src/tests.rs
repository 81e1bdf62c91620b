//! Behaviour of the policy through `evaluate`, on the return of WooCommerce order 4217
//! (`shared/data/webhooks/woocommerce-order-created-sample.json`): Camille Béranger in Lyon
//! (FR 69002) ordered 2 × TEE-M at 19.99 EUR and 1 × CAP-01 at 14.50 EUR, with 8.00 EUR
//! shipping, on 2026-11-24; the parcel was delivered on 2026-11-27.

use crossdock_sdk::prelude::*;
use crossdock_sdk::testing::{TestHost, from_json};

use crate::StandardReturns;

/// The merchant's return locations: the origin warehouse in Shenzhen, resale hubs in the UK
/// and the Netherlands (listed in that order), and a return warehouse in Lyon.
const LOCATIONS: &str = r#"[
    {"id": "origin-szx", "kind": "origin", "address": {"city": "Shenzhen", "postal_code": "518000", "country": "CN"}},
    {"id": "hub-uk", "kind": "regional_hub", "address": {"city": "Daventry", "postal_code": "NN11 8RB", "country": "GB"}},
    {"id": "hub-nl", "kind": "regional_hub",
     "address": {"company": "Crossdock Returns NL", "street": ["Havenweg 4"], "city": "Venlo", "postal_code": "5928 LB", "country": "NL"}},
    {"id": "rw-fr", "kind": "return_warehouse", "address": {"city": "Lyon", "postal_code": "69007", "country": "FR"}}
]"#;

const TEES: &str =
    r#"{"sku": "TEE-M", "quantity": 2, "unit_price": {"amount": 1999, "currency": "EUR"}, "reason": "wrong_size"}"#;
const CAP: &str =
    r#"{"sku": "CAP-01", "quantity": 1, "unit_price": {"amount": 1450, "currency": "EUR"}, "reason": "damaged"}"#;

/// A return of `items` (JSON objects) from Lyon, requested at `requested_at`.
fn lyon_return(items: &[&str], requested_at: &str) -> ReturnRequest {
    from_json(&format!(
        r#"{{
        "id": "ret_4217_1",
        "order_id": "4217",
        "customer": {{"name": "Camille Béranger", "street": ["12 rue de la République", "Bâtiment B, 3e étage"],
                      "city": "Lyon", "postal_code": "69002", "country": "FR", "email": "camille.beranger@example.fr"}},
        "ordered_at": "2026-11-24T13:32:07Z",
        "delivered_at": "2026-11-27T10:15:00Z",
        "requested_at": "{requested_at}",
        "items": [{}],
        "original_shipping": {{"amount": 800, "currency": "EUR"}},
        "locations": {LOCATIONS}
    }}"#,
        items.join(",")
    ))
}

fn evaluate(config: &str, request: ReturnRequest) -> Result<Decision, PluginError> {
    let host = TestHost::new().with_config(config).with_now("2026-12-05T09:00:05Z");
    StandardReturns::evaluate(&host.ctx(), request)
}

fn eur(amount: i64) -> Money {
    Money::new(amount, "EUR".parse().unwrap())
}

#[test]
fn two_tees_returned_from_lyon_within_30_days_are_refunded_and_sent_to_the_eu_hub() {
    let decision = evaluate("{}", lyon_return(&[TEES], "2026-12-05T09:00:00Z")).unwrap();
    assert!(decision.approved);
    assert_eq!(decision.items.len(), 1);
    let tees = &decision.items[0];
    assert_eq!((tees.sku.as_str(), tees.quantity, tees.eligible, tees.refund), ("TEE-M", 2, true, eur(3998)));
    assert_eq!((decision.refund, decision.fees), (eur(3998), eur(0)));
    assert!(!decision.prepaid_label, "by default the customer pays for the return");
    // hub-uk is listed first, but the NL hub shares the EU/EEA region with France.
    assert_eq!(decision.route, ReturnRoute::RegionalHub("hub-nl".into()));
    let notes = decision.notes.join("\n");
    for text in [
        "Delivered on 2026-11-27; the 30-day return window runs to the end of 2026-12-27 (UTC)",
        "requested on 2026-12-05, 8 days after it opened, in time",
        "TEE-M × 2: accepted, refund 39.98 EUR",
        "The original shipping of 8.00 EUR is not refunded.",
        "Refund: 39.98 EUR",
        "regional hub hub-nl in NL, the nearest hub: same region as FR (EU/EEA)",
        "the customer pays for the return shipping",
    ] {
        assert!(notes.contains(text), "missing {text:?} in\n{notes}");
    }
}

#[test]
fn a_request_after_the_window_is_refused_with_the_closing_date_and_nothing_moves() {
    let decision = evaluate("{}", lyon_return(&[TEES, CAP], "2026-12-28T08:00:00Z")).unwrap();
    assert!(!decision.approved);
    assert!(decision.items.iter().all(|i| !i.eligible && i.refund.is_zero()));
    assert_eq!(decision.items[0].reason, "requested after the 30-day return window closed on 2026-12-27");
    assert_eq!((decision.refund, decision.fees, decision.prepaid_label), (eur(0), eur(0), false));
    assert_eq!(decision.route, ReturnRoute::Dispose);
    assert!(decision.notes.iter().any(|n| n.contains("1 day after it closed")), "{:?}", decision.notes);
    assert!(decision.notes.iter().any(|n| n.contains("so it is refused")), "{:?}", decision.notes);
}

#[test]
fn final_sale_lines_are_refused_while_the_rest_of_the_return_is_accepted() {
    let cap_on_sale = CAP.replace(r#""reason""#, r#""final_sale": true, "reason""#);
    let decision = evaluate("{}", lyon_return(&[TEES, &cap_on_sale], "2026-12-05T09:00:00Z")).unwrap();
    assert!(decision.approved);
    assert!(decision.items[0].eligible);
    assert!(!decision.items[1].eligible);
    assert_eq!(decision.items[1].reason, "final sale: sold as not returnable");
    assert_eq!(decision.refund, eur(3998));
    assert!(decision.notes.iter().any(|n| n == "CAP-01 × 1: refused (final sale: sold as not returnable)."));
}

#[test]
fn a_hygiene_item_is_refused_by_default_and_accepted_when_the_policy_allows() {
    let earrings = r#"{"sku": "EAR-02", "quantity": 1, "unit_price": {"amount": 2500, "currency": "EUR"}, "reason": "changed_mind", "hygiene": true}"#;
    let strict = evaluate("{}", lyon_return(&[earrings], "2026-12-05T09:00:00Z")).unwrap();
    assert!(!strict.approved);
    assert!(strict.items[0].reason.starts_with("hygiene item"));
    let lenient = evaluate(r#"{"exclude_hygiene": false}"#, lyon_return(&[earrings], "2026-12-05T09:00:00Z")).unwrap();
    assert!(lenient.approved);
    assert_eq!(lenient.refund, eur(2500));
}

#[test]
fn the_restocking_fee_spares_items_returned_for_the_merchants_fault() {
    let decision =
        evaluate(r#"{"restocking_fee_bp": 1000}"#, lyon_return(&[TEES, CAP], "2026-12-05T09:00:00Z")).unwrap();
    // 10 % of the tees' 39.98 EUR; the damaged cap carries no fee.
    assert_eq!(decision.fees, eur(400));
    assert_eq!(decision.refund, eur(3998 + 1450 - 400));
    assert!(
        decision.items[1].reason.contains("`damaged`, a fault that carries no fee"),
        "{}",
        decision.items[1].reason
    );
    assert!(
        decision.notes.iter().any(|n| n == "Restocking fee of 10 % on 39.98 EUR: 4.00 EUR."),
        "{:?}",
        decision.notes
    );
}

#[test]
fn shipping_is_refunded_when_the_policy_says_so_and_the_total_is_never_negative() {
    let decision = evaluate(r#"{"refund_shipping": true}"#, lyon_return(&[TEES], "2026-12-05T09:00:00Z")).unwrap();
    assert_eq!(decision.refund, eur(3998 + 800));
    let all_fee = r#"{"restocking_fee_bp": 10000}"#;
    let decision = evaluate(all_fee, lyon_return(&[TEES], "2026-12-05T09:00:00Z")).unwrap();
    assert_eq!((decision.refund, decision.fees), (eur(0), eur(3998)));
    let decision = evaluate(
        r#"{"restocking_fee_bp": 10000, "refund_shipping": true}"#,
        lyon_return(&[TEES], "2026-12-05T09:00:00Z"),
    )
    .unwrap();
    assert_eq!(decision.refund, eur(800));
}

#[test]
fn a_prepaid_label_is_offered_only_where_the_policy_lists_the_country() {
    let config = r#"{"prepaid_label_countries": ["FR", "BE"]}"#;
    assert!(evaluate(config, lyon_return(&[TEES], "2026-12-05T09:00:00Z")).unwrap().prepaid_label);
    let mut berlin = lyon_return(&[TEES], "2026-12-05T09:00:00Z");
    berlin.customer = from_json(r#"{"city": "Berlin", "postal_code": "10115", "country": "DE"}"#);
    assert!(!evaluate(config, berlin.clone()).unwrap().prepaid_label);
    assert!(evaluate(r#"{"prepaid_label": true}"#, berlin).unwrap().prepaid_label);
}

#[test]
fn without_a_delivery_date_the_window_opens_after_the_grace_days() {
    let mut request = lyon_return(&[TEES], "2026-12-31T20:00:00Z");
    request.delivered_at = None;
    // Ordered 2026-11-24 + 7 days = 2026-12-01; + 30 days = end of 2026-12-31.
    let decision = evaluate("{}", request.clone()).unwrap();
    assert!(decision.approved);
    assert!(decision.notes[0].contains("No delivery date was reported"), "{}", decision.notes[0]);
    request.requested_at = "2027-01-01T00:00:00Z".parse().unwrap();
    assert!(!evaluate("{}", request).unwrap().approved);
}

#[test]
fn goods_that_cannot_be_resold_go_to_the_local_return_warehouse_or_are_disposed_of() {
    let worn = TEES.replace(r#""reason""#, r#""resellable": false, "reason""#);
    let decision = evaluate("{}", lyon_return(&[&worn], "2026-12-05T09:00:00Z")).unwrap();
    assert_eq!(decision.route, ReturnRoute::ReturnWarehouse("rw-fr".into()));
    let mut no_warehouse = lyon_return(&[&worn], "2026-12-05T09:00:00Z");
    no_warehouse.locations.retain(|l| l.kind != LocationKind::ReturnWarehouse);
    let decision = evaluate(r#"{"prepaid_label": true}"#, no_warehouse).unwrap();
    assert!(decision.approved, "the customer is still refunded");
    assert_eq!(decision.route, ReturnRoute::Dispose);
    assert!(!decision.prepaid_label, "nothing travels, so no label");
}

#[test]
fn a_merchant_without_hubs_or_locations_gets_the_goods_at_the_origin_or_not_at_all() {
    let mut request = lyon_return(&[TEES], "2026-12-05T09:00:00Z");
    request.locations.retain(|l| l.kind == LocationKind::Origin);
    assert_eq!(evaluate("{}", request.clone()).unwrap().route, ReturnRoute::Origin("origin-szx".into()));
    request.locations.clear();
    assert_eq!(evaluate("{}", request).unwrap().route, ReturnRoute::KeepItem);
}

#[test]
fn cheap_items_are_refunded_without_return_under_the_keep_item_threshold() {
    let socks =
        r#"{"sku": "SOCK-3", "quantity": 1, "unit_price": {"amount": 899, "currency": "EUR"}, "reason": "wrong_size"}"#;
    let config = r#"{"keep_item_under": {"amount": 1000, "currency": "EUR"}, "prepaid_label": true}"#;
    let decision = evaluate(config, lyon_return(&[socks], "2026-12-05T09:00:00Z")).unwrap();
    assert_eq!(
        (decision.route.clone(), decision.refund, decision.prepaid_label),
        (ReturnRoute::KeepItem, eur(899), false)
    );
    let decision = evaluate(config, lyon_return(&[TEES], "2026-12-05T09:00:00Z")).unwrap();
    assert_eq!(decision.route, ReturnRoute::RegionalHub("hub-nl".into()), "39.98 EUR is worth bringing back");
    let in_usd = r#"{"keep_item_under": {"amount": 100000, "currency": "USD"}}"#;
    let decision = evaluate(in_usd, lyon_return(&[socks], "2026-12-05T09:00:00Z")).unwrap();
    assert_eq!(decision.route, ReturnRoute::RegionalHub("hub-nl".into()));
    assert!(decision.notes.iter().any(|n| n.contains("set in USD, this return is in EUR")));
}

#[test]
fn items_priced_in_another_currency_than_the_shipping_are_invalid_input() {
    let in_usd = TEES.replace("EUR", "USD");
    let err = evaluate("{}", lyon_return(&[&in_usd], "2026-12-05T09:00:00Z")).unwrap_err();
    assert_eq!(err.code, "invalid_input");
    assert!(err.message.contains("priced in USD but the order's shipping is in EUR"), "{}", err.message);
}

#[test]
fn a_broken_configuration_is_invalid_config_naming_the_field() {
    let err = evaluate(r#"{"window_days": "thirty"}"#, lyon_return(&[TEES], "2026-12-05T09:00:00Z")).unwrap_err();
    assert_eq!(err.code, "invalid_config");
    assert!(err.message.contains("invalid type"), "{}", err.message);
}

#[test]
fn the_event_clock_does_not_change_a_decision_made_in_time() {
    let request = lyon_return(&[TEES], "2026-12-27T23:00:00Z");
    let on_time = TestHost::new().with_now("2026-12-27T23:00:01Z");
    let retried_later = TestHost::new().with_now("2027-02-01T00:00:00Z");
    let a = StandardReturns::evaluate(&on_time.ctx(), request.clone()).unwrap();
    let b = StandardReturns::evaluate(&retried_later.ctx(), request.clone()).unwrap();
    assert!(a.approved);
    assert_eq!(a, b);
    let early = TestHost::new().with_now("2026-12-01T00:00:00Z");
    StandardReturns::evaluate(&early.ctx(), request).unwrap();
    assert!(early.logs().iter().any(|(l, m)| *l == LogLevel::Warn && m.contains("dated after the event")));
}

#[test]
fn the_decision_has_the_contracts_json_shape() {
    let decision = evaluate("{}", lyon_return(&[TEES], "2026-12-05T09:00:00Z")).unwrap();
    let json = serde_json::to_value(&decision).unwrap();
    assert_eq!(json["route"], serde_json::json!({"kind": "regional_hub", "location": "hub-nl"}));
    assert_eq!(json["refund"], serde_json::json!({"amount": 3998, "currency": "EUR"}));
    let back: Decision = from_json(&json.to_string());
    assert_eq!(back, decision);
}

#[test]
fn metadata_declares_a_returns_plugin_for_every_country_with_its_schema() {
    let meta = StandardReturns::metadata();
    assert_eq!((meta.name.as_str(), meta.kind), ("returns-standard", PluginKind::Returns));
    assert_eq!(meta.covers.len(), 250);
    assert!(meta.covers.iter().any(|c| c == "FR") && meta.covers.iter().any(|c| c == "XK"));
    let schema: serde_json::Value = serde_json::from_str(&meta.config_schema).unwrap();
    assert_eq!(schema["properties"]["window_days"]["default"], 30);
}
