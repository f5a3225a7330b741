//! 案-件比 and 认罪认罚从宽适用率.
//!
//! TEMPORARY SHIM written by the engine author so the evaluation compiles; the metrics
//! owner replaces this file freely, keeping `CaseRatioDefinition`,
//! `CaseRatio { matters, proceedings }` and `case_ratio(&[&Case], CaseRatioDefinition)`.

use crate::model::Case;
use serde::{Deserialize, Serialize};

/// How 案-件比 is counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseRatioDefinition {
    /// 案 = cases; 件 = Σ (1 + 退补 + 延长).
    #[default]
    Simple,
    /// The national index definition.
    National,
}

/// 案 and 件.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseRatio {
    /// 案
    pub matters: u64,
    /// 件
    pub proceedings: u64,
}

/// 案-件比 over `cases`.
pub fn case_ratio(cases: &[&Case], definition: CaseRatioDefinition) -> CaseRatio {
    let extra: u64 = cases.iter().map(|c| c.proceedings() - 1).sum();
    let matters = match definition {
        CaseRatioDefinition::Simple => cases.len() as u64,
        CaseRatioDefinition::National => {
            let arrest = cases.iter().filter(|c| c.kind == "审查逮捕").count() as u64;
            let prosecution = cases.iter().filter(|c| c.kind == "审查起诉").count() as u64;
            let already = cases
                .iter()
                .filter(|c| c.kind == "审查起诉" && c.previously_arrested)
                .count() as u64;
            arrest + prosecution - already
        }
    };
    CaseRatio {
        matters,
        proceedings: matters + extra,
    }
}
