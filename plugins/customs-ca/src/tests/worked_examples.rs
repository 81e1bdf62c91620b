//! Worked examples: each assessment recomputed by hand in the comments, then checked figure by
//! figure. Duty and tax are rounded half away from zero on each line; the shipping is never part
//! of the value for duty.

use crossdock_sdk::{CollectAt, Document, Severity};

use super::*;

#[test]
fn an_18_dollar_mail_parcel_pays_nothing() {
    // CAD 18.00 by mail from China to Ontario: ≤ CAD 20, duty and HST remitted.
    let a = run(&host_on("2026-11-25", r#"{"channel": "postal"}"#), tee());
    assert_eq!((a.duty, a.tax), (cad(0), cad(0)));
    assert!(a.de_minimis_applied);
    let relief = finding(&a, "low_value_relief");
    assert!(
        relief.message.contains("18.00 CAD by mail") && relief.message.contains("Postal Imports"),
        "{}",
        relief.message
    );
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn22]);
    assert_eq!((a.lines[0].duty_rate_bp, a.lines[0].tax_rate_bp), (0, 0));
}

#[test]
fn a_120_dollar_courier_parcel_from_the_us_pays_no_duty_but_hst_above_40() {
    // CAD 120.00 couriered from the US to Ontario: ≤ CAD 150 duty-free; > CAD 40 so HST 13% ×
    // (120.00 + 0) = 15.60.
    let a = run(&host_on("2026-11-25", "{}"), tees("US", "ON", 1, 12_000));
    assert_eq!((a.duty, a.tax), (cad(0), cad(1560)));
    assert_eq!((a.lines[0].duty_rate_bp, a.lines[0].tax_rate_bp), (0, 1300));
    assert!(a.de_minimis_applied, "the duty threshold applied");
    assert!(finding(&a, "low_value_relief").message.contains("GST/HST is due above CAD 40"));
    assert_eq!(a.rules_as_of, "2020-07-01");
}

#[test]
fn ontario_pays_13_percent_hst_where_alberta_pays_5_percent_gst() {
    // Five CAD 18.00 T-shirts couriered from China (CAD 90.00 > CAD 20): duty 18% = 16.20.
    // ON: HST 13% × (90.00 + 16.20) = 13.806 → 13.81.  AB: GST 5% × 106.20 = 5.31.
    let on = run(&host_on("2026-11-25", "{}"), tees("CN", "ON", 5, 1800));
    assert_eq!((on.lines[0].duty_rate_bp, on.duty), (1800, cad(1620)));
    assert_eq!((on.lines[0].tax_rate_bp, on.tax), (1300, cad(1381)));
    assert_eq!(
        finding(&on, "border_tax").message,
        "HST 13% for a destination in ON, on the value for duty plus the duty"
    );
    let ab = run(&host_on("2026-11-25", "{}"), tees("CN", "AB", 5, 1800));
    assert_eq!((ab.duty, ab.lines[0].tax_rate_bp, ab.tax), (cad(1620), 500, cad(531)));
    assert!(!on.de_minimis_applied && !ab.de_minimis_applied);
    assert!(codes(&ab, Severity::Warning).is_empty(), "{:#?}", ab.findings);
}

#[test]
fn the_place_of_direct_shipment_not_the_origin_decides_the_threshold() {
    // The same CAD 120.00 parcel couriered directly from China gets CAD 20: duty 18% = 21.60,
    // HST 13% × 141.60 = 18.408 → 18.41.
    let a = run(&host_on("2026-11-25", "{}"), tees("CN", "ON", 1, 12_000));
    assert_eq!((a.duty, a.tax), (cad(2160), cad(1841)));
    assert!(finding(&a, "no_low_value_relief").message.contains("whatever the goods' origin"));
    // Chinese-made goods shipped from a US warehouse get the CUSMA thresholds.
    let a = run(&host_on("2026-11-25", "{}"), tees("US", "ON", 1, 12_000));
    assert_eq!(a.duty, cad(0));
}

