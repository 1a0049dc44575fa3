//! The product's rules in one place, shared by the browser app and the reference
//! backend: the limits table, text length, validators, file sniffing, product
//! statuses and transitions, and the JSON types of the `/api/v1` contract.
//!
//! Pure Rust: no web, server or I/O dependency, and nothing here panics on input.

pub mod diff;
pub mod error;
pub mod model;
pub mod path;
pub mod review;
pub mod rules;
pub mod slot;
pub mod sniff;
pub mod status;
pub mod structure;
pub mod text;
pub mod validate;

pub use error::{ApiError, ErrorKey, FieldError};
pub use rules::{RuleId, RULES};
pub use slot::FileSlot;
pub use sniff::{sniff, FileKind};
pub use status::{transition, ChangeStatus, Operation, Outcome, Role, State, Status, Tab, TransitionError};
pub use text::text_len;
