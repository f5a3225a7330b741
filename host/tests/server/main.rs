//! Integration tests of `kaoping serve`: each module starts the real binary on a loopback
//! port with a real database file and drives it over HTTP.

mod access;
mod assets;
mod assignments;
mod backup;
mod bad_requests;
mod ballots;
mod crash;
mod publication;
mod reference;
mod review_forms;
mod support;
