//! End-to-end tests of the browser widgets: a real `kaoping serve --demo`, Debian's
//! `chromium` driven through `chromium-driver` (fantoccini), the demo portal page.
//!
//! Needs `/usr/bin/chromium` and `/usr/bin/chromedriver` (`apt-get install chromium
//! chromium-driver`). Without them the tests say so and pass, except under `CI`, where
//! they fail. Screenshots land in `<target>/tmp/browser/`.

mod ballot;
mod budgets;
mod form;
mod harness;
mod isolation;
mod stub;
mod views;
