//! The words the store, the pipeline and the API share: where a shipment or a return stands,
//! which storefront a connection speaks, how a market picks a carrier.
//!
//! Each is an enum with one text form: the same word in the database, in the API's JSON (serde
//! names) and in outbound events. Text becomes an enum in exactly one place, the store's row
//! readers (and the setup file's and the API's deserialisers), through [`FromStr`], which
//! refuses an unknown word naming the words it knows, so that nothing else in crossdock compares
//! a status as a string. This module depends on nothing else in crossdock, so the store can use
//! it without depending on the pipeline or ingest.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Writes `as_str`, `ALL` and `FromStr` for a fieldless enum from one list of `Variant = "text"`
/// pairs, so the text forms cannot disagree between the two directions.
macro_rules! words {
    ($ty:ident, $what:literal, { $($variant:ident = $text:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in the order of the lifecycle.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stored (and JSON) text.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $text),+
                }
            }
        }

        impl FromStr for $ty {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, UnknownWord> {
                match s {
                    $($text => Ok($ty::$variant),)+
                    other => Err(UnknownWord {
                        what: $what,
                        value: other.to_owned(),
                        known: &[$($text),+],
                    }),
                }
            }
        }
    };
}

/// A text that names none of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a {what}: expected one of {}", known.join(", "))]
pub struct UnknownWord {
    /// What was expected (`shipment status`).
    pub what: &'static str,
    /// The text found.
    pub value: String,
    /// The texts that would have been accepted.
    pub known: &'static [&'static str],
}

/// Where a shipment stands. A shipment starts `pending`; the pipeline holds it or buys its
/// label; tracking moves a labelled one along the carrier's normalised statuses; a cancelled
/// order cancels a shipment without a label and voids one with a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ShipmentStatus {
    /// Created, not yet decided (customs, rating, label).
    Pending,
    /// Stopped with a reason (a customs finding, no rate, no market) for the merchant to act on.
    Held,
    /// The label is bought; the carrier has not picked the parcel up yet.
    Labelled,
    InTransit,
    OutForDelivery,
    /// Final: the tracker stops polling it.
    Delivered,
    /// The carrier reports a problem.
    Exception,
    /// Final: back with the sender.
    Returned,
    /// The order was cancelled; voiding the label failed and will be retried.
    VoidPending,
    /// The order was cancelled and the label voided.
    Voided,
    /// The order was cancelled and voiding the label failed for good.
    VoidFailed,
    /// The order was cancelled before a label was bought.
    Cancelled,
}

words!(ShipmentStatus, "shipment status", {
    Pending = "pending",
    Held = "held",
    Labelled = "labelled",
    InTransit = "in_transit",
    OutForDelivery = "out_for_delivery",
    Delivered = "delivered",
    Exception = "exception",
    Returned = "returned",
    VoidPending = "void_pending",
    Voided = "voided",
    VoidFailed = "void_failed",
    Cancelled = "cancelled",
});

/// Where a return request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReturnStatus {
    /// Received; the returns plugin has not decided yet.
    Requested,
    /// The plugin approved it; the label comes next.
    Approved,
    /// Approved; buying the return label is under way (or is retried).
    LabelPending,
    /// Final: the return label is bought.
    Labelled,
    /// Final: the plugin refused it.
    Refused,
    /// Stopped with a reason for the merchant to act on.
    Held,
}

words!(ReturnStatus, "return status", {
    Requested = "requested",
    Approved = "approved",
    LabelPending = "label_pending",
    Labelled = "labelled",
    Refused = "refused",
    Held = "held",
});

impl ReturnStatus {
    /// Decided for good: a retried request reports it instead of deciding again.
    pub fn is_settled(self) -> bool {
        matches!(self, ReturnStatus::Refused | ReturnStatus::Labelled | ReturnStatus::Held)
    }

    /// Still to be worked on by the pipeline.
    pub fn is_open(self) -> bool {
        matches!(self, ReturnStatus::Requested | ReturnStatus::Approved | ReturnStatus::LabelPending)
    }
}

/// Where an order stands. The pipeline records an order when it accepts it; what happens to
/// its goods afterwards is the status of its shipments. The store keeps the text; the admin
/// API reads it into this enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Normalised and split into shipments.
    Accepted,
}

words!(OrderStatus, "order status", {
    Accepted = "accepted",
});

/// How one plugin call ended. The pipeline writes the text of one of these; the admin API
/// reads it back into this enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunOutcome {
    /// The plugin answered.
    Ok,
    /// The plugin answered with an error of its own (a refusal, a carrier's error).
    Declined,
    /// The host stopped the call at a limit (fuel, time, memory).
    Limit,
    /// The call failed otherwise (a trap, a malformed answer).
    Failed,
}

