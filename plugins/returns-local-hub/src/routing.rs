//! Where accepted goods go, chosen from the merchant's return locations.
//!
//! **Resellable goods** go to the nearest place that can sell them again, instead of back to
//! the origin:
//!
//! 1. a regional hub, then a return warehouse, in the customer's own country;
//! 2. a regional hub, then a return warehouse, in the customer's region (`crate::regions`);
//! 3. else the origin warehouse: in the customer's country, then region, then the first one;
//! 4. with no location at all, the customer keeps the goods: there is nowhere to send them.
//!
//! A hub comes before a warehouse at the same distance because reselling is what hubs are
//! for; inside a step the merchant's order of locations breaks ties.
//!
//! **Goods that cannot be resold** are not worth a long trip: per the merchant's
//! [`Unresellable`] setting they go to a return warehouse in the customer's country (disposed
//! of locally when there is none), or are always disposed of locally.
//!
//! Every route comes with one sentence saying why, for the decision's notes.

use crossdock_sdk::prelude::*;

use crate::config::Unresellable;
use crate::regions::region_of;

/// A route and why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    /// Where the goods go.
    pub route: ReturnRoute,
    /// One sentence for the decision's notes.
    pub why: String,
}

impl Routed {
    /// Whether goods travel, and so need a label.
    pub fn travels(&self) -> bool {
        matches!(self.route, ReturnRoute::ReturnWarehouse(_) | ReturnRoute::RegionalHub(_) | ReturnRoute::Origin(_))
    }
}

fn route_to(location: &ReturnLocation) -> ReturnRoute {
    let id = location.id.clone();
    match location.kind {
        LocationKind::ReturnWarehouse => ReturnRoute::ReturnWarehouse(id),
        LocationKind::RegionalHub => ReturnRoute::RegionalHub(id),
        LocationKind::Origin => ReturnRoute::Origin(id),
    }
}

fn kind_name(kind: LocationKind) -> &'static str {
    match kind {
        LocationKind::ReturnWarehouse => "return warehouse",
        LocationKind::RegionalHub => "regional hub",
        LocationKind::Origin => "origin warehouse",
    }
}

/// The route for resellable goods coming back from `customer`.
pub fn for_resale(customer: CountryCode, locations: &[ReturnLocation]) -> Routed {
    let region = region_of(customer);
    let same_region = |l: &&ReturnLocation| region.is_some_and(|r| r.contains(l.address.country));
    let resale = [LocationKind::RegionalHub, LocationKind::ReturnWarehouse];
    for kind in resale {
        if let Some(l) = locations.iter().find(|l| l.kind == kind && l.address.country == customer) {
            let why = format!(
                "The goods can be resold, so they go to the {} {} in the customer's own country ({customer}) instead \
                 of back to the origin.",
                kind_name(kind),
                l.id
            );
            return Routed { route: route_to(l), why };
        }
    }
    if let Some(region) = region {
        for kind in resale {
            if let Some(l) = locations.iter().filter(same_region).find(|l| l.kind == kind) {
                let why = format!(
                    "The goods can be resold and there is no hub or return warehouse in {customer}, so they go to the \
                     nearest one: the {} {} in {}, in the same region ({}), instead of back to the origin.",
                    kind_name(kind),
                    l.id,
                    l.address.country,
                    region.name
                );
                return Routed { route: route_to(l), why };
            }
        }
    }
    let area = region.map_or_else(|| format!("{customer}"), |r| format!("{customer} or its region ({})", r.name));
    let origins: Vec<&ReturnLocation> = locations.iter().filter(|l| l.kind == LocationKind::Origin).collect();
    let origin = origins
        .iter()
        .find(|l| l.address.country == customer)
        .or_else(|| origins.iter().find(|l| same_region(l)))
        .or_else(|| origins.first());
    match origin {
        Some(o) => Routed {
            route: route_to(o),
            why: format!(
                "No regional hub or return warehouse is in {area}, so the goods go back to the origin warehouse {} \
                 in {}.",
                o.id, o.address.country
            ),
        },
        None => Routed {
            route: ReturnRoute::KeepItem,
            why: "The merchant has no return location at all, so there is nowhere to send the goods: the customer \
                  keeps them."
                .into(),
        },
    }
}

