//! Building blocks for customs plugins.
