//! 考评 browser widgets. Not built yet: see issue 5.
#![forbid(unsafe_code)]
