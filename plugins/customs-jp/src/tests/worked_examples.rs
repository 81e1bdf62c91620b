//! Worked examples: each assessment computed by hand in the comments, then checked figure by
//! figure. Yen have no minor units; rounding is half away from zero on each line.

use crossdock_sdk::{CollectAt, Severity};

use super::*;

#[test]
fn jpy_9000_of_t_shirts_are_taxed_because_knitwear_is_excluded_from_the_exemption() {
    // 3 × ¥3,000 = ¥9,000 of cotton T-shirts (6109.10) + ¥1,000 freight, bought for personal use:
    // taxable value = 9,000 × 60 % + 1,000 = 6,400 ≤ 10,000, but knitted T-shirts are excluded.
    // Duty 10.9 % (the subheading's highest applied rate) × 6,400 = 697.6 → 698.
    // Consumption tax 10 % × (6,400 + 698) = 709.8 → 710, at import.
    let a = run(&host_on("2026-11-25", "{}"), tees(3, jpy(3000), jpy(1000)));
    let line = &a.lines[0];
    assert_eq!(line.customs_value, jpy(6400));
    assert_eq!((line.duty_rate_bp, line.duty), (1090, jpy(698)));
    assert_eq!((line.tax_rate_bp, line.tax), (1000, jpy(710)));
    assert_eq!(a.collect, CollectAt::Delivery);
    assert!(!a.de_minimis_applied);
    assert!(!a.is_blocked(), "{:#?}", a.findings);
    assert_eq!(codes(&a, Severity::Warning), ["duty_rate_ceiling"]);
    assert_eq!(
        codes(&a, Severity::Info),
        [
            "personal_use_valuation",
            "excluded_from_exemption",
            "border_taxes",
            "simplified_rates_may_apply",
            "national_tax_rounding",
            "preference_may_apply"
        ]
    );
    assert!(finding(&a, "personal_use_valuation").message.contains("9000 JPY → taxable value 6400 JPY"));
    assert!(finding(&a, "preference_may_apply").message.contains("RCEP"));
}

#[test]
fn jpy_9000_of_books_are_waived() {
    // Same value, books (4901.99): 6,400 ≤ 10,000 and books are not excluded → no duty, no tax.
    let s = shipment(jpy(1000), vec![item("BOOK", 3, jpy(3000), Some("490199"))]);
    let a = run(&host_on("2026-11-25", "{}"), s);
    assert_eq!((a.duty, a.tax), (jpy(0), jpy(0)));
    assert!(a.de_minimis_applied);
    assert_eq!(a.collect, CollectAt::Delivery);
    assert_eq!(codes(&a, Severity::Info), ["personal_use_valuation", "small_value_exemption"]);
    assert!(finding(&a, "small_value_exemption").message.contains("6400 JPY"));
}

#[test]
fn the_nine_digit_statistical_code_gives_the_exact_t_shirt_rate() {
    // 6109.10-020 (plain): 7.4 % × 6,400 = 473.6 → 474; tax 10 % × 6,874 = 687.4 → 687. No warning.
    let s = shipment(jpy(1000), vec![item("TEE", 3, jpy(3000), Some("6109.10.020"))]);
    let a = run(&host_on("2026-11-25", "{}"), s);
    assert_eq!((a.lines[0].duty_rate_bp, a.duty, a.tax), (740, jpy(474), jpy(687)));
    assert!(codes(&a, Severity::Warning).is_empty());
}

