//! Allocation: which warehouse ships which order line.
//!
//! The rule, in order of preference for every line:
//! 1. a warehouse in the destination country with stock for the whole line;
//! 2. a warehouse elsewhere in the destination's market (bonded, overseas or 3PL stock that
//!    avoids a customs crossing) with stock for the whole line;
//! 3. any other warehouse with stock for the whole line, in the order the merchant lists them;
//! 4. the line split across warehouses, in the same order, as far as stock goes.
//!
//! Warehouses with no stock records are assumed to carry every SKU (a merchant who tracks no
//! stock ships everything from wherever it is listed first). Return-only warehouses and resale
//! hubs never ship orders. Lines that no warehouse can cover are reported, not dropped.
//!
//! The function is pure: the caller reads warehouses and stock from the store.

use std::collections::BTreeMap;

use crossdock_types::CountryCode;

/// A warehouse as allocation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub id: String,
    pub country: CountryCode,
    /// False for return warehouses and resale hubs.
    pub ships_orders: bool,
    /// Units on hand per SKU; `None` when the merchant tracks no stock here.
    pub stock: Option<BTreeMap<String, u32>>,
}

/// What one order line needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demand {
    pub line_id: String,
    pub sku: String,
    pub quantity: u32,
}

/// The lines one warehouse ships, as (line id, quantity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    pub warehouse_id: String,
    pub lines: Vec<(String, u32)>,
}

/// The outcome: one allocation per warehouse used, in preference order, and what is left.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub allocations: Vec<Allocation>,
    /// (line id, sku, quantity) that no warehouse has stock for.
    pub unallocated: Vec<(String, String, u32)>,
}

/// Allocates `demand` for an order shipping to `destination`, whose market holds
/// `market_countries` (empty when the country belongs to no market).
pub fn allocate(demand: &[Demand], destination: CountryCode, market_countries: &[CountryCode], sites: &[Site]) -> Plan {
    let mut left: Vec<BTreeMap<String, u32>> = sites.iter().map(|s| s.stock.clone().unwrap_or_default()).collect();
    let tracks = |i: usize| sites[i].stock.is_some();
    let rank = |site: &Site| {
        if site.country == destination {
            0
        } else if market_countries.contains(&site.country) {
            1
        } else {
            2
        }
    };
    let mut order: Vec<usize> = (0..sites.len()).filter(|&i| sites[i].ships_orders).collect();
    order.sort_by_key(|&i| rank(&sites[i])); // stable: the merchant's order within a rank

    let mut per_site: BTreeMap<usize, Vec<(String, u32)>> = BTreeMap::new();
    let mut plan = Plan::default();
    for line in demand.iter().filter(|l| l.quantity > 0) {
        let available = |i: usize, left: &[BTreeMap<String, u32>]| {
            if tracks(i) { left[i].get(&line.sku).copied().unwrap_or(0) } else { u32::MAX }
        };
        if let Some(&site) = order.iter().find(|&&i| available(i, &left) >= line.quantity) {
            take(&mut left, site, tracks(site), &line.sku, line.quantity);
            per_site.entry(site).or_default().push((line.line_id.clone(), line.quantity));
            continue;
        }
        let mut needed = line.quantity;
        for &site in &order {
            let part = available(site, &left).min(needed);
            if part == 0 {
                continue;
            }
            take(&mut left, site, tracks(site), &line.sku, part);
            per_site.entry(site).or_default().push((line.line_id.clone(), part));
            needed -= part;
            if needed == 0 {
                break;
            }
        }
        if needed > 0 {
            plan.unallocated.push((line.line_id.clone(), line.sku.clone(), needed));
        }
    }
    // Preference order, not index order: the in-market shipment comes first.
    for &site in &order {
        if let Some(lines) = per_site.remove(&site) {
            plan.allocations.push(Allocation { warehouse_id: sites[site].id.clone(), lines });
        }
    }
    plan
}

