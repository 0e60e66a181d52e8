//! conflictgraph's integration tests: one binary, the real CLI on a real on-disk store.

mod accuracy;
mod cli;
mod crash;
mod data;
mod golden;
mod hostile;
mod interop;
mod properties;
mod remote;
mod scale;
mod serve;
mod support;
