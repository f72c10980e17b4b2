//! Homeward over HTTP, as callers and browsers see it: one test binary, a real server on a random port with a
//! database of its own per test (`support`), the JSON API (`api`), the pages (`pages`), and the committed OpenAPI
//! document (`openapi`).

mod api;
mod openapi;
mod pages;
mod support;
