//! `returns-local-hub` through the sandbox, on the return of WooCommerce order 4217
//! (`tests/fixtures/return-request.json`: Camille Béranger in Lyon sends back 2 × TEE-M at
//! 19.99 EUR and a final-sale CAP-01; the merchant has a resale hub in Venlo, a return
//! warehouse in Lyon and its origin warehouse in Shenzhen) and variations of it.

use std::sync::Arc;

use crossdock::runtime::CallContext;
use crossdock::runtime::fx::{FxEntry, FxTable};
use crossdock_tests::{fixture_as, loaded, shared_runtime};
use crossdock_types::{Decision, Money, PluginError, PluginKind, ReturnItem, ReturnRequest, ReturnRoute};

const PLUGIN: &str = "returns-local-hub";

fn context(config: &str) -> CallContext {
    let mut ctx = CallContext::new("2026-12-03T09:00:05Z".parse().expect("time"));
    ctx.config_json = Arc::from(config);
    ctx
}

fn evaluate_in(ctx: CallContext, request: &ReturnRequest) -> Result<Decision, PluginError> {
    shared_runtime().evaluate(&loaded(PLUGIN), ctx, request).expect("the call completes").output
}

fn evaluate(config: &str, request: &ReturnRequest) -> Decision {
    evaluate_in(context(config), request).expect("a decision")
}

fn lyon_return() -> ReturnRequest {
    fixture_as("return-request.json")
}

fn from(mut request: ReturnRequest, customer: &str) -> ReturnRequest {
    request.customer = serde_json::from_str(customer).expect("address");
    request
}

fn with_items(mut request: ReturnRequest, items: &[&str]) -> ReturnRequest {
    request.items = items.iter().map(|i| serde_json::from_str::<ReturnItem>(i).expect("item")).collect();
    request
}

const BERLIN: &str = r#"{"name": "Jonas Weber", "street": ["Invalidenstraße 43"], "city": "Berlin", "postal_code": "10115", "country": "DE"}"#;
const LONDON: &str = r#"{"name": "Amelia Hart", "city": "London", "postal_code": "N1 9GU", "country": "GB"}"#;
const SOCKS: &str =
    r#"{"sku": "SOCK-3", "quantity": 1, "unit_price": {"amount": 899, "currency": "EUR"}, "reason": "wrong_size"}"#;
const WORN_TEE: &str = r#"{"sku": "TEE-M", "quantity": 1, "unit_price": {"amount": 1999, "currency": "EUR"}, "reason": "damaged", "resellable": false}"#;

fn eur(amount: i64) -> Money {
    Money::new(amount, "EUR".parse().expect("EUR"))
}

fn has_note(decision: &Decision, text: &str) -> bool {
    decision.notes.iter().any(|n| n.contains(text))
}

#[test]
fn the_lyon_return_goes_to_the_lyon_return_warehouse_for_resale_and_the_final_sale_cap_is_refused() {
    let request = lyon_return();
    let decision = evaluate("{}", &request);
    assert!(decision.approved);
    assert_eq!(decision.items.len(), 2);
    assert!(decision.items[0].eligible && !decision.items[1].eligible);
    assert_eq!((decision.refund, decision.fees), (eur(3998), eur(0)));
    assert_eq!(decision.route, ReturnRoute::ReturnWarehouse("ret-fr".into()));
    assert!(decision.prepaid_label);
    assert!(
        has_note(&decision, "in the customer's own country (FR) instead of back to the origin"),
        "{:?}",
        decision.notes
    );
}

#[test]
fn a_return_from_berlin_is_routed_to_the_regional_hub_in_venlo() {
    let decision = evaluate("{}", &from(lyon_return(), BERLIN));
    assert_eq!(decision.route, ReturnRoute::RegionalHub("hub-nl".into()));
    assert!(has_note(&decision, "in the same region (EU single market)"), "{:?}", decision.notes);
}