fn take(left: &mut [BTreeMap<String, u32>], site: usize, tracked: bool, sku: &str, quantity: u32) {
    if tracked && let Some(units) = left[site].get_mut(sku) {
        *units -= quantity;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(code: &str) -> CountryCode {
        code.parse().expect("country")
    }

    fn site(id: &str, country: &str, stock: Option<&[(&str, u32)]>) -> Site {
        Site {
            id: id.into(),
            country: cc(country),
            ships_orders: true,
            stock: stock.map(|s| s.iter().map(|(k, v)| (k.to_string(), *v)).collect()),
        }
    }

    fn demand(lines: &[(&str, &str, u32)]) -> Vec<Demand> {
        lines
            .iter()
            .map(|(id, sku, q)| Demand { line_id: id.to_string(), sku: sku.to_string(), quantity: *q })
            .collect()
    }

    fn eu() -> Vec<CountryCode> {
        ["DE", "FR", "NL", "PL"].into_iter().map(cc).collect()
    }

    #[test]
    fn in_market_stock_wins_over_the_origin_warehouse() {
        let sites = [site("shenzhen", "CN", None), site("venlo", "NL", Some(&[("TEE-M", 10)]))];
        let plan = allocate(&demand(&[("1", "TEE-M", 2)]), cc("DE"), &eu(), &sites);
        assert_eq!(plan.allocations, vec![Allocation { warehouse_id: "venlo".into(), lines: vec![("1".into(), 2)] }]);
        assert!(plan.unallocated.is_empty());
    }

    #[test]
    fn a_warehouse_in_the_destination_country_beats_the_rest_of_the_market() {
        let sites = [site("venlo", "NL", None), site("berlin", "DE", None)];
        let plan = allocate(&demand(&[("1", "TEE-M", 1)]), cc("DE"), &eu(), &sites);
        assert_eq!(plan.allocations[0].warehouse_id, "berlin");
    }

    #[test]
    fn lines_without_in_market_stock_ship_from_the_origin_in_a_second_shipment() {
        let sites = [site("shenzhen", "CN", None), site("venlo", "NL", Some(&[("TEE-M", 5)]))];
        let plan = allocate(&demand(&[("1", "TEE-M", 2), ("2", "CAP-01", 1)]), cc("FR"), &eu(), &sites);
        let ids: Vec<&str> = plan.allocations.iter().map(|a| a.warehouse_id.as_str()).collect();
        assert_eq!(ids, ["venlo", "shenzhen"]);
        assert_eq!(plan.allocations[1].lines, vec![("2".into(), 1)]);
    }

    #[test]
    fn a_line_is_split_when_no_single_warehouse_has_enough() {
        let sites = [site("venlo", "NL", Some(&[("TEE-M", 3)])), site("lodz", "PL", Some(&[("TEE-M", 2)]))];
        let plan = allocate(&demand(&[("1", "TEE-M", 4)]), cc("DE"), &eu(), &sites);
        assert_eq!(plan.allocations.len(), 2);
        assert_eq!(plan.allocations[0].lines, vec![("1".into(), 3)]);
        assert_eq!(plan.allocations[1].lines, vec![("1".into(), 1)]);
        assert!(plan.unallocated.is_empty());
    }

    #[test]
    fn stock_is_consumed_across_lines_and_shortfalls_are_reported() {
        let sites = [site("venlo", "NL", Some(&[("TEE-M", 3)]))];
        let plan = allocate(&demand(&[("1", "TEE-M", 2), ("2", "TEE-M", 2)]), cc("DE"), &eu(), &sites);
        assert_eq!(plan.allocations[0].lines, vec![("1".into(), 2), ("2".into(), 1)]);
        assert_eq!(plan.unallocated, vec![("2".into(), "TEE-M".into(), 1)]);
    }

    #[test]
    fn return_only_sites_never_ship_orders() {
        let mut returns = site("lyon-returns", "FR", None);
        returns.ships_orders = false;
        let sites = [returns, site("shenzhen", "CN", None)];
        let plan = allocate(&demand(&[("1", "TEE-M", 1)]), cc("FR"), &eu(), &sites);
        assert_eq!(plan.allocations[0].warehouse_id, "shenzhen");
    }
}
