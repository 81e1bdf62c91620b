//! Crossing the wasm boundary: conversions between the contract's validated types and the
//! plain types that `wit-bindgen` (in a plugin) and `wasmtime::component::bindgen!` (in the
//! host) generate from the same WIT.
//!
//! Both generators turn a WIT record into a Rust struct with the same field names, and a WIT
//! enum or variant into a Rust enum with the same variant names, so one macro,
//! [`impl_wire!`](crate::impl_wire), writes the conversions for either side. Going towards the
//! validated types can fail (a plugin may return `"EURO"`), and the error names the field
//! path: `lines[2].duty.currency: "EURO" is not an ISO 4217 currency code`.

use std::fmt;

use crate::{CountryCode, CurrencyCode, HsCode, Timestamp};

/// A value that broke the contract, with the path of the field that held it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractError {
    path: Vec<String>,
    message: String,
}

impl ContractError {
    pub fn new(message: impl Into<String>) -> Self {
        Self { path: Vec::new(), message: message.into() }
    }

    /// Prefixes the path with a field name.
    pub fn at(mut self, field: &str) -> Self {
        self.path.push(field.to_owned());
        self
    }

    /// Prefixes the path with a list index.
    pub fn at_index(mut self, index: usize) -> Self {
        self.path.push(format!("[{index}]"));
        self
    }

    /// The dotted path of the offending field, outermost first.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for part in self.path.iter().rev() {
            if !out.is_empty() && !part.starts_with('[') {
                out.push('.');
            }
            out.push_str(part);
        }
        out
    }
}

impl fmt::Display for ContractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() { f.write_str(&self.message) } else { write!(f, "{}: {}", self.path(), self.message) }
    }
}

impl std::error::Error for ContractError {}

/// A contract type `Self` that travels as the generated type `W`.
pub trait Wire<W>: Sized {
    /// Validates a value that came across the boundary.
    fn from_wire(wire: W) -> Result<Self, ContractError>;
    /// Lowers a value to send across the boundary.
    fn into_wire(self) -> W;
    /// The payload size of the value: bytes of text and binary data, plus 8 per number,
    /// flag or list. Close to the JSON size without its punctuation and keys, and computed
    /// without formatting anything; the host's input and output caps are checked against it.
    fn wire_size(&self) -> usize;
    /// The same payload size, measured on the generated value before it is validated and
    /// converted: the host checks a plugin's output against its cap with this, so an
    /// oversized result is refused without the conversion's copies.
    fn wire_size_of(wire: &W) -> usize;
}

/// [`Wire::wire_size_of`] for a field of a record: `field` names the field of the contract
/// type, which picks the conversion (several contract types travel as the same wire type).
#[doc(hidden)]
#[inline]
pub fn field_size<M, T: Wire<W>, W>(_field: fn(&M) -> &T, wire: &W) -> usize {
    T::wire_size_of(wire)
}

macro_rules! identity_wire {
    ($($t:ty),*) => {$(
        impl Wire<$t> for $t {
            #[inline]
            fn from_wire(wire: $t) -> Result<Self, ContractError> {
                Ok(wire)
            }
            #[inline]
            fn into_wire(self) -> $t {
                self
            }
            #[inline]
            fn wire_size(&self) -> usize {
                8
            }
            #[inline]
            fn wire_size_of(_wire: &$t) -> usize {
                8
            }
        }
    )*};
}

identity_wire!((), bool, u8, u16, u32, u64, i64);

impl Wire<String> for String {
    #[inline]
    fn from_wire(wire: String) -> Result<Self, ContractError> {
        Ok(wire)
    }
    #[inline]
    fn into_wire(self) -> String {
        self
    }
    #[inline]
    fn wire_size(&self) -> usize {
        self.len()
    }
    #[inline]
    fn wire_size_of(wire: &String) -> usize {
        wire.len()
    }
}

macro_rules! code_wire {
    ($($t:ty),*) => {$(
        impl Wire<String> for $t {
            fn from_wire(wire: String) -> Result<Self, ContractError> {
                <$t>::try_from(wire).map_err(|e: crate::CodeError| ContractError::new(e.to_string()))
            }
            fn into_wire(self) -> String {
                self.into()
            }
            fn wire_size(&self) -> usize {
                self.as_str().len()
            }
            fn wire_size_of(wire: &String) -> usize {
                wire.len()
            }
        }
    )*};
}

code_wire!(CountryCode, CurrencyCode, HsCode);

impl Wire<i64> for Timestamp {
    fn from_wire(wire: i64) -> Result<Self, ContractError> {
        Ok(Timestamp::from_unix(wire))
    }
    fn into_wire(self) -> i64 {
        self.unix()
    }
    fn wire_size(&self) -> usize {
        8
    }
    fn wire_size_of(_wire: &i64) -> usize {
        8
    }
}