#[test]
fn business_buyers_are_valued_at_the_full_price_and_10000_yen_is_still_small() {
    // personal_use off: 9,000 + 1,000 = 10,000 ≤ 10,000: books exempt.
    // One yen more: 10,001 > 10,000 → consumption tax 10 % × 10,001 = 1,000.1 → 1,000 (books duty-free).
    let host = host_on("2026-11-25", r#"{"personal_use": false}"#);
    let a = run(&host, shipment(jpy(1000), vec![item("BOOK", 3, jpy(3000), Some("490199"))]));
    assert_eq!((a.tax, a.de_minimis_applied), (jpy(0), true));
    let a = run(&host, shipment(jpy(1001), vec![item("BOOK", 3, jpy(3000), Some("490199"))]));
    assert_eq!((a.duty, a.tax, a.de_minimis_applied), (jpy(0), jpy(1000), false));
}

#[test]
fn from_april_2028_a_registered_seller_charges_the_tax_at_checkout_on_items_up_to_10000_yen() {
    // 2028-04-01: the 60 % rule is gone, so books 9,000 + 1,000 = 10,000 (≤ 10,000): no duty.
    // Each book costs 3,000 ≤ 10,000: the registered seller charges 10 % × (9,000 + 1,000) = 1,000
    // at checkout, and nothing is due at import.
    let a =
        run(&host_on("2028-04-01", REGISTERED), shipment(jpy(1000), vec![item("BOOK", 3, jpy(3000), Some("490199"))]));
    assert_eq!((a.duty, a.tax), (jpy(0), jpy(1000)));
    assert_eq!(a.collect, CollectAt::Checkout);
    assert_eq!(codes(&a, Severity::Info), ["personal_use_valuation_ended", "small_value_exemption", "jct_at_checkout"]);
    assert_eq!(a.rules_as_of, "2028-04-01");
}

#[test]
fn from_april_2028_an_unregistered_seller_is_told_to_register() {
    let a = run(&host_on("2028-04-01", "{}"), shipment(jpy(1000), vec![item("BOOK", 3, jpy(3000), Some("490199"))]));
    assert_eq!(codes(&a, Severity::Warning), ["jct_registration_required"]);
    assert_eq!(a.tax, jpy(0), "the import exemption still applies to the unregistered seller's small consignment");
}

#[test]
fn before_april_2028_the_registration_changes_nothing() {
    let a =
        run(&host_on("2028-03-31", REGISTERED), shipment(jpy(1000), vec![item("BOOK", 3, jpy(3000), Some("490199"))]));
    assert_eq!((a.tax, a.collect), (jpy(0), CollectAt::Delivery));
    assert!(codes(&a, Severity::Info).contains(&"personal_use_valuation"));
}

#[test]
fn food_pays_the_reduced_8_percent_with_a_warning() {
    // Chocolate (1806.32) 20 × ¥1,500 = 30,000 + 2,000 freight, personal use: 18,000 + 2,000 =
    // 20,000 > 10,000. Chocolate is outside the duty table (blocking), tax 8 % × 20,000 = 1,600.
    let a = run(&host_on("2026-11-25", "{}"), shipment(jpy(2000), vec![item("CHOC", 20, jpy(1500), Some("180632"))]));
    assert_eq!((a.lines[0].tax_rate_bp, a.tax), (800, jpy(1600)));
    assert_eq!(codes(&a, Severity::Warning), ["reduced_rate_food"]);
    assert_eq!(finding(&a, "outside_duty_table").severity, Severity::Blocking);
}

#[test]
fn a_dollar_shipment_is_converted_with_the_dated_host_rate() {
    // 2 × 45.00 USD at 155.2 JPY per USD = ¥13,968; freight 8.00 USD = ¥1,241.6 → 1,242.
    // Personal use: 13,968 × 60 % = 8,380.8 → 8,381 + 1,242 = 9,623 ≤ 10,000: books exempt.
    let host = host_on("2026-11-25", "{}").with_fx("USD", "JPY", 155_200_000, "2026-11-24");
    let a = run(&host, shipment(money(800, "USD"), vec![item("BOOK", 2, money(4500, "USD"), Some("490199"))]));
    assert_eq!((a.lines[0].customs_value, a.tax), (jpy(9623), jpy(0)));
    assert!(finding(&a, "fx_rate_used").message.contains("155.2 JPY per USD"));
    assert_eq!(a.rules_as_of, "2026-11-25");
}
