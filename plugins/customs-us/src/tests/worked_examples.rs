//! Worked examples: each assessment recomputed by hand in the comments, then checked figure by
//! figure. Duty is rounded half away from zero on each line; FOB: shipping never enters the
//! dutiable value.

use crossdock_sdk::{CollectAt, Severity};

use super::*;

#[test]
fn chinese_t_shirts_after_the_suspension_pay_duty_with_no_de_minimis() {
    // 2026-11-25 (after Section 122): 5 × $17.00 = $85.00, FOB (the $9.50 shipping is left out).
    // HTSUS 6109.10.00 16.5% + Section 301 List 4A 7.5% = 24% × 85.00 = $20.40. No tax.
    let a = run(&host_on("2026-11-25", "{}"), tees());
    assert_eq!(a.lines.len(), 1);
    let line = &a.lines[0];
    assert_eq!(line.customs_value, usd(8500));
    assert_eq!((line.duty_rate_bp, line.duty), (2400, usd(2040)));
    assert_eq!((a.duty, a.tax), (usd(2040), usd(0)));
    assert!(!a.de_minimis_applied);
    assert_eq!(a.collect, CollectAt::Delivery);
    assert!(!a.is_blocked(), "{:#?}", a.findings);
    assert_eq!(
        finding(&a, "duty_components").message,
        "SKU TEE-M, HS 6109100012: HTSUS general 16.5% + Section 301 List 4A 7.5% = 24%"
    );
    assert!(finding(&a, "de_minimis_not_available").message.contains("2025-08-29"));
    assert!(finding(&a, "tariff_regime").message.contains("ended on 2026-07-23"));
    assert_eq!(codes(&a, Severity::Warning), ["no_surcharge_confirmed"]);
    assert_eq!(a.rules_as_of, "2026-07-24");
}

#[test]
fn during_section_122_the_10_percent_surcharge_is_added() {
    // 2026-03-10: 16.5% + 7.5% + Section 122 10% = 34% × 85.00 = $28.90.
    let a = run(&host_on("2026-03-10", "{}"), tees());
    assert_eq!((a.lines[0].duty_rate_bp, a.duty), (3400, usd(2890)));
    assert!(finding(&a, "duty_components").message.ends_with("+ Section 122 10% = 34%"));
    assert!(finding(&a, "tariff_regime").message.contains("9903.03.01"));
    assert!(codes(&a, Severity::Warning).is_empty(), "{:#?}", a.findings);
    assert_eq!(a.rules_as_of, "2026-02-24");
}

#[test]
fn the_surcharge_switches_off_on_the_statutory_last_day_boundary() {
    // 2026-07-23 is the last day with Section 122 (34%); 2026-07-24 the first without (24%).
    assert_eq!(run(&host_on("2026-07-23", "{}"), tees()).duty, usd(2890));
    assert_eq!(run(&host_on("2026-07-24", "{}"), tees()).duty, usd(2040));
}

#[test]
fn before_the_suspension_800_dollar_de_minimis_relieved_non_chinese_goods() {
    // 2025-03-10, T-shirts made in Viet Nam: $85.00 ≤ $800 → Section 321, no duty.
    let mut s = tees();
    s.items[0].origin_country = Some("VN".parse().unwrap());
    let a = run(&host_on("2025-03-10", "{}"), s);
    assert!(a.de_minimis_applied);
    assert_eq!(a.duty, usd(0));
    assert!(finding(&a, "de_minimis_applied").message.contains("85.00 USD"));
    // IEEPA duties were already collected on some goods then: said, not computed.
    assert_eq!(codes(&a, Severity::Warning), ["ieepa_not_modelled"]);
    assert_eq!(a.rules_as_of, "2016-03-10");
}

#[test]
fn chinese_goods_lost_de_minimis_on_2_may_2025() {
    // 2025-06-01, made in China: no Section 321 → 24% × 85.00 = $20.40 (IEEPA not included).
    let a = run(&host_on("2025-06-01", "{}"), tees());
    assert!(!a.de_minimis_applied);
    assert_eq!(a.duty, usd(2040));
    assert!(finding(&a, "de_minimis_not_available").message.contains("2025-05-02"));
    // On 2025-05-01 the same parcel was still relieved.
    assert!(run(&host_on("2025-05-01", "{}"), tees()).de_minimis_applied);
}

#[test]
fn above_800_dollars_duty_was_due_even_before_the_suspension() {
    // 2025-03-10, VN origin, 50 × $17.00 = $850.00 > $800: 16.5% × 850.00 = $140.25 (no 301).
    let mut s = tees();
    s.items[0].origin_country = Some("VN".parse().unwrap());
    s.items[0].quantity = 50;
    let a = run(&host_on("2025-03-10", "{}"), s);
    assert!(!a.de_minimis_applied);
    assert_eq!((a.lines[0].duty_rate_bp, a.duty), (1650, usd(14_025)));
    assert!(finding(&a, "de_minimis_not_available").message.contains("exceed the $800"));
}

