//! Building blocks for carrier adapters.
