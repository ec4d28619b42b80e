//! Tests of `pm cli` (to be written).