#[test]
fn by_post_during_section_122_the_duty_is_a_flat_10_percent() {
    // 2026-03-10, postal: 10% × 85.00 = $8.50, whatever the tariff line. CN22: $85.00 ≤ 300 SDR
    // × 1.36568 = $409.70, and 5 × 180 g = 900 g ≤ 2 kg.
    let a = run(&host_on("2026-03-10", r#"{"channel": "postal"}"#), tees());
    assert_eq!((a.lines[0].duty_rate_bp, a.duty), (1000, usd(850)));
    assert_eq!(codes(&a, Severity::Info).iter().filter(|c| **c == "postal_flat_surcharge").count(), 1);
    assert!(a.documents.contains(&crossdock_sdk::Document::Cn22));
}

#[test]
fn a_euro_priced_shipment_is_converted_with_the_dated_host_rate() {
    // 5 × €15.00 = €75.00 at 1.16 USD per EUR (rate of 2026-11-24) = $87.00; 24% = $20.88.
    let host = host_on("2026-11-25", "{}").with_fx("EUR", "USD", 1_160_000, "2026-11-24");
    let mut s = tees();
    s.currency = "EUR".parse().unwrap();
    s.shipping_cost = money(800, "EUR");
    s.items[0].unit_price = money(1500, "EUR");
    let a = run(&host, s);
    assert_eq!(a.lines[0].customs_value, usd(8700));
    assert_eq!(a.duty, usd(2088));
    let used = finding(&a, "fx_rate_used");
    assert!(used.message.contains("1.16 USD per EUR") && used.message.contains("2026-11-24"), "{}", used.message);
    assert_eq!(a.rules_as_of, "2026-11-24");
}

#[test]
fn books_from_china_pay_section_301_but_not_the_section_122_surcharge() {
    // 2026-03-10: 80 × $12.50 = $1,000.00 of printed books (4901.99.00, Free) — above the $800
    // that books alone keep. List 4A 7.5% and Section 122 exempt (informational material):
    // 7.5% × 1,000.00 = $75.00.
    let items = vec![item("NOVEL", 80, usd(1250), Some("4901.99.00.93"), Some("CN"))];
    let a = run(&host_on("2026-03-10", "{}"), with_items(items));
    assert_eq!((a.lines[0].duty_rate_bp, a.duty), (750, usd(7500)));
    assert!(finding(&a, "duty_components").message.contains("exempt: informational material"));
}

#[test]
fn a_six_digit_code_with_several_rates_pays_the_highest_and_warns() {
    // 2026-11-25: 2 × $40.00 cotton sweatshirts under 6110.20 (5% to 16.5%): 16.5% + 7.5% = 24%
    // × 80.00 = $19.20, with a range warning and a request for the 10-digit code.
    let items = vec![item("HOODIE", 2, usd(4000), Some("611020"), Some("CN"))];
    let a = run(&host_on("2026-11-25", "{}"), with_items(items));
    assert_eq!(a.duty, usd(1920));
    assert_eq!(codes(&a, Severity::Warning), ["no_surcharge_confirmed", "duty_rate_range"]);
    assert!(finding(&a, "duty_rate_range").message.contains("5% to 16.5%"));
    assert!(finding(&a, "hts_code_incomplete").message.starts_with("SKU HOODIE:"));
}

#[test]
fn usmca_goods_of_mexico_enter_duty_free_when_the_preference_is_claimed() {
    // Mexican T-shirts: without a claim 16.5% × 85.00 = $14.03 (14.025 rounds up; no Section 301);
    // with claim_preference: duty-free and a certificate of origin.
    let mut s = tees();
    s.items[0].origin_country = Some("MX".parse().unwrap());
    let a = run(&host_on("2026-11-25", "{}"), s.clone());
    assert_eq!((a.lines[0].duty_rate_bp, a.duty), (1650, usd(1403)));
    let a = run(&host_on("2026-11-25", r#"{"claim_preference": true}"#), s);
    assert_eq!(a.duty, usd(0));
    assert!(finding(&a, "usmca_preference").message.contains("rules of origin"));
    assert!(a.documents.contains(&crossdock_sdk::Document::CertificateOfOrigin));
}

#[test]
fn ddp_shipments_are_collected_at_checkout() {
    let mut s = tees();
    s.incoterm = crossdock_sdk::Incoterm::Ddp;
    let a = run(&host_on("2026-11-25", "{}"), s);
    assert_eq!((a.collect, a.duty), (CollectAt::Checkout, usd(2040)));
}

#[test]
fn books_alone_keep_de_minimis_after_the_suspension() {
    // 2026-11-25: 4 × $12.50 = $50.00 of printed books from China: informational materials
    // (50 U.S.C. 1702(b)) stay under Section 321 → no duty. With a T-shirt in the same box the
    // shipment loses it: books 7.5% × 50.00 = 3.75 and T-shirt 24% × 17.00 = 4.08.
    let books = vec![item("NOVEL", 4, usd(1250), Some("4901990093"), Some("CN"))];
    let a = run(&host_on("2026-11-25", "{}"), with_items(books.clone()));
    assert!(a.de_minimis_applied);
    assert_eq!(a.duty, usd(0));
    assert!(finding(&a, "de_minimis_applied").message.contains("1702(b)"));
    let mut mixed = books;
    mixed.push(item("TEE", 1, usd(1700), Some("6109100012"), Some("CN")));
    let a = run(&host_on("2026-11-25", "{}"), with_items(mixed));
    assert!(!a.de_minimis_applied);
    assert_eq!(a.duty, usd(375 + 408));
}
