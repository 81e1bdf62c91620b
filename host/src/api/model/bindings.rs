//! Bodies of the bindings of plugins to markets.
