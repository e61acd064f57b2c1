//! Output that never touches the terminal's modes: `check`, `summary` and the exports.
//! Every string from the data files passes through `text::sanitize` on its way out.

pub mod accounts;
pub mod check;
pub mod county;
pub mod export;
pub mod summary;