#[test]
fn from_the_us_up_to_40_dollars_pays_nothing_and_above_150_pays_everything() {
    let a = run(&host_on("2026-11-25", "{}"), tees("US", "ON", 1, 4_000));
    assert_eq!((a.duty, a.tax), (cad(0), cad(0)));
    // CAD 160.00: duty 18% = 28.80; HST 13% × 188.80 = 24.544 → 24.54.
    let a = run(&host_on("2026-11-25", "{}"), tees("US", "ON", 1, 16_000));
    assert_eq!((a.duty, a.tax), (cad(2880), cad(2454)));
    assert!(!a.de_minimis_applied);
}

#[test]
fn before_cusma_a_courier_parcel_from_the_us_had_the_cad_20_limit() {
    // 2020-06-30: CAD 120.00 from the US → 18% = 21.60; HST 13% × 141.60 = 18.41.
    let a = run(&host_on("2020-06-30", "{}"), tees("US", "ON", 1, 12_000));
    assert_eq!((a.duty, a.tax), (cad(2160), cad(1841)));
}

#[test]
fn nova_scotia_taxes_at_14_percent_since_april_2025_and_15_before() {
    // CAD 90.00 from China + 16.20 duty = 106.20: 14% = 14.868 → 14.87; 15% = 15.93.
    let after = run(&host_on("2025-04-01", "{}"), tees("CN", "NS", 5, 1800));
    assert_eq!((after.lines[0].tax_rate_bp, after.tax), (1400, cad(1487)));
    assert_eq!(after.rules_as_of, "2025-04-01");
    let before = run(&host_on("2025-03-31", "{}"), tees("CN", "NS", 5, 1800));
    assert_eq!((before.lines[0].tax_rate_bp, before.tax), (1500, cad(1593)));
}

#[test]
fn the_atlantic_provinces_pay_15_percent() {
    for province in ["NB", "NL", "PE"] {
        let a = run(&host_on("2026-11-25", "{}"), tees("CN", province, 5, 1800));
        assert_eq!((a.lines[0].tax_rate_bp, a.tax), (1500, cad(1593)), "{province}");
    }
}

#[test]
fn quebec_and_the_pst_provinces_pay_gst_and_are_told_the_provincial_tax_is_not_included() {
    for (province, tax) in [("QC", "QST"), ("BC", "British Columbia PST"), ("MB", "RST"), ("SK", "Saskatchewan PST")] {
        let a = run(&host_on("2026-11-25", "{}"), tees("CN", province, 5, 1800));
        assert_eq!((a.lines[0].tax_rate_bp, a.tax), (500, cad(531)), "{province}");
        let f = finding(&a, "provincial_tax_not_assessed");
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.contains(tax) && f.message.contains("collects the GST"), "{}", f.message);
    }
}

#[test]
fn a_euro_priced_shipment_is_converted_with_the_dated_host_rate() {
    // €60.00 at 1.6123 CAD per EUR (2026-11-24) = CAD 96.738 → 96.74; duty 18% = 17.4132 →
    // 17.41; HST 13% × (96.74 + 17.41 = 114.15) = 14.8395 → 14.84.
    let host = host_on("2026-11-25", "{}").with_fx("EUR", "CAD", 1_612_300, "2026-11-24");
    let mut s = tee();
    s.currency = "EUR".parse().unwrap();
    s.shipping_cost = money(500, "EUR");
    s.items[0].unit_price = money(6000, "EUR");
    let a = run(&host, s);
    assert_eq!(a.lines[0].customs_value, cad(9674));
    assert_eq!((a.duty, a.tax), (cad(1741), cad(1484)));
    let used = finding(&a, "fx_rate_used");
    assert!(used.message.contains("1.6123 CAD per EUR") && used.message.contains("2026-11-24"), "{}", used.message);
    assert_eq!(a.rules_as_of, "2026-11-24");
}

#[test]
fn a_dollar_priced_parcel_from_the_us_is_tested_against_the_thresholds_in_canadian_dollars() {
    // $100.00 at 1.40 CAD per USD = CAD 140.00 ≤ 150: duty-free; HST 13% × 140.00 = 18.20.
    let host = host_on("2026-11-25", "{}").with_fx("USD", "CAD", 1_400_000, "2026-11-24");
    let mut s = tees("US", "ON", 1, 0);
    s.currency = "USD".parse().unwrap();
    s.shipping_cost = money(900, "USD");
    s.items[0].unit_price = money(10_000, "USD");
    let a = run(&host, s);
    assert_eq!((a.lines[0].customs_value, a.duty, a.tax), (cad(14_000), cad(0), cad(1820)));
}

