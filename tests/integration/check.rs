//! Tests of `pm check` (to be written).
