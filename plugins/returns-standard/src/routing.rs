//! Where an approved return goes, chosen from the merchant's return locations.
//!
//! When at least one accepted item can be sold again, the goods go where they sell best and
//! travel least:
//!
//! 1. the nearest regional hub: in the customer's country, else in the customer's region
//!    (`crate::regions`: EU/EEA, UK, North America, …), else on the customer's continent,
//!    else the first hub listed;
//! 2. without any hub, a return warehouse in the customer's country;
//! 3. else the origin warehouse;
//! 4. with no location at all, the customer keeps the goods (`keep_item`): there is nowhere
//!    to send them.
//!
//! When nothing accepted can be resold, shipping it far is waste: it goes to a return
//! warehouse in the customer's country (for inspection or a claim against the carrier), or,
//! without one, is disposed of locally (`dispose`).
//!
//! Within a step, the first matching location in the request's list wins, so the merchant's
//! order is the tie-break. Items that cannot be resold travel with resellable ones to the hub.

use crossdock_sdk::prelude::*;

use crate::regions::{continent, region, region_name};

/// A route and why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    /// Where the goods go.
    pub route: ReturnRoute,
    /// One sentence for the decision's notes.
    pub why: String,
}

/// The route for goods coming back from `customer`.
pub fn choose(customer: CountryCode, locations: &[ReturnLocation], resellable: bool) -> Routed {
    let of_kind = |kind: LocationKind| locations.iter().filter(move |l| l.kind == kind);
    let local_warehouse = of_kind(LocationKind::ReturnWarehouse).find(|l| l.address.country == customer);
    if !resellable {
        return match local_warehouse {
            Some(w) => routed(
                ReturnRoute::ReturnWarehouse(w.id.clone()),
                format!(
                    "Nothing accepted can be resold, so it goes to the return warehouse {} in {customer} for inspection \
                     rather than to a resale hub.",
                    w.id
                ),
            ),
            None => routed(
                ReturnRoute::Dispose,
                format!(
                    "Nothing accepted can be resold and there is no return warehouse in {customer}, so the goods are \
                     to be disposed of locally rather than shipped back."
                ),
            ),
        };
    }
    if let Some(routed) = nearest_hub(customer, locations) {
        return routed;
    }
    if let Some(w) = local_warehouse {
        return routed(
            ReturnRoute::ReturnWarehouse(w.id.clone()),
            format!("No regional hub is set up, so the goods go to the return warehouse {} in {customer}.", w.id),
        );
    }
    if let Some(o) = of_kind(LocationKind::Origin).next() {
        return routed(
            ReturnRoute::Origin(o.id.clone()),
            format!(
                "There is no regional hub and no return warehouse in {customer}, so the goods go back to the origin \
                 warehouse {} in {}.",
                o.id, o.address.country
            ),
        );
    }
    routed(
        ReturnRoute::KeepItem,
        "The merchant has no return location, so there is nowhere to send the goods: the customer keeps them.".into(),
    )
}

