//! The built-in scoring plugin (issue 3).
