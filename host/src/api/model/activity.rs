//! Bodies of what a merchant watches: plugins, orders, shipments, returns, events, plugin runs
//! and the audit log.
