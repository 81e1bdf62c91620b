//! The USPS international services this adapter sells, with their level and delivery window.
//!
//! A service code is USPS's own `mailClass`, so a rate, a label and the merchant's configuration
//! all name a service the way the USPS APIs do. First-Class Package International Service is
//! the UPU letter-post small packet ("tracked packet"), Priority Mail International the
//! parcel-post service, and Priority Mail Express International USPS's EMS product; all three
//! are tracked end to end and travel with a CN22 or CN23 declaration printed on the label.
//!
//! USPS gives no delivery commitment for international mail ("for deliveries with international
//! mail classes, there are no commitments", Shipping Options API 3.1.29, captured 2026-06-23;
//! CARRIERS.md §4.2), so the windows below are USPS's published estimates in business days, as
//! read 2026-11-25 from Shippo's "Quick Guide To USPS International Shipping" (2023-12-06) and
//! ShippingEasy's "What options do I have for USPS international shipping?" (undated), which
//! quote usps.com: Priority Mail Express International 3–5, Priority Mail International 6–10.
//! For First-Class Package International Service USPS says only "varies by destination"; its
//! window of 7–21 business days is crossdock's assumption, not a USPS figure.

use crossdock_sdk::ServiceLevel;

/// A USPS international mail class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailClass {
    FirstClassPackageInternational,
    PriorityMailInternational,
    PriorityMailExpressInternational,
}

/// Written as its USPS code (the configuration's tests write configurations out).
#[cfg(test)]
impl serde::Serialize for MailClass {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// What crossdock says about a mail class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    pub class: MailClass,
    pub name: &'static str,
    pub level: ServiceLevel,
    /// Business days, see the module docs for the source.
    pub eta_min_days: u32,
    pub eta_max_days: u32,
}

/// Every class, cheapest first.
pub const ALL: [MailClass; 3] = [
    MailClass::FirstClassPackageInternational,
    MailClass::PriorityMailInternational,
    MailClass::PriorityMailExpressInternational,
];

impl MailClass {
    /// The code USPS uses: `PRIORITY_MAIL_INTERNATIONAL`.
    pub fn code(self) -> &'static str {
        match self {
            Self::FirstClassPackageInternational => "FIRST-CLASS_PACKAGE_INTERNATIONAL_SERVICE",
            Self::PriorityMailInternational => "PRIORITY_MAIL_INTERNATIONAL",
            Self::PriorityMailExpressInternational => "PRIORITY_MAIL_EXPRESS_INTERNATIONAL",
        }
    }

    /// The class with this USPS code, ignoring case.
    pub fn from_code(code: &str) -> Option<Self> {
        ALL.into_iter().find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }

    pub fn service(self) -> Service {
        let (name, level, eta_min_days, eta_max_days) = match self {
            Self::FirstClassPackageInternational => {
                ("First-Class Package International Service", ServiceLevel::Economy, 7, 21)
            }
            Self::PriorityMailInternational => ("Priority Mail International", ServiceLevel::Standard, 6, 10),
            Self::PriorityMailExpressInternational => {
                ("Priority Mail Express International", ServiceLevel::Express, 3, 5)
            }
        };
        Service { class: self, name, level, eta_min_days, eta_max_days }
    }
}

/// `A, B or C`, for messages.
pub fn list(classes: &[MailClass]) -> String {
    let codes: Vec<String> = classes.iter().map(|c| format!("`{}`", c.code())).collect();
    match codes.split_last() {
        None => "none".into(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for class in ALL {
            assert_eq!(MailClass::from_code(class.code()), Some(class));
        }
        assert_eq!(MailClass::from_code("priority_mail_international"), Some(MailClass::PriorityMailInternational));
        assert_eq!(MailClass::from_code("GLOBAL_EXPRESS_GUARANTEED"), None);
    }

    #[test]
    fn tracked_packet_is_economy_and_parcel_post_standard() {
        assert_eq!(MailClass::FirstClassPackageInternational.service().level, ServiceLevel::Economy);
        assert_eq!(MailClass::PriorityMailInternational.service().level, ServiceLevel::Standard);
        assert_eq!(MailClass::PriorityMailExpressInternational.service().level, ServiceLevel::Express);
        assert!(ALL.iter().all(|c| c.service().eta_min_days <= c.service().eta_max_days));
    }

    #[test]
    fn lists_read_as_a_sentence() {
        assert_eq!(list(&[]), "none");
        assert_eq!(list(&[MailClass::PriorityMailInternational]), "`PRIORITY_MAIL_INTERNATIONAL`");
        assert_eq!(
            list(&ALL),
            "`FIRST-CLASS_PACKAGE_INTERNATIONAL_SERVICE`, `PRIORITY_MAIL_INTERNATIONAL` or `PRIORITY_MAIL_EXPRESS_INTERNATIONAL`"
        );
    }
}
