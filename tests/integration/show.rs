//! Tests of `pm show` (to be written).
