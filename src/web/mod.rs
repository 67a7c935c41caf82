//! The only module that speaks to JavaScript (wasm32 only).