words!(RunOutcome, "run outcome", {
    Ok = "ok",
    Declined = "declined",
    Limit = "limit",
    Failed = "failed",
});

/// Which storefront scheme a delivery came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Platform {
    /// Shopify HTTPS webhooks (`X-Shopify-*` headers).
    #[serde(rename = "shopify")]
    Shopify,
    /// WooCommerce webhooks (`X-WC-Webhook-*` headers).
    #[serde(rename = "woocommerce")]
    WooCommerce,
    /// Any sender that signs the Standard Webhooks way (`webhook-*` headers).
    #[serde(rename = "standard")]
    Standard,
}

words!(Platform, "storefront platform", {
    Shopify = "shopify",
    WooCommerce = "woocommerce",
    Standard = "standard",
});

impl fmt::Display for Platform {
    /// The name people know: `Shopify`, `WooCommerce`, `Standard Webhooks`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Platform::Shopify => "Shopify",
            Platform::WooCommerce => "WooCommerce",
            Platform::Standard => "Standard Webhooks",
        })
    }
}

/// How a market picks among rates: `cheapest` (the lowest price whose worst-case ETA is
/// within `max_eta_days`, if set) or `fastest` (the shortest worst-case ETA, then the lowest
/// price).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// The lowest price whose worst-case ETA is within `max_eta_days`, if set.
    #[default]
    Cheapest,
    /// The shortest worst-case ETA, then the lowest price.
    Fastest,
}

words!(Policy, "carrier policy", {
    Cheapest = "cheapest",
    Fastest = "fastest",
});

impl fmt::Display for ShipmentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for ReturnStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for RunOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value reads back from its text, and serde writes the same text, so the database,
    /// the API's JSON and the code agree on one word.
    fn round_trips<T>(all: &[T])
    where
        T: Copy + PartialEq + fmt::Debug + FromStr<Err = UnknownWord> + Serialize + for<'de> Deserialize<'de>,
        T: AsText,
    {
        for &value in all {
            let text = value.text();
            assert_eq!(text.parse::<T>(), Ok(value), "{text}");
            assert_eq!(serde_json::to_value(value).expect("serialises"), serde_json::json!(text));
            assert_eq!(serde_json::from_value::<T>(serde_json::json!(text)).expect("deserialises"), value);
        }
    }

    trait AsText {
        fn text(self) -> &'static str;
    }
    impl AsText for ShipmentStatus {
        fn text(self) -> &'static str {
            self.as_str()
        }
    }
    impl AsText for ReturnStatus {
        fn text(self) -> &'static str {
            self.as_str()
        }
    }
    impl AsText for OrderStatus {
        fn text(self) -> &'static str {
            self.as_str()
        }
    }
    impl AsText for RunOutcome {
        fn text(self) -> &'static str {
            self.as_str()
        }
    }
    impl AsText for Platform {
        fn text(self) -> &'static str {
            self.as_str()
        }
    }
    impl AsText for Policy {
        fn text(self) -> &'static str {
            self.as_str()
        }
    }

    #[test]
    fn every_shipment_status_round_trips_through_its_stored_text() {
        assert_eq!(ShipmentStatus::ALL.len(), 12);
        round_trips(ShipmentStatus::ALL);
    }

    #[test]
    fn every_return_status_round_trips_through_its_stored_text() {
        assert_eq!(ReturnStatus::ALL.len(), 6);
        round_trips(ReturnStatus::ALL);
    }

    #[test]
    fn every_order_status_and_run_outcome_round_trips_through_its_stored_text() {
        round_trips(OrderStatus::ALL);
        assert_eq!(RunOutcome::ALL.len(), 4);
        round_trips(RunOutcome::ALL);
    }

    #[test]
    fn every_platform_and_policy_round_trips_through_its_stored_text() {
        round_trips(Platform::ALL);
        round_trips(Policy::ALL);
    }

    #[test]
    fn an_unknown_stored_word_is_refused_naming_the_known_ones() {
        let err = "shipped".parse::<ShipmentStatus>().expect_err("unknown");
        assert_eq!(err.value, "shipped");
        assert!(
            err.to_string().starts_with("`shipped` is not a shipment status: expected one of pending, held,"),
            "{err}"
        );
        assert!("Labelled".parse::<ShipmentStatus>().is_err(), "case matters: the stored text is lowercase");
        assert!("accepted".parse::<ReturnStatus>().is_err());
        assert!("Shopify".parse::<Platform>().is_err());
        let err = "quickest".parse::<Policy>().expect_err("unknown");
        assert_eq!(err.to_string(), "`quickest` is not a carrier policy: expected one of cheapest, fastest");
    }
}
