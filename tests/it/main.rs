//! conflictgraph's integration tests: one binary, the real CLI on a real on-disk store.

mod accuracy;
mod cli;
mod data;
mod golden;
mod interop;
mod scale;
mod remote;
mod serve;
mod support;
