//! Tests of `pm index` (to be written).
