//! The canonical text of a population, its digest, and the verification of a
//! [`ProofRecord`]. `docs/sampling.md` states the same rules for people and browsers.

use super::{
    ALGORITHM, ALGORITHM_VERSION, ChosenCase, PopulationEntry, ProofRecord, SampleError,
    Stratification, check_case_number, check_parameters, check_stratum, draw_hash, hex, select,
};
use crate::ids::CaseId;
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The canonical text of a population (version 1): one line per entry, in the given
/// order, `案件编号 TAB 类别 TAB 原因,原因 LF`, where 类别 is empty when not stratified and
/// the reasons are the Chinese labels joined by ASCII commas (empty if none).
///
/// # Example
/// ```
/// use kaoping_shared::sampling::{canonical_population_text, MustReview, PopulationEntry};
/// let population = [
///     PopulationEntry { case: "A1".into(), stratum: None, reasons: vec![] },
///     PopulationEntry {
///         case: "A2".into(),
///         stratum: None,
///         reasons: vec![MustReview::Overdue, MustReview::NotProsecuted],
///     },
/// ];
/// assert_eq!(canonical_population_text(&population), "A1\t\t\nA2\t\t超期办理,不诉\n");
/// ```
pub fn canonical_population_text(population: &[PopulationEntry]) -> String {
    let mut text = String::new();
    for entry in population {
        text.push_str(entry.case.as_str());
        text.push('\t');
        text.push_str(entry.stratum.as_deref().unwrap_or(""));
        text.push('\t');
        let reasons: Vec<&str> = entry.reasons.iter().map(|r| r.chinese()).collect();
        text.push_str(&reasons.join(","));
        text.push('\n');
    }
    text
}

/// The lowercase hex SHA-256 of [`canonical_population_text`].
///
/// # Example
/// ```
/// use kaoping_shared::sampling::population_digest;
/// // The digest of the empty text.
/// assert!(population_digest(&[]).starts_with("e3b0c44298fc"));
/// ```
pub fn population_digest(population: &[PopulationEntry]) -> String {
    hex(&Sha256::digest(
        canonical_population_text(population).as_bytes(),
    ))
}

/// Why a proof record does not hold up. The first problem found is reported, in the order
/// of the variants below.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// Another algorithm or version than this crate implements.
    #[error("不支持的抽样算法“{algorithm}”第 {version} 版：本系统只能核验 kaoping-sample 第 1 版")]
    UnknownAlgorithm {
        /// The recorded name.
        algorithm: String,
        /// The recorded version.
        version: u32,
    },
    /// The recorded parameters or population could not have produced a draw.
    #[error("抽样记录无效：{source}")]
    Invalid {
        /// What is wrong.
        #[source]
        source: SampleError,
    },
    /// The population is not sorted by case number, or a case appears twice.
    #[error("案件总体未按案件编号排序或有重复（在“{case}”处）：记录被改动")]
    PopulationNotSorted {
        /// The first case out of order.
        case: CaseId,
    },
    /// A case's reasons are repeated or out of canonical order.
    #[error("案件“{case}”的必查原因重复或顺序不规范：记录被改动")]
    ReasonsNotCanonical {
        /// The case.
        case: CaseId,
    },
    /// A stratum is missing in a stratified record, or present in a pooled one.
    #[error("案件“{case}”的分层类别与抽样方式不符：记录被改动")]
    StratumMismatch {
        /// The case.
        case: CaseId,
    },
    /// The population does not match its recorded digest.
    #[error("案件总体与记录的摘要不符（记录 {recorded}，实际 {computed}）：案件总体被改动")]
    DigestMismatch {
        /// The digest in the record.
        recorded: String,
        /// The digest of the recorded population.
        computed: String,
    },
    /// A random pick's recorded hash is not the hash of `SEED:案件编号`: the seed or the
    /// hash was changed.
    #[error(
        "案件“{case}”记录的哈希与种子不符（记录 {recorded}，按种子计算 {computed}）：种子或哈希被改动"
    )]
    SeedMismatch {
        /// The case.
        case: CaseId,
        /// The hash in the record.
        recorded: String,
        /// The hash computed from the recorded seed.
        computed: String,
    },
    /// The number of chosen cases is not what N and the population give.
    #[error("抽中案件数为 {recorded}，按 N 与案件总体应为 {expected}：抽取数量或抽中名单被改动")]
    CountMismatch {
        /// Chosen cases in the record.
        recorded: usize,
        /// Chosen cases the draw gives.
        expected: usize,
    },
    /// The chosen list differs from the recomputed draw.
    #[error("抽中名单第 {position} 项为“{recorded}”，重新抽取应为“{expected}”：抽中名单被改动")]
    ChosenMismatch {
        /// 1-based position in the chosen list.
        position: usize,
        /// The recorded entry, as shown to users.
        recorded: String,
        /// The recomputed entry, as shown to users.
        expected: String,
    },
}

