//! Newtype identifiers, so a case number is never passed where a prosecutor is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }
    };
}

id!(
    /// 检察官编号, e.g. `P01`.
    ProsecutorId
);
id!(
    /// 案件编号, e.g. `临检刑诉〔2019〕12号`.
    CaseId
);
id!(
    /// A department (部门), by its name, e.g. `第一检察部`.
    DepartmentId
);
id!(
    /// A dimension's key in a rule set, e.g. `quantity`.
    DimensionKey
);
id!(
    /// An indicator's key in a rule set, e.g. `weighted_cases`.
    IndicatorKey
);