impl<W, T: Wire<W>> Wire<Vec<W>> for Vec<T> {
    fn from_wire(wire: Vec<W>) -> Result<Self, ContractError> {
        wire.into_iter().enumerate().map(|(i, w)| T::from_wire(w).map_err(|e| e.at_index(i))).collect()
    }
    fn into_wire(self) -> Vec<W> {
        self.into_iter().map(T::into_wire).collect()
    }
    fn wire_size(&self) -> usize {
        8 + self.iter().map(T::wire_size).sum::<usize>()
    }
    fn wire_size_of(wire: &Vec<W>) -> usize {
        8 + wire.iter().map(T::wire_size_of).sum::<usize>()
    }
}

impl<W, T: Wire<W>> Wire<Option<W>> for Option<T> {
    fn from_wire(wire: Option<W>) -> Result<Self, ContractError> {
        wire.map(T::from_wire).transpose()
    }
    fn into_wire(self) -> Option<W> {
        self.map(T::into_wire)
    }
    fn wire_size(&self) -> usize {
        8 + self.as_ref().map_or(0, T::wire_size)
    }
    fn wire_size_of(wire: &Option<W>) -> usize {
        8 + wire.as_ref().map_or(0, T::wire_size_of)
    }
}

/// Serde helper: bytes as standard base64 text.
pub mod base64_bytes {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        STANDARD.decode(text.as_bytes()).map_err(serde::de::Error::custom)
    }
}

