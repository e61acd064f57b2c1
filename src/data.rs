//! The data layer: model, loading, validation and derived indicators. Knows nothing of the
//! terminal.

pub mod accounts;
pub mod consistency;
pub mod county;
pub mod diagnostic;
pub mod fast;
pub mod indicators;
pub mod load;
pub mod model;
pub mod raw;
pub mod records;
pub mod source;

pub use diagnostic::{Diagnostic, Severity};
pub use indicators::Indicators;
pub use load::{Cancelled, LoadOutcome, load, load_cancellable};
pub use model::*;
pub use source::DataDir;
