//! Preferential origin: goods of a trade partner may enter at a lower rate than the one charged.
//!
//! Plugins that charge the general rate and tell the merchant where a preference may exist (one
//! finding per agreement, naming the SKUs that paid duty under it) group their lines the same
//! way; [`dutiable_skus_by`] is that grouping, with the plugin's own table of agreements as the key.

use crate::CountryCode;

use super::builder::Line;

/// The SKUs of lines that paid duty, grouped by what `key` finds for their origin, in the order
/// each group first appears. Lines without an origin, or whose origin `key` does not know, are
/// left out.
///
/// ```
/// use crossdock_sdk::CountryCode;
/// use crossdock_sdk::customs::preference::dutiable_skus_by;
///
/// const PARTNERS: &[(&str, &[&str])] = &[("ChAFTA", &["CN"]), ("AANZFTA", &["VN", "TH"])];
/// fn agreement_for(origin: CountryCode) -> Option<&'static str> {
///     PARTNERS.iter().find(|(_, p)| p.contains(&origin.as_str())).map(|(name, _)| *name)
/// }
/// # let lines: Vec<crossdock_sdk::customs::Line> = Vec::new();
/// for (agreement, skus) in dutiable_skus_by(&lines, agreement_for) {
///     println!("{agreement}: {}", skus.join(", "));
/// }
/// ```
pub fn dutiable_skus_by<K: PartialEq>(lines: &[Line], key: impl Fn(CountryCode) -> Option<K>) -> Vec<(K, Vec<&str>)> {
    let mut groups: Vec<(K, Vec<&str>)> = Vec::new();
    for line in lines.iter().filter(|l| !l.duty.is_zero()) {
        let Some(k) = line.origin.and_then(&key) else { continue };
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, skus)) => skus.push(&line.sku),
            None => groups.push((k, vec![&line.sku])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Money;

    fn line(sku: &str, origin: Option<&str>, duty: i64) -> Line {
        let eur = |amount| Money::new(amount, "EUR".parse().expect("EUR"));
        Line {
            sku: sku.into(),
            hs: None,
            origin: origin.map(|o| o.parse().expect("country")),
            quantity: 1,
            weight_g: 100,
            goods: eur(1000),
            shipping: eur(0),
            customs_value: eur(1000),
            duty_rate_bp: 500,
            duty: eur(duty),
            tax_rate_bp: 0,
            tax: eur(0),
        }
    }

    #[test]
    fn dutiable_lines_are_grouped_by_agreement_in_order_of_appearance() {
        let asean = |c: CountryCode| match c.as_str() {
            "CN" => Some("ChAFTA"),
            "VN" | "TH" => Some("AANZFTA"),
            _ => None,
        };
        let lines = [
            line("TEE", Some("VN"), 50),
            line("CAP", Some("CN"), 30),
            line("MUG", Some("TH"), 20),
            line("FREE", Some("CN"), 0),
            line("DE", Some("DE"), 40),
            line("NONE", None, 40),
        ];
        assert_eq!(dutiable_skus_by(&lines, asean), [("AANZFTA", vec!["TEE", "MUG"]), ("ChAFTA", vec!["CAP"])]);
    }
}