fn describe(chosen: &ChosenCase) -> String {
    let mut text = format!("{}（{}", chosen.case, chosen.basis.chinese());
    if !chosen.reasons.is_empty() {
        let reasons: Vec<&str> = chosen.reasons.iter().map(|r| r.chinese()).collect();
        text.push('：');
        text.push_str(&reasons.join("、"));
    }
    if let Some(stratum) = &chosen.stratum {
        text.push('；');
        text.push_str(stratum);
    }
    text.push('）');
    text
}

/// Recomputes a proof record's digest and draw and refuses any inconsistency.
///
/// # Errors
/// The first [`VerifyError`] found: unknown algorithm, invalid parameters, a population
/// not in canonical form, a digest mismatch, a hash that does not follow from the seed,
/// a wrong number of chosen cases, or a chosen list different from the draw.
///
/// # Example
/// ```
/// use kaoping_shared::model::tests_support::case;
/// use kaoping_shared::sampling::{draw, verify, SampleRequest, Scope, VerifyError};
/// let cases: Vec<_> = (1..=25).map(|i| case(&format!("案{i}"), "P01")).collect();
/// let window = "2019-01-01..2019-12-31".parse().unwrap();
/// let mut record = draw(&cases, &SampleRequest::new(Scope::Unit, "种子", window)).unwrap();
/// assert_eq!(verify(&record), Ok(()));
/// record.seed = "另一个种子".into();
/// assert!(matches!(verify(&record), Err(VerifyError::SeedMismatch { .. })));
/// ```
pub fn verify(record: &ProofRecord) -> Result<(), VerifyError> {
    if record.algorithm != ALGORITHM || record.version != ALGORITHM_VERSION {
        return Err(VerifyError::UnknownAlgorithm {
            algorithm: record.algorithm.clone(),
            version: record.version,
        });
    }
    let invalid = |source| VerifyError::Invalid { source };
    check_parameters(&record.seed, record.count, record.window).map_err(invalid)?;
    record.scope.normalized().map_err(invalid)?;
    if record.population.is_empty() {
        return Err(invalid(SampleError::EmptyPopulation {
            scope: record.scope.to_string(),
            window: record.window,
        }));
    }
    check_population(record)?;
    let computed = population_digest(&record.population);
    if computed != record.population_digest {
        return Err(VerifyError::DigestMismatch {
            recorded: record.population_digest.clone(),
            computed,
        });
    }
    for chosen in &record.chosen {
        if let Some(recorded) = &chosen.hash {
            let computed = draw_hash(&record.seed, &chosen.case);
            if &computed != recorded {
                return Err(VerifyError::SeedMismatch {
                    case: chosen.case.clone(),
                    recorded: recorded.clone(),
                    computed,
                });
            }
        }
    }
    let expected = select(&record.population, &record.seed, record.count);
    if expected.len() != record.chosen.len() {
        return Err(VerifyError::CountMismatch {
            recorded: record.chosen.len(),
            expected: expected.len(),
        });
    }
    match expected
        .iter()
        .zip(&record.chosen)
        .position(|(e, r)| e != r)
    {
        None => Ok(()),
        Some(index) => Err(VerifyError::ChosenMismatch {
            position: index + 1,
            recorded: describe(&record.chosen[index]),
            expected: describe(&expected[index]),
        }),
    }
}

/// The population is in canonical form: valid case numbers in strictly ascending order,
/// reasons strictly ascending, strata present exactly when stratified.
fn check_population(record: &ProofRecord) -> Result<(), VerifyError> {
    let invalid = |source| VerifyError::Invalid { source };
    let mut previous: Option<&CaseId> = None;
    for entry in &record.population {
        check_case_number(&entry.case).map_err(invalid)?;
        if previous.is_some_and(|p| p >= &entry.case) {
            return Err(VerifyError::PopulationNotSorted {
                case: entry.case.clone(),
            });
        }
        previous = Some(&entry.case);
        if entry.reasons.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err(VerifyError::ReasonsNotCanonical {
                case: entry.case.clone(),
            });
        }
        match (record.stratification, &entry.stratum) {
            (Stratification::Pooled, None) => {}
            (Stratification::ByKind, Some(stratum)) => {
                check_stratum(&entry.case, stratum).map_err(invalid)?;
            }
            _ => {
                return Err(VerifyError::StratumMismatch {
                    case: entry.case.clone(),
                });
            }
        }
    }
    Ok(())
}
