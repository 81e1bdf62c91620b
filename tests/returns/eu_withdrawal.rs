//! `returns-eu-withdrawal` through the sandbox, on withdrawals from WooCommerce order 4217
//! (`tests/fixtures/return-request.json`: Camille Béranger in Lyon, delivered Saturday
//! 2026-11-28, sends back 2 × TEE-M at 19.99 EUR and a CAP-01 at 14.50 EUR sold as final
//! sale; 8.00 EUR shipping) and variations of it.

use std::sync::Arc;

use crossdock::runtime::CallContext;
use crossdock_tests::{fixture_as, loaded, shared_runtime};
use crossdock_types::{Decision, Money, PluginError, PluginKind, ReturnItem, ReturnRequest, ReturnRoute};

const PLUGIN: &str = "returns-eu-withdrawal";

fn evaluate_with(config: &str, request: &ReturnRequest) -> Result<Decision, PluginError> {
    let mut ctx = CallContext::new("2026-12-14T09:00:05Z".parse().expect("time"));
    ctx.config_json = Arc::from(config);
    shared_runtime().evaluate(&loaded(PLUGIN), ctx, request).expect("the call completes").output
}

fn evaluate(config: &str, request: &ReturnRequest) -> Decision {
    evaluate_with(config, request).expect("a decision")
}

/// The fixture, delivered and withdrawn at the given times.
fn withdrawal(delivered: &str, requested: &str) -> ReturnRequest {
    let mut request: ReturnRequest = fixture_as("return-request.json");
    request.delivered_at = Some(delivered.parse().expect("time"));
    request.requested_at = requested.parse().expect("time");
    request
}

fn tees_only(mut request: ReturnRequest) -> ReturnRequest {
    request.items.retain(|i| i.sku == "TEE-M");
    request
}

fn eur(amount: i64) -> Money {
    Money::new(amount, "EUR".parse().expect("EUR"))
}

fn has_note(decision: &Decision, text: &str) -> bool {
    decision.notes.iter().any(|n| n.contains(text))
}

#[test]
fn a_withdrawal_on_day_13_is_in_time_and_refunds_goods_and_delivery() {
    // Delivered Friday 2026-11-27; day 13 is Thursday 2026-12-10.
    let request = tees_only(withdrawal("2026-11-27T16:40:00Z", "2026-12-10T18:00:00Z"));
    let decision = evaluate("{}", &request);
    assert!(decision.approved);
    assert_eq!((decision.refund, decision.fees), (eur(3998 + 800), eur(0)));
    assert_eq!(decision.route, ReturnRoute::ReturnWarehouse("ret-fr".into()));
    assert!(has_note(&decision, "day 13 after delivery: in time"), "{:?}", decision.notes);
    assert!(has_note(&decision, "by 2026-12-24 at the latest, 14 days after being informed"), "{:?}", decision.notes);
}

#[test]
fn a_withdrawal_on_day_15_is_too_late() {
    // Delivered Friday 2026-11-27; day 14 is Friday 2026-12-11, so Saturday the 12th is late.
    let request = tees_only(withdrawal("2026-11-27T16:40:00Z", "2026-12-12T10:00:00Z"));
    let decision = evaluate("{}", &request);
    assert!(!decision.approved);
    assert_eq!((decision.refund, decision.route.clone()), (eur(0), ReturnRoute::Dispose));
    assert_eq!(decision.items[0].reason, "withdrawn after the withdrawal period ended on 2026-12-11 (Art. 9)");
}

#[test]
fn day_15_of_the_fixture_is_in_time_because_day_14_is_a_saturday() {
    let request = tees_only(withdrawal("2026-11-28T10:15:00Z", "2026-12-13T20:00:00Z"));
    let decision = evaluate("{}", &request);
    assert!(decision.approved);
    assert!(has_note(&decision, "ends with the next working day, Monday 2026-12-14"), "{:?}", decision.notes);
}

#[test]
fn standard_shipping_is_refunded_but_not_the_express_surcharge() {
    let mut request = tees_only(withdrawal("2026-11-27T16:40:00Z", "2026-12-03T09:00:00Z"));
    request.original_shipping = eur(1490);
    let decision = evaluate(r#"{"standard_shipping": {"amount": 490, "currency": "EUR"}}"#, &request);
    assert_eq!(decision.refund, eur(3998 + 490));
    assert!(
        has_note(&decision, "the 10.00 EUR supplement for the delivery the consumer chose is not (Art. 13(2))"),
        "{:?}",
        decision.notes
    );
}

#[test]
fn an_unsealed_hygiene_item_has_no_right_of_withdrawal() {
    let mut request = tees_only(withdrawal("2026-11-27T16:40:00Z", "2026-12-03T09:00:00Z"));
    let lipstick: ReturnItem = serde_json::from_str(
        r#"{"sku": "LIP-RED", "quantity": 1, "unit_price": {"amount": 1200, "currency": "EUR"}, "reason": "changed_mind", "hygiene": true}"#,
    )
    .expect("item");
    request.items.push(lipstick);
    let decision = evaluate("{}", &request);
    assert!(decision.approved);
    assert!(!decision.items[1].eligible);
    assert!(decision.items[1].reason.starts_with("Art. 16(e)"), "{}", decision.items[1].reason);
    assert_eq!(decision.refund, eur(3998 + 800));
}

#[test]
fn the_final_sale_cap_of_the_fixture_is_withdrawn_all_the_same_inside_the_eu() {
    let request: ReturnRequest = fixture_as("return-request.json");
    let decision = evaluate("{}", &request);
    assert!(decision.approved);
    assert!(decision.items.iter().all(|i| i.eligible), "{:?}", decision.items);
    assert_eq!(decision.refund, eur(3998 + 1450 + 800));
    assert!(decision.items[1].reason.contains("cannot waive the statutory right of withdrawal (Art. 25)"));
}

#[test]
fn a_customer_outside_the_eu_is_an_outside_scope_error() {
    let mut request: ReturnRequest = fixture_as("return-request.json");
    request.customer =
        serde_json::from_str(r#"{"city": "London", "postal_code": "N1 9GU", "country": "GB"}"#).expect("address");
    let err = evaluate_with("{}", &request).expect_err("not this policy's to judge");
    assert_eq!(err.code, "outside_scope");
    assert!(err.message.contains("covers consumers in the EU only"), "{}", err.message);
}

#[test]
fn the_component_is_small_and_its_metadata_covers_the_eu() {
    let plugin = loaded(PLUGIN);
    assert!(plugin.size_bytes < 512 * 1024, "{} bytes", plugin.size_bytes);
    assert_eq!((plugin.metadata.name.as_str(), plugin.metadata.kind), (PLUGIN, PluginKind::Returns));
    let covers = &plugin.metadata.covers;
    for code in ["AT", "FR", "DE", "SE", "RE"] {
        assert!(covers.iter().any(|c| c == code), "{code}");
    }
    assert!(!covers.iter().any(|c| c == "GB" || c == "CH"));
    let schema: serde_json::Value = serde_json::from_str(&plugin.metadata.config_schema).expect("schema is JSON");
    assert_eq!((schema["type"].as_str(), schema["additionalProperties"].as_bool()), (Some("object"), Some(false)));
}
