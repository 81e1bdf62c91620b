//! UPS service codes: the name crossdock shows for each and the service level it sorts under.
//!
//! UPS rarely names its services in a rating answer (`Service.Description` is usually `""`,
//! CARRIERS.md §2.2), so names come from this table. Codes and names: UPS `Rating.yaml`
//! (`Service.Code`, snapshot of 2026-06-10) for the international codes 07, 08, 11, 54, 65, and
//! karrio's `modules/connectors/ups/karrio/providers/ups/services.csv` (2026-06-23) for the
//! names and the US domestic codes; both read 2026-11-25. The level is crossdock's own
//! grouping: time-definite air is `express`, day-definite and ground services `standard`.

use crossdock_sdk::ServiceLevel;

/// One service crossdock knows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    pub code: &'static str,
    pub name: &'static str,
    pub level: ServiceLevel,
}

const fn service(code: &'static str, name: &'static str, level: ServiceLevel) -> Service {
    Service { code, name, level }
}

/// Every service this adapter names, international first.
pub const SERVICES: &[Service] = &[
    service("07", "UPS Worldwide Express", ServiceLevel::Express),
    service("08", "UPS Worldwide Expedited", ServiceLevel::Standard),
    service("11", "UPS Standard", ServiceLevel::Standard),
    service("54", "UPS Worldwide Express Plus", ServiceLevel::Express),
    service("65", "UPS Worldwide Saver", ServiceLevel::Express),
    service("01", "UPS Next Day Air", ServiceLevel::Express),
    service("02", "UPS 2nd Day Air", ServiceLevel::Express),
    service("03", "UPS Ground", ServiceLevel::Standard),
    service("12", "UPS 3 Day Select", ServiceLevel::Standard),
    service("13", "UPS Next Day Air Saver", ServiceLevel::Express),
    service("14", "UPS Next Day Air Early", ServiceLevel::Express),
    service("59", "UPS 2nd Day Air A.M.", ServiceLevel::Express),
];

/// The international services a binding offers unless its configuration says otherwise.
pub const DEFAULT_CODES: [&str; 5] = ["07", "08", "11", "54", "65"];

/// The known service with this code.
pub fn known(code: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.code == code)
}

/// Name and level of `code`: from the table, else the name UPS gave (`Description`, or the
/// time-in-transit summary's), else "UPS service {code}"; unknown services count as standard.
pub fn describe(code: &str, ups_names: &[Option<&str>]) -> (String, ServiceLevel) {
    if let Some(s) = known(code) {
        return (s.name.to_owned(), s.level);
    }
    let named = ups_names.iter().flatten().map(|n| n.trim()).find(|n| !n.is_empty());
    (named.map_or_else(|| format!("UPS service {code}"), str::to_owned), ServiceLevel::Standard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_code_is_named() {
        for code in DEFAULT_CODES {
            assert!(known(code).is_some(), "{code}");
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = SERVICES.iter().map(|s| s.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), SERVICES.len());
    }

    #[test]
    fn an_unknown_code_takes_the_name_ups_gave_or_a_generic_one() {
        assert_eq!(describe("65", &[Some("")]).0, "UPS Worldwide Saver");
        assert_eq!(
            describe("96", &[Some(""), Some("UPS Worldwide Express Freight")]).0,
            "UPS Worldwide Express Freight"
        );
        assert_eq!(describe("96", &[None]), ("UPS service 96".to_owned(), ServiceLevel::Standard));
    }
}
