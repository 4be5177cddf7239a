//! The WebAssembly bindings' tests, run in node (`wasm-pack test --node`).
#![cfg(target_arch = "wasm32")]

mod wasm_common;
