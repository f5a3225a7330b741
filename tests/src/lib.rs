//! Support for the end-to-end tests in `all/`.
