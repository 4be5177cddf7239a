//! The report's outputs, for every face: diagnostics for people, JSON Lines and SARIF for tools,
//! the rule reference, and what they need of the text besides the report (line and column of an
//! offset, the line around a finding, a finding's fingerprint).
//!
//! They are the core's because every face emits them: the command line today, and the Node,
//! Python and CI faces of issue 20 the same documents, byte for byte. A face reads input, calls
//! the scan with [`Places`](places::Places) gathered from its windows, and hands both here.
//! Nothing here judges text; everything here prints it inert ([`inert`]).

pub mod baseline;
pub mod diagnostics;
pub mod inert;
pub mod json;
pub mod location;
pub mod places;
pub mod rules;
pub mod sarif;
pub mod writer;
