//! The support code of every server mcp-gen generates, as a crate of its
//! own so that it is compiled, linted and unit-tested once.
//!
//! - [`runtime`]: builds each upstream request from an operation's typed
//!   arguments (OpenAPI parameter styles, percent-encoding, bodies), sends it
//!   with a bounded concurrency and response size, matches resource URIs
//!   against RFC 6570 templates, turns responses into MCP results, and
//!   chooses the tools clients see (toolsets, read-only, discovery mode);
//! - [`auth`]: reads credentials from the environment and adds them to
//!   requests (API keys, HTTP bearer and basic, OAuth2 client credentials);
//! - [`validate`]: checks tool arguments against the tool's input schema.
//!
//! # The boundary with a generated crate
//!
//! mcp-gen embeds these files (`include_str!`) and writes them into each
//! crate at the same paths (`src/runtime.rs` with the files of
//! `src/runtime/`, `src/auth.rs`, `src/validate.rs`), so a
//! generated crate needs nothing but crates.io. The modules refer to each
//! other only as `crate::runtime`, `crate::auth` and `crate::validate`, and
//! to nothing else of the crate they are compiled into: the user's hooks
//! come in as [`runtime::Hooks`]. A generated crate could therefore depend
//! on a published `mcp-gen-runtime` instead, with
//! `pub use mcp_gen_runtime::{auth, runtime, validate};` in its `lib.rs`.

pub mod auth;
pub mod http;
pub mod oauth;
pub mod runtime;
pub mod sse;
pub mod validate;
