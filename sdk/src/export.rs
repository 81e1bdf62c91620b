//! The export macros: the glue between a plugin's trait impl and the WIT world.
//!
//! Each macro expands, inside the plugin crate, to the world's `wit-bindgen` bindings, the
//! conversions between generated and validated types, a [`HostApi`](crate::HostApi) over the
//! host's imports, and the `Guest` impl that the component exports. Input the host sends is
//! validated once more on the way in; a plugin can therefore rely on every code being valid.

/// Shared by all three export macros: bindings, conversions and the host imports.
#[doc(hidden)]
#[macro_export]
macro_rules! __export_common {
    ($generate:ident) => {
        $crate::$generate!();
        $crate::impl_wire!(self::crossdock::plugin::types);

        use self::crossdock::plugin::host as __host;
        use $crate::Wire as _;

        struct __Host;

        impl __Host {
            fn level(level: $crate::LogLevel) -> __host::LogLevel {
                match level {
                    $crate::LogLevel::Trace => __host::LogLevel::Trace,
                    $crate::LogLevel::Debug => __host::LogLevel::Debug,
                    $crate::LogLevel::Info => __host::LogLevel::Info,
                    $crate::LogLevel::Warn => __host::LogLevel::Warn,
                    $crate::LogLevel::Error => __host::LogLevel::Error,
                }
            }

            fn fx(from: $crate::CurrencyCode, to: $crate::CurrencyCode) -> Option<$crate::FxRate> {
                let rate = __host::exchange_rate(from.as_str(), to.as_str())?;
                Some($crate::FxRate { from, to, micros: rate.micros, date: rate.date })
            }
        }

        fn __input<W, T: $crate::Wire<W>>(wire: W) -> Result<T, $crate::ContractError> {
            T::from_wire(wire)
        }
    };
}

/// Exports a [`CustomsPlugin`](crate::CustomsPlugin) as the component's `customs` world.
#[macro_export]
macro_rules! export_customs {
    ($plugin:ty) => {
        #[doc(hidden)]
        #[allow(dead_code, unused_imports, clippy::all)]
        mod __crossdock_customs {
            use super::*;
            $crate::__export_common!(__generate_customs);

            impl $crate::HostApi for __Host {
                fn log(&self, level: $crate::LogLevel, message: &str) {
                    __host::log(Self::level(level), message)
                }
                fn config_json(&self) -> String {
                    __host::config()
                }
                fn now(&self) -> $crate::Timestamp {
                    $crate::Timestamp::from_unix(__host::now())
                }
                fn fx_rate(&self, from: $crate::CurrencyCode, to: $crate::CurrencyCode) -> Option<$crate::FxRate> {
                    Self::fx(from, to)
                }
            }


            struct __Glue;

            impl Guest for __Glue {
                fn metadata() -> self::crossdock::plugin::types::Metadata {
                    <$plugin as $crate::CustomsPlugin>::metadata().into_wire()
                }

                fn assess(
                    shipment: self::crossdock::plugin::types::Shipment,
                ) -> Result<self::crossdock::plugin::types::Assessment, self::crossdock::plugin::types::PluginError> {
                    let ctx = $crate::Ctx::new(&__Host);
                    let shipment = __input(shipment)
                        .map_err(|e| $crate::PluginError::new("invalid_input", format!("shipment.{e}")).into_wire())?;
                    <$plugin as $crate::CustomsPlugin>::assess(&ctx, shipment)
                        .map($crate::Wire::into_wire)
                        .map_err($crate::Wire::into_wire)
                }
            }

            export!(__Glue with_types_in self);
        }
    };
}

/// Exports a [`ReturnsPlugin`](crate::ReturnsPlugin) as the component's `returns` world.
#[macro_export]
macro_rules! export_returns {
    ($plugin:ty) => {
        #[doc(hidden)]
        #[allow(dead_code, unused_imports, clippy::all)]
        mod __crossdock_returns {
            use super::*;
            $crate::__export_common!(__generate_returns);

            impl $crate::HostApi for __Host {
                fn log(&self, level: $crate::LogLevel, message: &str) {
                    __host::log(Self::level(level), message)
                }
                fn config_json(&self) -> String {
                    __host::config()
                }
                fn now(&self) -> $crate::Timestamp {
                    $crate::Timestamp::from_unix(__host::now())
                }
                fn fx_rate(&self, from: $crate::CurrencyCode, to: $crate::CurrencyCode) -> Option<$crate::FxRate> {
                    Self::fx(from, to)
                }
            }

            struct __Glue;

            impl Guest for __Glue {
                fn metadata() -> self::crossdock::plugin::types::Metadata {
                    <$plugin as $crate::ReturnsPlugin>::metadata().into_wire()
                }

                fn evaluate(
                    request: self::crossdock::plugin::types::ReturnRequest,
                ) -> Result<self::crossdock::plugin::types::Decision, self::crossdock::plugin::types::PluginError> {
                    let ctx = $crate::Ctx::new(&__Host);
                    let request = __input(request)
                        .map_err(|e| $crate::PluginError::new("invalid_input", format!("request.{e}")).into_wire())?;
                    <$plugin as $crate::ReturnsPlugin>::evaluate(&ctx, request)
                        .map($crate::Wire::into_wire)
                        .map_err($crate::Wire::into_wire)
                }
            }

            export!(__Glue with_types_in self);
        }
    };
}

