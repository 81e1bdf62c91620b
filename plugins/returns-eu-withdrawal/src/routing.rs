//! Where withdrawn goods go: the merchant's return warehouse in the EU, else the origin.
//!
//! 1. a return warehouse in the customer's own country;
//! 2. a return warehouse in another member state (the first the merchant lists), so the
//!    goods stay inside the EU's customs union and travel as an ordinary intra-EU parcel;
//! 3. the origin warehouse: in the customer's country, then in a member state, then the
//!    first listed;
//! 4. with no location at all the consumer keeps the goods: the consumer has to send them
//!    back only to the trader or a person the trader authorised (Art. 14(1)), and there is
//!    no one.
//!
//! Regional hubs are not used: this policy decides what the law requires, and where goods
//! are resold is a merchant's choice (`returns-local-hub` makes it).

use crossdock_sdk::prelude::*;

use crate::scope::MEMBER_STATES;

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
        matches!(self.route, ReturnRoute::ReturnWarehouse(_) | ReturnRoute::Origin(_))
    }
}

fn in_eu(country: CountryCode) -> bool {
    MEMBER_STATES.contains(&country.as_str())
}

/// The route for goods withdrawn by a consumer in `customer`.
pub fn choose(customer: CountryCode, locations: &[ReturnLocation]) -> Routed {
    let of_kind = |kind: LocationKind| locations.iter().filter(move |l| l.kind == kind);
    let warehouses = || of_kind(LocationKind::ReturnWarehouse);
    if let Some(w) = warehouses().find(|l| l.address.country == customer) {
        return Routed {
            route: ReturnRoute::ReturnWarehouse(w.id.clone()),
            why: format!(
                "The goods go to the merchant's return warehouse {} in the customer's country ({customer}).",
                w.id
            ),
        };
    }
    if let Some(w) = warehouses().find(|l| in_eu(l.address.country)) {
        return Routed {
            route: ReturnRoute::ReturnWarehouse(w.id.clone()),
            why: format!(
                "The goods go to the merchant's return warehouse {} in {}, inside the EU, as there is none in {customer}.",
                w.id, w.address.country
            ),
        };
    }
    let origin = of_kind(LocationKind::Origin)
        .find(|l| l.address.country == customer)
        .or_else(|| of_kind(LocationKind::Origin).find(|l| in_eu(l.address.country)))
        .or_else(|| of_kind(LocationKind::Origin).next());
    match origin {
        Some(o) => Routed {
            route: ReturnRoute::Origin(o.id.clone()),
            why: format!(
                "The merchant has no return warehouse in the EU, so the goods go back to the origin warehouse {} in {}.",
                o.id, o.address.country
            ),
        },
        None => Routed {
            route: ReturnRoute::KeepItem,
            why: "The merchant has no return location at all, so there is nowhere to send the goods: the consumer \
                  keeps them and is refunded."
                .into(),
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

    fn network() -> Vec<ReturnLocation> {
        from_json(
            r#"[
            {"id": "hub-nl", "kind": "regional_hub", "address": {"city": "Venlo", "country": "NL"}},
            {"id": "ret-fr", "kind": "return_warehouse", "address": {"city": "Lyon", "country": "FR"}},
            {"id": "ret-uk", "kind": "return_warehouse", "address": {"city": "Daventry", "country": "GB"}},
            {"id": "shenzhen", "kind": "origin", "address": {"city": "Shenzhen", "country": "CN"}}
        ]"#,
        )
    }

    #[test]
    fn a_warehouse_in_the_customers_country_comes_first_then_one_elsewhere_in_the_eu() {
        assert_eq!(choose(cc("FR"), &network()).route, ReturnRoute::ReturnWarehouse("ret-fr".into()));
        let r = choose(cc("DE"), &network());
        assert_eq!(r.route, ReturnRoute::ReturnWarehouse("ret-fr".into()));
        assert!(r.why.contains("in FR, inside the EU, as there is none in DE"), "{}", r.why);
    }

    #[test]
    fn a_warehouse_outside_the_eu_and_a_resale_hub_are_not_used() {
        let outside: Vec<ReturnLocation> = network().into_iter().filter(|l| l.id != "ret-fr").collect();
        let r = choose(cc("DE"), &outside);
        assert_eq!(r.route, ReturnRoute::Origin("shenzhen".into()));
        assert!(r.why.contains("no return warehouse in the EU"), "{}", r.why);
    }

    #[test]
    fn with_no_location_the_consumer_keeps_the_goods() {
        let r = choose(cc("DE"), &[]);
        assert_eq!(r.route, ReturnRoute::KeepItem);
        assert!(!r.travels());
    }
}