/// The route for goods from `customer` of which nothing accepted can be resold.
pub fn for_unresellable(customer: CountryCode, locations: &[ReturnLocation], policy: Unresellable) -> Routed {
    if policy == Unresellable::Dispose {
        return Routed {
            route: ReturnRoute::Dispose,
            why: "Nothing accepted can be resold and the policy disposes of such goods locally, so nothing is shipped."
                .into(),
        };
    }
    match locations.iter().find(|l| l.kind == LocationKind::ReturnWarehouse && l.address.country == customer) {
        Some(w) => Routed {
            route: route_to(w),
            why: format!(
                "Nothing accepted can be resold, so the goods go to the return warehouse {} in {customer} for \
                 inspection, not to a resale hub or the origin.",
                w.id
            ),
        },
        None => Routed {
            route: ReturnRoute::Dispose,
            why: format!(
                "Nothing accepted can be resold and there is no return warehouse in {customer}, so the goods are \
                 disposed of locally rather than shipped far."
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::from_json;

    fn cc(code: &str) -> CountryCode {
        code.parse().unwrap()
    }

    /// Origin in Shenzhen, a resale hub in Venlo, a return warehouse in Lyon, a UK hub.
    fn network() -> Vec<ReturnLocation> {
        from_json(
            r#"[
            {"id": "shenzhen", "kind": "origin", "address": {"city": "Shenzhen", "country": "CN"}},
            {"id": "hub-nl", "kind": "regional_hub", "address": {"city": "Venlo", "country": "NL"}},
            {"id": "ret-fr", "kind": "return_warehouse", "address": {"city": "Lyon", "country": "FR"}},
            {"id": "hub-uk", "kind": "regional_hub", "address": {"city": "Daventry", "country": "GB"}}
        ]"#,
        )
    }

    #[test]
    fn a_location_in_the_customers_country_wins_over_a_hub_elsewhere_in_the_region() {
        let r = for_resale(cc("FR"), &network());
        assert_eq!(r.route, ReturnRoute::ReturnWarehouse("ret-fr".into()));
        assert!(r.why.contains("own country (FR)"), "{}", r.why);
    }

    #[test]
    fn in_the_region_a_hub_comes_before_a_return_warehouse() {
        let r = for_resale(cc("DE"), &network());
        assert_eq!(r.route, ReturnRoute::RegionalHub("hub-nl".into()));
        assert!(r.why.contains("same region (EU single market)"), "{}", r.why);
        let no_hub: Vec<ReturnLocation> = network().into_iter().filter(|l| l.id != "hub-nl").collect();
        assert_eq!(for_resale(cc("DE"), &no_hub).route, ReturnRoute::ReturnWarehouse("ret-fr".into()));
    }

    #[test]
    fn in_the_same_country_a_hub_comes_before_a_return_warehouse() {
        let mut locations = network();
        locations.push(from_json(r#"{"id": "hub-fr", "kind": "regional_hub", "address": {"country": "FR"}}"#));
        assert_eq!(for_resale(cc("FR"), &locations).route, ReturnRoute::RegionalHub("hub-fr".into()));
    }

    #[test]
    fn outside_every_region_with_a_location_the_goods_go_to_the_origin_or_stay() {
        let r = for_resale(cc("CH"), &network());
        assert_eq!(r.route, ReturnRoute::Origin("shenzhen".into()));
        assert!(r.why.contains("CH or its region (rest of Europe)"), "{}", r.why);
        let r = for_resale(cc("US"), &[]);
        assert_eq!(r.route, ReturnRoute::KeepItem);
        assert!(!r.travels());
    }

    #[test]
    fn the_origin_nearest_the_customer_is_preferred() {
        let mut locations = network();
        locations.push(from_json(r#"{"id": "origin-pl", "kind": "origin", "address": {"country": "PL"}}"#));
        locations.retain(|l| l.kind == LocationKind::Origin);
        assert_eq!(for_resale(cc("DE"), &locations).route, ReturnRoute::Origin("origin-pl".into()));
        assert_eq!(for_resale(cc("JP"), &locations).route, ReturnRoute::Origin("shenzhen".into()));
    }

    #[test]
    fn unresellable_goods_go_to_a_local_warehouse_or_are_disposed_of_per_the_policy() {
        let r = for_unresellable(cc("FR"), &network(), Unresellable::LocalWarehouse);
        assert_eq!(r.route, ReturnRoute::ReturnWarehouse("ret-fr".into()));
        let r = for_unresellable(cc("DE"), &network(), Unresellable::LocalWarehouse);
        assert_eq!(r.route, ReturnRoute::Dispose);
        assert!(r.why.contains("no return warehouse in DE"), "{}", r.why);
        let r = for_unresellable(cc("FR"), &network(), Unresellable::Dispose);
        assert_eq!(r.route, ReturnRoute::Dispose);
    }
}
