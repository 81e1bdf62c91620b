//! `crossdock demo` end to end, as a user runs it: EU, UK, US and AU orders clear customs with
//! their market's plugin, are rated by every carrier of the market (DHL Express, UPS and FedEx
//! on the carrier sandbox, in their real wire formats), labelled and tracked, and a return is
//! routed to the regional hub.

use std::process::Command;

use fake_carriers::FakeCarriers;

#[test]
fn the_demo_clears_rates_labels_and_tracks_four_markets_and_routes_a_return_to_the_hub() {
    let carriers = FakeCarriers::start();
    let data = tempfile::tempdir().expect("dir");
    let out = Command::new(env!("CARGO_BIN_EXE_crossdock"))
        .args(["demo", "--carrier-sandbox", &carriers.host(), "--data-dir"])
        .arg(data.path().join("demo"))
        .env("CROSSDOCK_LOG", "warn")
        .output()
        .expect("run the demo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");

    // Each market's customs plugin assessed its order.
    for (city, plugin) in
        [("Berlin", "customs-eu"), ("London", "customs-gb"), ("New York", "customs-us"), ("Sydney", "customs-au")]
    {
        let section = order_section(&stdout, city);
        assert!(section.contains(&format!("customs ({plugin})")), "{city}: {section}");
        assert!(section.contains(": labelled"), "{city} is labelled: {section}");
    }
    // Rated across carriers, and the sandbox carriers were really called.
    let london = order_section(&stdout, "London");
    assert!(london.contains("rated by: carrier-dhl-express (ok), carrier-ups (ok)"), "{london}");
    let new_york = order_section(&stdout, "New York");
    assert!(
        new_york.contains("rated by: carrier-dhl-express (ok), carrier-fedex (ok), carrier-ups (ok)"),
        "{new_york}"
    );
    for carrier in ["dhl", "ups", "fedex"] {
        assert!(!carriers.requests_to(carrier).is_empty(), "{carrier} was never called");
    }
    // The shipment without an HS code is held with the reason.
    assert!(order_section(&stdout, "Madrid").contains("held: customs: SKU LAMP-01 has no HS code"), "{stdout}");
    // The return goes to the regional hub, with a return label.
    assert!(stdout.contains(r#"route: {"kind":"regional_hub","location":"tilburg-hub"}"#), "{stdout}");
    assert!(stdout.contains("return label: "), "{stdout}");
    // Tracking moved the sandbox carriers' shipments and every label has a public page.
    let tracking = stdout.split("tracking: ").nth(1).expect("a tracking section");
    let changed: u32 = tracking.split(" ").nth(4).and_then(|n| n.parse().ok()).unwrap_or(0);
    assert!(changed >= 1, "{tracking}");
    assert!(tracking.contains("delivered") && tracking.contains("/track/"), "{tracking}");
    assert!(stdout.contains("7 done, 0 dead"), "{stdout}");
}

/// The lines the demo printed about the order to `city`.
fn order_section<'a>(stdout: &'a str, city: &str) -> &'a str {
    let start = stdout.find(&format!(" to {city}:")).unwrap_or_else(|| panic!("no order to {city}: {stdout}"));
    let rest = &stdout[start..];
    let end = rest[1..].find("\norder ").or_else(|| rest.find("\nreturn ")).map_or(rest.len(), |e| e + 1);
    &rest[..end]
}
