//! Tests of `pm list` (to be written).