/// Exports a [`CarrierPlugin`](crate::CarrierPlugin) as the component's `carrier` world.
#[macro_export]
macro_rules! export_carrier {
    ($plugin:ty) => {
        #[doc(hidden)]
        #[allow(dead_code, unused_imports, clippy::all)]
        mod __crossdock_carrier {
            use super::*;
            $crate::__export_common!(__generate_carrier);
            use self::crossdock::plugin::http as __http;
            use self::crossdock::plugin::types as __t;

            impl $crate::HostApi for __Host {
                fn log(&self, level: $crate::LogLevel, message: &str) {
                    __host::log(Self::level(level), message)
                }
                fn config_json(&self) -> String {
                    __host::config()
                }
                fn now(&self) -> $crate::Timestamp {
                    $crate::Timestamp::from_unix(__host::now())
                }
                fn fx_rate(&self, from: $crate::CurrencyCode, to: $crate::CurrencyCode) -> Option<$crate::FxRate> {
                    Self::fx(from, to)
                }
                fn fetch(&self, request: $crate::HttpRequest) -> Result<$crate::HttpResponse, $crate::HttpError> {
                    let method = match request.method {
                        $crate::HttpMethod::Get => __http::Method::Get,
                        $crate::HttpMethod::Post => __http::Method::Post,
                        $crate::HttpMethod::Put => __http::Method::Put,
                        $crate::HttpMethod::Delete => __http::Method::Delete,
                    };
                    let wire = __http::Request { method, url: request.url, headers: request.headers, body: request.body };
                    match __http::fetch(&wire) {
                        Ok(r) => Ok($crate::HttpResponse { status: r.status, headers: r.headers, body: r.body }),
                        Err(__http::HttpError::Denied(why)) => Err($crate::HttpError::Denied(why)),
                        Err(__http::HttpError::Timeout) => Err($crate::HttpError::Timeout),
                        Err(__http::HttpError::TooLarge(cap)) => Err($crate::HttpError::TooLarge(cap)),
                        Err(__http::HttpError::Failed(why)) => Err($crate::HttpError::Failed(why)),
                    }
                }
                fn secret(&self, name: &str) -> Option<String> {
                    __http::secret(name)
                }
            }

            fn __bad_input(e: $crate::ContractError) -> __t::CarrierError {
                __t::CarrierError::InvalidRequest(format!("request.{e}"))
            }

            struct __Glue;

            impl Guest for __Glue {
                fn metadata() -> __t::Metadata {
                    <$plugin as $crate::CarrierPlugin>::metadata().into_wire()
                }

                fn rate(request: __t::RateRequest) -> Result<Vec<__t::Rate>, __t::CarrierError> {
                    let ctx = $crate::Ctx::new(&__Host);
                    let request = __input(request).map_err(__bad_input)?;
                    <$plugin as $crate::CarrierPlugin>::rate(&ctx, request)
                        .map($crate::Wire::into_wire)
                        .map_err($crate::Wire::into_wire)
                }

                fn create_label(request: __t::LabelRequest) -> Result<__t::Label, __t::CarrierError> {
                    let ctx = $crate::Ctx::new(&__Host);
                    let request = __input(request).map_err(__bad_input)?;
                    <$plugin as $crate::CarrierPlugin>::create_label(&ctx, request)
                        .map($crate::Wire::into_wire)
                        .map_err($crate::Wire::into_wire)
                }

                fn void_label(tracking_number: String) -> Result<(), __t::CarrierError> {
                    let ctx = $crate::Ctx::new(&__Host);
                    <$plugin as $crate::CarrierPlugin>::void_label(&ctx, &tracking_number).map_err($crate::Wire::into_wire)
                }

                fn track(tracking_number: String) -> Result<__t::Tracking, __t::CarrierError> {
                    let ctx = $crate::Ctx::new(&__Host);
                    <$plugin as $crate::CarrierPlugin>::track(&ctx, &tracking_number)
                        .map($crate::Wire::into_wire)
                        .map_err($crate::Wire::into_wire)
                }
            }

            export!(__Glue with_types_in self);
        }
    };
}
