//! Tests of `pm bad input` (to be written).