#[test]
fn socks_are_kept_by_the_customer_because_the_label_costs_more_than_they_would_fetch() {
    let request = with_items(from(lyon_return(), BERLIN), &[SOCKS]);
    let config = r#"{"label_costs": {"DE": {"amount": 650, "currency": "EUR"}}, "recovery_rate_bp": 7000}"#;
    let decision = evaluate(config, &request);
    assert!(decision.approved);
    assert_eq!(
        (decision.route.clone(), decision.refund, decision.prepaid_label),
        (ReturnRoute::KeepItem, eur(899), false)
    );
    assert!(
        has_note(&decision, "6.50 EUR for DE") && has_note(&decision, "fetch 6.29 EUR again"),
        "{:?}",
        decision.notes
    );
}

#[test]
fn a_label_cost_in_pounds_is_weighed_through_the_host_fx_table_and_not_guessed_without_it() {
    let request = with_items(from(lyon_return(), LONDON), &[SOCKS]);
    let config = r#"{"label_costs": {"GB": {"amount": 995, "currency": "GBP"}}}"#;
    let mut fx = FxTable::default();
    fx.insert(
        "GBP".parse().expect("GBP"),
        "EUR".parse().expect("EUR"),
        FxEntry { micros: 1_170_000, date: "2026-12-02".into() },
    );
    let mut ctx = context(config);
    ctx.fx = Arc::new(fx);
    let decision = evaluate_in(ctx, &request).expect("a decision");
    assert_eq!(decision.route, ReturnRoute::KeepItem);
    assert!(has_note(&decision, "11.64 EUR (9.95 GBP at 1.17 EUR per GBP of 2026-12-02)"), "{:?}", decision.notes);
    let decision = evaluate(config, &request);
    assert_eq!(decision.route, ReturnRoute::Origin("shenzhen".into()));
    assert!(has_note(&decision, "no GBP→EUR exchange rate"), "{:?}", decision.notes);
}

#[test]
fn an_unresellable_item_goes_to_the_local_return_warehouse_or_is_disposed_of_per_the_config() {
    let in_lyon = with_items(lyon_return(), &[WORN_TEE]);
    let decision = evaluate("{}", &in_lyon);
    assert_eq!((decision.route.clone(), decision.refund), (ReturnRoute::ReturnWarehouse("ret-fr".into()), eur(1999)));
    let decision = evaluate(r#"{"unresellable": "dispose"}"#, &in_lyon);
    assert_eq!((decision.route.clone(), decision.prepaid_label), (ReturnRoute::Dispose, false));
    let in_berlin = with_items(from(lyon_return(), BERLIN), &[WORN_TEE]);
    assert_eq!(evaluate("{}", &in_berlin).route, ReturnRoute::Dispose, "no return warehouse in DE");
}

#[test]
fn a_return_after_the_window_is_refused_in_the_sandbox() {
    let mut request = lyon_return();
    request.requested_at = "2026-12-29T08:00:00Z".parse().expect("time");
    let decision = evaluate("{}", &request);
    assert!(!decision.approved);
    assert_eq!((decision.route, decision.refund), (ReturnRoute::Dispose, eur(0)));
}

#[test]
fn a_broken_configuration_comes_back_as_invalid_config() {
    let err = evaluate_in(context(r#"{"label_costs": {"Germany": 650}}"#), &lyon_return()).expect_err("refused");
    assert_eq!(err.code, "invalid_config");
}

#[test]
fn the_component_is_small_and_its_metadata_names_the_crate() {
    let plugin = loaded(PLUGIN);
    assert!(plugin.size_bytes < 512 * 1024, "{} bytes", plugin.size_bytes);
    assert_eq!((plugin.metadata.name.as_str(), plugin.metadata.kind), (PLUGIN, PluginKind::Returns));
    assert_eq!(plugin.metadata.covers.len(), 250);
    let schema: serde_json::Value = serde_json::from_str(&plugin.metadata.config_schema).expect("schema is JSON");
    assert_eq!((schema["type"].as_str(), schema["additionalProperties"].as_bool()), (Some("object"), Some(false)));
    assert_eq!(schema["properties"]["recovery_rate_bp"]["default"], 7000);
}
