//! The postmortem meeting: its settings (`meeting:` of pm.yaml), the agenda, the proposed
//! slot, who is invited, and the iCalendar invitation. `pm schedule` and `pm meeting`
//! build on it.

pub mod settings;
pub mod sheet;

pub use settings::Settings;
pub mod agenda;
pub mod ics;
pub mod invite;
pub mod slot;