#[doc(hidden)]
#[macro_export]
macro_rules! __wire_record {
    ($ty:ident { $($f:ident),* $(,)? }) => {
        impl Wire<w::$ty> for m::$ty {
            fn from_wire(x: w::$ty) -> Result<Self, ContractError> {
                Ok(Self { $( $f: Wire::from_wire(x.$f).map_err(|e| e.at(stringify!($f)))?, )* })
            }
            fn into_wire(self) -> w::$ty {
                w::$ty { $( $f: Wire::into_wire(self.$f), )* }
            }
            fn wire_size(&self) -> usize {
                0 $( + Wire::<_>::wire_size(&self.$f) )*
            }
            fn wire_size_of(x: &w::$ty) -> usize {
                0 $( + $crate::wire::field_size(|m: &m::$ty| &m.$f, &x.$f) )*
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __wire_enum {
    ($ty:ident { $($v:ident),* $(,)? }) => {
        impl Wire<w::$ty> for m::$ty {
            fn from_wire(x: w::$ty) -> Result<Self, ContractError> {
                Ok(match x { $( w::$ty::$v => m::$ty::$v, )* })
            }
            fn into_wire(self) -> w::$ty {
                match self { $( m::$ty::$v => w::$ty::$v, )* }
            }
            fn wire_size(&self) -> usize {
                8
            }
            fn wire_size_of(_x: &w::$ty) -> usize {
                8
            }
        }
    };
}

/// Writes [`Wire`] conversions between the contract types and the types generated from
/// `crossdock:plugin/types` at `$w` (a path to the generated `types` module).
///
/// Used once by the host and once by every plugin (through the SDK's export macros).
#[macro_export]
macro_rules! impl_wire {
    ($w:path) => {
        const _: () = {
            use $crate::model as m;
            use $crate::wire::{ContractError, Wire};
            use $w as w;

            impl Wire<w::Money> for $crate::Money {
                fn from_wire(x: w::Money) -> Result<Self, ContractError> {
                    let currency = Wire::from_wire(x.currency).map_err(|e: ContractError| e.at("currency"))?;
                    Ok($crate::Money::new(x.amount, currency))
                }
                fn into_wire(self) -> w::Money {
                    w::Money { amount: self.amount, currency: self.currency.into() }
                }
                fn wire_size(&self) -> usize {
                    16
                }
                fn wire_size_of(_x: &w::Money) -> usize {
                    16
                }
            }

            $crate::__wire_record!(Address { name, company, street, city, region, postal_code, country, phone, email });
            $crate::__wire_record!(Item { sku, title, quantity, unit_price, unit_weight_g, hs_code, origin_country });
            $crate::__wire_enum!(Incoterm { Ddp, Dap });
            $crate::__wire_record!(Parcel { weight_g, length_mm, width_mm, height_mm });
            $crate::__wire_record!(Shipment { id, origin, destination, incoterm, currency, shipping_cost, items });

            $crate::__wire_enum!(CollectAt { Checkout, Delivery });
            $crate::__wire_enum!(Document { CommercialInvoice, Cn22, Cn23, CertificateOfOrigin });
            $crate::__wire_enum!(Severity { Info, Warning, Blocking });
            $crate::__wire_record!(Finding { severity, code, sku, message });
            $crate::__wire_record!(AssessmentLine {
                sku,
                hs_code,
                customs_value,
                duty_rate_bp,
                duty,
                tax_rate_bp,
                tax
            });
            $crate::__wire_record!(Assessment {
                lines,
                duty,
                tax,
                de_minimis_applied,
                collect,
                documents,
                findings,
                rules_as_of
            });

            $crate::__wire_enum!(ServiceLevel { Economy, Standard, Express });
            $crate::__wire_record!(RateRequest { shipment, parcels });
            $crate::__wire_record!(Rate {
                carrier,
                service_code,
                service_name,
                level,
                price,
                eta_min_days,
                eta_max_days
            });
            $crate::__wire_record!(LabelRequest { shipment, parcels, service_code, is_return });
            $crate::__wire_enum!(LabelFormat { Pdf, Zpl, Png });
            $crate::__wire_record!(Label { carrier, service_code, tracking_number, format, data, price });
            $crate::__wire_enum!(TrackingStatus {
                PreTransit,
                InTransit,
                OutForDelivery,
                Delivered,
                Exception,
                Returned
            });
            $crate::__wire_record!(TrackingEvent { status, time, location, description, raw_code });
            $crate::__wire_record!(Tracking { tracking_number, status, events, estimated_delivery });

            impl Wire<w::CarrierError> for m::CarrierError {
                fn from_wire(x: w::CarrierError) -> Result<Self, ContractError> {
                    use w::CarrierError as W;
                    Ok(match x {
                        W::InvalidRequest(s) => Self::InvalidRequest(s),
                        W::AddressRejected(s) => Self::AddressRejected(s),
                        W::ServiceUnavailable(s) => Self::ServiceUnavailable(s),
                        W::AuthFailed(s) => Self::AuthFailed(s),
                        W::Timeout(s) => Self::Timeout(s),
                        W::BadResponse(s) => Self::BadResponse(s),
                        W::NotFound(s) => Self::NotFound(s),
                    })
                }
                fn into_wire(self) -> w::CarrierError {
                    use w::CarrierError as W;
                    match self {
                        Self::InvalidRequest(s) => W::InvalidRequest(s),
                        Self::AddressRejected(s) => W::AddressRejected(s),
                        Self::ServiceUnavailable(s) => W::ServiceUnavailable(s),
                        Self::AuthFailed(s) => W::AuthFailed(s),
                        Self::Timeout(s) => W::Timeout(s),
                        Self::BadResponse(s) => W::BadResponse(s),
                        Self::NotFound(s) => W::NotFound(s),
                    }
                }
                fn wire_size(&self) -> usize {
                    8 + match self {
                        Self::InvalidRequest(s)
                        | Self::AddressRejected(s)
                        | Self::ServiceUnavailable(s)
                        | Self::AuthFailed(s)
                        | Self::Timeout(s)
                        | Self::BadResponse(s)
                        | Self::NotFound(s) => s.len(),
                    }
                }
                fn wire_size_of(x: &w::CarrierError) -> usize {
                    use w::CarrierError as W;
                    8 + match x {
                        W::InvalidRequest(s)
                        | W::AddressRejected(s)
                        | W::ServiceUnavailable(s)
                        | W::AuthFailed(s)
                        | W::Timeout(s)
                        | W::BadResponse(s)
                        | W::NotFound(s) => s.len(),
                    }
                }
            }

            $crate::__wire_record!(ReturnItem { sku, quantity, unit_price, reason, final_sale, hygiene, resellable });
            $crate::__wire_enum!(LocationKind { ReturnWarehouse, RegionalHub, Origin });
            $crate::__wire_record!(ReturnLocation { id, kind, address });
            $crate::__wire_record!(ReturnRequest {
                id,
                order_id,
                customer,
                ordered_at,
                delivered_at,
                requested_at,
                items,
                original_shipping,
                locations
            });
            $crate::__wire_record!(ItemDecision { sku, quantity, eligible, reason, refund });

            impl Wire<w::ReturnRoute> for m::ReturnRoute {
                fn from_wire(x: w::ReturnRoute) -> Result<Self, ContractError> {
                    use w::ReturnRoute as W;
                    Ok(match x {
                        W::ReturnWarehouse(s) => Self::ReturnWarehouse(s),
                        W::RegionalHub(s) => Self::RegionalHub(s),
                        W::Origin(s) => Self::Origin(s),
                        W::Dispose => Self::Dispose,
                        W::KeepItem => Self::KeepItem,
                    })
                }
                fn into_wire(self) -> w::ReturnRoute {
                    use w::ReturnRoute as W;
                    match self {
                        Self::ReturnWarehouse(s) => W::ReturnWarehouse(s),
                        Self::RegionalHub(s) => W::RegionalHub(s),
                        Self::Origin(s) => W::Origin(s),
                        Self::Dispose => W::Dispose,
                        Self::KeepItem => W::KeepItem,
                    }
                }
                fn wire_size(&self) -> usize {
                    8 + match self {
                        Self::ReturnWarehouse(s) | Self::RegionalHub(s) | Self::Origin(s) => s.len(),
                        Self::Dispose | Self::KeepItem => 0,
                    }
                }
                fn wire_size_of(x: &w::ReturnRoute) -> usize {
                    use w::ReturnRoute as W;
                    8 + match x {
                        W::ReturnWarehouse(s) | W::RegionalHub(s) | W::Origin(s) => s.len(),
                        W::Dispose | W::KeepItem => 0,
                    }
                }
            }

            $crate::__wire_record!(Decision { approved, items, refund, fees, prepaid_label, route, notes });

            $crate::__wire_enum!(PluginKind { Customs, Carrier, Returns });
            $crate::__wire_record!(Metadata { name, version, kind, description, covers, config_schema });
            $crate::__wire_record!(PluginError { code, message });
        };
    };
}
