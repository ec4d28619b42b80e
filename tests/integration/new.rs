//! Tests of `pm new` (to be written).