/// The nearest regional hub, by country, region, continent, then list order.
fn nearest_hub(customer: CountryCode, locations: &[ReturnLocation]) -> Option<Routed> {
    let hubs: Vec<&ReturnLocation> = locations.iter().filter(|l| l.kind == LocationKind::RegionalHub).collect();
    let first = *hubs.first()?;
    let hub = |id: &str, country: CountryCode, why: String| {
        let text =
            format!("The accepted items can be resold, so they go to the regional hub {id} in {country}, {why}.");
        routed(ReturnRoute::RegionalHub(id.to_owned()), text)
    };
    if let Some(h) = hubs.iter().find(|h| h.address.country == customer) {
        return Some(hub(&h.id, h.address.country, "in the customer's own country".into()));
    }
    for (area_of, word) in [(region as fn(CountryCode) -> Option<&'static str>, "region"), (continent, "continent")] {
        let Some(area) = area_of(customer) else { break };
        if let Some(h) = hubs.iter().find(|h| area_of(h.address.country) == Some(area)) {
            let why = format!("the nearest hub: same {word} as {customer} ({})", region_name(area));
            return Some(hub(&h.id, h.address.country, why));
        }
    }
    let why = format!("the first hub listed, as none is on the same continent as {customer}");
    Some(hub(&first.id, first.address.country, why))
}

fn routed(route: ReturnRoute, why: String) -> Routed {
    Routed { route, why }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::from_json;

    fn locations(json: &str) -> Vec<ReturnLocation> {
        from_json(json)
    }

    fn cc(code: &str) -> CountryCode {
        code.parse().unwrap()
    }

    const NETWORK: &str = r#"[
        {"id": "origin-szx", "kind": "origin", "address": {"city": "Shenzhen", "postal_code": "518000", "country": "CN"}},
        {"id": "hub-us", "kind": "regional_hub", "address": {"city": "Reno", "postal_code": "89502", "country": "US"}},
        {"id": "hub-uk", "kind": "regional_hub", "address": {"city": "Daventry", "postal_code": "NN11 8RB", "country": "GB"}},
        {"id": "hub-nl", "kind": "regional_hub", "address": {"city": "Venlo", "postal_code": "5928 LB", "country": "NL"}},
        {"id": "rw-fr", "kind": "return_warehouse", "address": {"city": "Lyon", "postal_code": "69007", "country": "FR"}},
        {"id": "hub-fr", "kind": "regional_hub", "address": {"city": "Lille", "postal_code": "59000", "country": "FR"}}
    ]"#;

    #[test]
    fn a_hub_in_the_customers_country_comes_first() {
        let r = choose(cc("FR"), &locations(NETWORK), true);
        assert_eq!(r.route, ReturnRoute::RegionalHub("hub-fr".into()));
        assert!(r.why.contains("own country"), "{}", r.why);
    }

    #[test]
    fn then_a_hub_in_the_same_region_then_on_the_same_continent() {
        let r = choose(cc("DE"), &locations(NETWORK), true);
        assert_eq!(r.route, ReturnRoute::RegionalHub("hub-nl".into()), "hub-uk is listed first but outside the EU");
        assert!(r.why.contains("same region as DE (EU/EEA)"), "{}", r.why);
        let r = choose(cc("CH"), &locations(NETWORK), true);
        assert_eq!(r.route, ReturnRoute::RegionalHub("hub-uk".into()));
        assert!(r.why.contains("same continent as CH (Europe)"), "{}", r.why);
        let r = choose(cc("CA"), &locations(NETWORK), true);
        assert_eq!(r.route, ReturnRoute::RegionalHub("hub-us".into()));
    }

    #[test]
    fn with_no_hub_nearby_the_first_hub_listed_is_used() {
        let r = choose(cc("JP"), &locations(NETWORK), true);
        assert_eq!(r.route, ReturnRoute::RegionalHub("hub-us".into()));
        assert!(r.why.contains("first hub listed"), "{}", r.why);
    }

    #[test]
    fn without_hubs_resellable_goods_go_to_a_local_warehouse_then_the_origin_then_stay() {
        let no_hubs: Vec<ReturnLocation> =
            locations(NETWORK).into_iter().filter(|l| l.kind != LocationKind::RegionalHub).collect();
        assert_eq!(choose(cc("FR"), &no_hubs, true).route, ReturnRoute::ReturnWarehouse("rw-fr".into()));
        assert_eq!(choose(cc("DE"), &no_hubs, true).route, ReturnRoute::Origin("origin-szx".into()));
        assert_eq!(choose(cc("DE"), &[], true).route, ReturnRoute::KeepItem);
    }

    #[test]
    fn goods_that_cannot_be_resold_go_to_a_local_warehouse_or_are_disposed_of() {
        let r = choose(cc("FR"), &locations(NETWORK), false);
        assert_eq!(r.route, ReturnRoute::ReturnWarehouse("rw-fr".into()));
        let r = choose(cc("DE"), &locations(NETWORK), false);
        assert_eq!(r.route, ReturnRoute::Dispose);
        assert!(r.why.contains("no return warehouse in DE"), "{}", r.why);
    }
}
