//! Tests of `pm init` (to be written).