#[test]
fn cusma_goods_of_us_origin_enter_duty_free_when_the_preference_is_claimed() {
    // CAD 200.00 of US-made T-shirts from the US (> CAD 150): without a claim 18% = 36.00 and HST
    // 13% × 236.00 = 30.68; with the claim duty 0 and HST 13% × 200.00 = 26.00.
    let mut s = tees("US", "ON", 1, 20_000);
    s.items[0].origin_country = Some("US".parse().unwrap());
    let a = run(&host_on("2026-11-25", "{}"), s.clone());
    assert_eq!((a.duty, a.tax), (cad(3600), cad(3068)));
    let a = run(&host_on("2026-11-25", r#"{"claim_preference": true}"#), s);
    assert_eq!((a.duty, a.tax), (cad(0), cad(2600)));
    assert!(finding(&a, "cusma_preference").message.contains("GST/HST is still due"));
}

#[test]
fn ddp_shipments_are_collected_at_checkout_and_dap_at_delivery() {
    let a = run(&host_on("2026-11-25", "{}"), tees("CN", "ON", 5, 1800));
    assert_eq!(a.collect, CollectAt::Delivery);
    let mut s = tees("CN", "ON", 5, 1800);
    s.incoterm = crossdock_sdk::Incoterm::Ddp;
    let a = run(&host_on("2026-11-25", "{}"), s);
    assert_eq!(a.collect, CollectAt::Checkout);
    assert!(finding(&a, "collected_at_border").message.starts_with("DDP"));
}

#[test]
fn a_scooter_pays_8_percent_and_a_plush_toy_enters_free() {
    // Couriered from China to Ontario (CAD 20 limit): a CAD 80.00 kick scooter (9503.00.10.90)
    // and a CAD 25.00 plush bear (9503.00.90.51), CAD 105.00 in all.
    // Scooter: 8% × 80.00 = 6.40; HST 13% × (80.00 + 6.40 = 86.40) = 11.232 → 11.23.
    // Bear: Free; HST 13% × 25.00 = 3.25.  Totals: duty 6.40, HST 14.48.
    let mut s = tee();
    s.items = vec![
        item("SCOOTER", 1, cad(8000), Some("9503.00.10.90"), Some("CN")),
        item("BEAR", 1, cad(2500), Some("9503.00.90.51"), Some("CN")),
    ];
    let a = run(&host_on("2026-11-25", "{}"), s);
    let got: Vec<(u32, i64, i64)> = a.lines.iter().map(|l| (l.duty_rate_bp, l.duty.amount, l.tax.amount)).collect();
    assert_eq!(got, [(800, 640, 1123), (0, 0, 325)]);
    assert_eq!((a.duty, a.tax), (cad(640), cad(1448)));
    assert!(a.findings.iter().all(|f| f.code != "outside_duty_table"), "{:#?}", a.findings);
    assert!(!a.is_blocked());
    assert_eq!(a.rules_as_of, "2025-01-01", "the newest figure: the T2025 toy rows");
}

#[test]
fn a_gold_plated_bracelet_pays_8_5_percent_and_gst_in_alberta() {
    // CAD 50.00 bracelet of base metal clad with gold (7113.20.90.00), couriered from China to
    // Alberta: 8.5% × 50.00 = 4.25; GST 5% × 54.25 = 2.7125 → 2.71.
    let mut s = tees("CN", "AB", 1, 0);
    s.items = vec![item("BRACELET", 1, cad(5000), Some("7113.20.90.00"), Some("CN"))];
    let a = run(&host_on("2026-11-25", "{}"), s);
    assert_eq!((a.lines[0].duty_rate_bp, a.duty, a.lines[0].tax_rate_bp, a.tax), (850, cad(425), 500, cad(271)));
}
