//! Case sampling for quality review (案件评查), as DOMAIN.md defines it, with a proof
//! record anyone can check later without the case data.
//!
//! The population is the cases in [`Scope`] accepted on or before the window's end and
//! closed on or after its start (or still open). If it has at most N cases, all are
//! reviewed (全部评查). Otherwise every must-review case (必查) is taken, then the others in
//! ascending order of the lowercase hex SHA-256 of `SEED:案件编号` ([`draw_hash`]) until N
//! are chosen. With [`Stratification::ByKind`] the same rule runs within each 案件类别, N per
//! stratum. [`verify`] recomputes a [`ProofRecord`] and refuses any inconsistency;
//! `docs/sampling.md` defines the record and its canonical text byte for byte.
//!
//! ```
//! use kaoping_shared::model::tests_support::case;
//! use kaoping_shared::sampling::{draw, verify, Basis, SampleRequest, Scope};
//!
//! let mut cases: Vec<_> =
//!     (1..=30).map(|i| case(&format!("临检刑诉〔2019〕{i}号"), "P01")).collect();
//! cases[4].public_concern = true;
//! let window = "2019-01-01..2019-06-30".parse().unwrap();
//! let request = SampleRequest::new(Scope::prosecutor("P01"), "2019年评查", window);
//! let record = draw(&cases, &request).unwrap();
//! assert_eq!(record.chosen.len(), 20);
//! assert_eq!(record.chosen[0].case.as_str(), "临检刑诉〔2019〕5号");
//! assert_eq!(record.chosen[0].basis, Basis::MustReview);
//! assert!(record.chosen[1..].iter().all(|c| c.basis == Basis::Random));
//! assert_eq!(verify(&record), Ok(()));
//! ```

mod proof;

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;

pub use proof::{VerifyError, canonical_population_text, population_digest, verify};

use crate::date::Period;
use crate::ids::{CaseId, ProsecutorId};
use crate::model::Case;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use thiserror::Error;

/// The algorithm's name, recorded in every [`ProofRecord`].
pub const ALGORITHM: &str = "kaoping-sample";

/// The algorithm's version; bump it whenever a draw or the canonical text could change.
pub const ALGORITHM_VERSION: u32 = 1;

/// N when the rules say nothing else: "不少于20件" (seed 000).
pub const DEFAULT_COUNT: u32 = 20;

/// Why a case must be reviewed (必查). A case may have several; they are kept in this
/// order, which is also their order in the canonical text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MustReview {
    /// 群众反映强烈: the 群众反映强烈 column is 是.
    #[serde(rename = "群众反映强烈")]
    PublicConcern,
    /// 发回重审: 判决结果 is 发回重审.
    #[serde(rename = "发回重审")]
    Remanded,
    /// 重大改判: 判决结果 is 重大改判.
    #[serde(rename = "重大改判")]
    MajorRevision,
    /// 超期办理: closed after 办案期限 days (whenever it closed), or still open at the
    /// window's end after more than 办案期限 days. Accepted 2019-05-08, limit 30, open at
    /// 2019-06-30 (53 days): overdue.
    #[serde(rename = "超期办理")]
    Overdue,
    /// 不捕: 处理结果 is 不批准逮捕.
    #[serde(rename = "不捕")]
    NotArrested,
    /// 不诉: 处理结果 is 不起诉.
    #[serde(rename = "不诉")]
    NotProsecuted,
    /// 人大转办: the 人大转办 column is 是.
    #[serde(rename = "人大转办")]
    CongressReferral,
}

impl MustReview {
    /// All reasons, in canonical order.
    pub const ALL: [MustReview; 7] = [
        MustReview::PublicConcern,
        MustReview::Remanded,
        MustReview::MajorRevision,
        MustReview::Overdue,
        MustReview::NotArrested,
        MustReview::NotProsecuted,
        MustReview::CongressReferral,
    ];

    /// The Chinese label, e.g. `不诉`, as written in the canonical text.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::sampling::MustReview;
    /// assert_eq!(MustReview::NotProsecuted.chinese(), "不诉");
    /// ```
    pub fn chinese(self) -> &'static str {
        match self {
            MustReview::PublicConcern => "群众反映强烈",
            MustReview::Remanded => "发回重审",
            MustReview::MajorRevision => "重大改判",
            MustReview::Overdue => "超期办理",
            MustReview::NotArrested => "不捕",
            MustReview::NotProsecuted => "不诉",
            MustReview::CongressReferral => "人大转办",
        }
    }
}

impl fmt::Display for MustReview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.chinese())
    }
}

/// Why a case is in the sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Basis {
    /// 全部评查: the population (or the stratum) has at most N cases, so all are reviewed.
    #[serde(rename = "全部评查")]
    All,
    /// 必查: a must-review case; its reasons are listed with it.
    #[serde(rename = "必查")]
    MustReview,
    /// 随机抽取: chosen by the seeded hash order; its hash is listed with it.
    #[serde(rename = "随机抽取")]
    Random,
}

impl Basis {
    /// The Chinese label, e.g. `随机抽取`.
    pub fn chinese(self) -> &'static str {
        match self {
            Basis::All => "全部评查",
            Basis::MustReview => "必查",
            Basis::Random => "随机抽取",
        }
    }
}

/// Whose cases are sampled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Scope {
    /// One prosecutor's cases (履职评议 of one prosecutor).
    Prosecutor {
        /// 检察官编号.
        id: ProsecutorId,
    },
    /// The cases of several prosecutors (kept sorted and without repeats in a record).
    Prosecutors {
        /// 检察官编号, at least one.
        ids: Vec<ProsecutorId>,
    },
    /// Every case given: the whole unit (seed 001: leaders and prosecutors alike).
    Unit,
}

impl Scope {
    /// One prosecutor.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::sampling::Scope;
    /// assert_eq!(Scope::prosecutor("P05").to_string(), "检察官 P05");
    /// ```
    pub fn prosecutor(id: &str) -> Scope {
        Scope::Prosecutor { id: id.into() }
    }

    /// Whether a case handled by `handler` is in scope.
    pub fn includes(&self, handler: &ProsecutorId) -> bool {
        match self {
            Scope::Prosecutor { id } => id == handler,
            Scope::Prosecutors { ids } => ids.contains(handler),
            Scope::Unit => true,
        }
    }

    /// The scope as a record keeps it: ids sorted, no repeats, not empty.
    fn normalized(&self) -> Result<Scope, SampleError> {
        match self {
            Scope::Prosecutors { ids } if ids.is_empty() => Err(SampleError::EmptyScope),
            Scope::Prosecutors { ids } => {
                let ids: BTreeSet<_> = ids.iter().cloned().collect();
                Ok(Scope::Prosecutors {
                    ids: ids.into_iter().collect(),
                })
            }
            other => Ok(other.clone()),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Prosecutor { id } => write!(f, "检察官 {id}"),
            Scope::Prosecutors { ids } => {
                let ids: Vec<&str> = ids.iter().map(ProsecutorId::as_str).collect();
                write!(f, "检察官 {}", ids.join("、"))
            }
            Scope::Unit => f.write_str("全院"),
        }
    }
}

/// Whether N applies to the whole population or to each case kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stratification {
    /// One population, N in all: 37 cases, N = 20 → 20 cases (or more if more must-review).
    #[default]
    Pooled,
    /// One stratum per 案件类别, N each: 7 审查逮捕 and 30 审查起诉 cases, N = 5 → 5 + 5.
    ByKind,
}

/// What to draw: scope, seed, window, N and stratification.
///
/// # Example
/// ```
/// use kaoping_shared::sampling::{SampleRequest, Scope, Stratification};
/// let request = SampleRequest::new(Scope::Unit, "种子", "2017-01-01..2017-12-31".parse().unwrap())
///     .with_count(23)
///     .with_stratification(Stratification::ByKind);
/// assert_eq!(request.count, 23);
/// assert_eq!(SampleRequest::new(Scope::Unit, "种子", request.window).count, 20);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleRequest {
    /// Whose cases.
    pub scope: Scope,
    /// The seed announced in the meeting, used exactly as written (no trimming).
    pub seed: String,
    /// The review window, e.g. 2017-01-01..2019-06-30.
    pub window: Period,
    /// N: at least this many cases (per stratum when stratified); default 20.
    #[serde(default = "default_count")]
    pub count: u32,
    /// Pooled (default) or by case kind.
    #[serde(default)]
    pub stratification: Stratification,
}

fn default_count() -> u32 {
    DEFAULT_COUNT
}

impl SampleRequest {
    /// A pooled request for N = [`DEFAULT_COUNT`].
    pub fn new(scope: Scope, seed: impl Into<String>, window: Period) -> SampleRequest {
        SampleRequest {
            scope,
            seed: seed.into(),
            window,
            count: DEFAULT_COUNT,
            stratification: Stratification::Pooled,
        }
    }

    /// Sets N.
    pub fn with_count(mut self, count: u32) -> SampleRequest {
        self.count = count;
        self
    }

    /// Sets the stratification.
    pub fn with_stratification(mut self, stratification: Stratification) -> SampleRequest {
        self.stratification = stratification;
        self
    }
}

/// One case of the population: its number, its stratum (only when stratified) and its
/// must-review reasons (empty if none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PopulationEntry {
    /// 案件编号.
    pub case: CaseId,
    /// 案件类别 when the draw is stratified by kind; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stratum: Option<String>,
    /// Must-review reasons in [`MustReview::ALL`] order.
    #[serde(default)]
    pub reasons: Vec<MustReview>,
}

/// One chosen case, in draw order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChosenCase {
    /// 案件编号.
    pub case: CaseId,
    /// Its stratum, when stratified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stratum: Option<String>,
    /// Why it is in the sample.
    pub basis: Basis,
    /// Its must-review reasons (also listed under 全部评查, for the reviewers).
    #[serde(default)]
    pub reasons: Vec<MustReview>,
    /// For [`Basis::Random`] only: the lowercase hex SHA-256 of `SEED:案件编号`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

/// The self-contained record of a draw: everything needed to redo it and check it, years
/// later, without the case data. Field by field in `docs/sampling.md`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofRecord {
    /// [`ALGORITHM`].
    pub algorithm: String,
    /// [`ALGORITHM_VERSION`].
    pub version: u32,
    /// The seed, exactly as used.
    pub seed: String,
    /// N.
    pub count: u32,
    /// The review window.
    pub window: Period,
    /// Whose cases (ids sorted).
    pub scope: Scope,
    /// Pooled or by kind.
    pub stratification: Stratification,
    /// The population, sorted by case number (Unicode code point order).
    pub population: Vec<PopulationEntry>,
    /// Lowercase hex SHA-256 of [`canonical_population_text`].
    pub population_digest: String,
    /// The chosen cases in draw order.
    pub chosen: Vec<ChosenCase>,
}

impl ProofRecord {
    /// The chosen case numbers, in order.
    pub fn chosen_ids(&self) -> Vec<&CaseId> {
        self.chosen.iter().map(|c| &c.case).collect()
    }
}

/// Why a sample cannot be drawn.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SampleError {
    /// N = 0.
    #[error("抽取数量 N 必须至少为 1")]
    ZeroCount,
    /// The seed is empty.
    #[error("随机种子不能为空：请填写会上公布的种子")]
    EmptySeed,
    /// The seed has leading or trailing spaces or control characters, which nobody can
    /// see when it is announced.
    #[error("随机种子“{seed}”首尾含空白或含控制字符：请去掉后重试")]
    InvalidSeed {
        /// The seed as given.
        seed: String,
    },
    /// The window ends before it starts.
    #[error("评查期间 {window} 的结束日期早于开始日期")]
    ReversedWindow {
        /// The window as given.
        window: Period,
    },
    /// A list of prosecutors with nobody in it.
    #[error("抽样范围没有列出任何检察官")]
    EmptyScope,
    /// No case in scope and window.
    #[error("{scope}在 {window} 期间没有可评查的案件：请检查范围和期间")]
    EmptyPopulation {
        /// The scope, as shown to users.
        scope: String,
        /// The window.
        window: Period,
    },
    /// A case number that is empty, has surrounding spaces, or has control characters
    /// (they would make the canonical text ambiguous).
    #[error("案件编号“{case}”为空、首尾含空白或含控制字符")]
    InvalidCaseNumber {
        /// The case number as given.
        case: String,
    },
    /// Two cases with the same number in the population.
    #[error("案件编号“{case}”重复出现：每个案件只能出现一次")]
    DuplicateCase {
        /// The repeated case number.
        case: CaseId,
    },
    /// Stratified by kind, and a case's 案件类别 is empty or has control characters.
    #[error("案件“{case}”的案件类别“{kind}”为空或含控制字符，无法分层抽样")]
    InvalidKind {
        /// The case.
        case: CaseId,
        /// Its 案件类别 as given.
        kind: String,
    },
}

/// The lowercase hex SHA-256 of the UTF-8 text `SEED:案件编号` (ASCII colon).
///
/// # Example
/// ```
/// use kaoping_shared::sampling::draw_hash;
/// let hash = draw_hash("临澧2019履职评议", &"临检刑诉〔2019〕33号".into());
/// assert!(hash.starts_with("009e6724b7d2"));
/// ```
pub fn draw_hash(seed: &str, case: &CaseId) -> String {
    let mut hasher = Sha256::new();
    hasher.update(seed.as_bytes());
    hasher.update(b":");
    hasher.update(case.as_str().as_bytes());
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// Whether a case belongs to the window's population: accepted on or before its end, and
/// closed on or after its start or still open.
pub fn in_window(case: &Case, window: Period) -> bool {
    case.accepted <= window.end && case.closed.is_none_or(|closed| closed >= window.start)
}

/// A case's must-review reasons for a window, in [`MustReview::ALL`] order.
///
/// # Example
/// ```
/// use kaoping_shared::model::tests_support::case;
/// use kaoping_shared::sampling::{must_review_reasons, MustReview};
/// let mut c = case("临检刑诉〔2019〕1号", "P01");
/// c.disposition = Some("不起诉".into());
/// c.congress_referral = true;
/// let reasons = must_review_reasons(&c, "2019-01-01..2019-06-30".parse().unwrap());
/// assert_eq!(reasons, [MustReview::NotProsecuted, MustReview::CongressReferral]);
/// ```
pub fn must_review_reasons(case: &Case, window: Period) -> Vec<MustReview> {
    let judgment = case.judgment.as_deref().map(str::trim);
    let disposition = case.disposition.as_deref().map(str::trim);
    MustReview::ALL
        .into_iter()
        .filter(|reason| match reason {
            MustReview::PublicConcern => case.public_concern,
            MustReview::Remanded => judgment == Some("发回重审"),
            MustReview::MajorRevision => judgment == Some("重大改判"),
            MustReview::Overdue => case.overdue(window.end),
            MustReview::NotArrested => disposition == Some("不批准逮捕"),
            MustReview::NotProsecuted => disposition == Some("不起诉"),
            MustReview::CongressReferral => case.congress_referral,
        })
        .collect()
}

fn check_parameters(seed: &str, count: u32, window: Period) -> Result<(), SampleError> {
    if count == 0 {
        return Err(SampleError::ZeroCount);
    }
    if seed.is_empty() {
        return Err(SampleError::EmptySeed);
    }
    if seed.trim() != seed || seed.chars().any(char::is_control) {
        return Err(SampleError::InvalidSeed {
            seed: seed.to_owned(),
        });
    }
    if window.end < window.start {
        return Err(SampleError::ReversedWindow { window });
    }
    Ok(())
}

fn check_case_number(case: &CaseId) -> Result<(), SampleError> {
    let text = case.as_str();
    if text.is_empty() || text.trim() != text || text.chars().any(char::is_control) {
        return Err(SampleError::InvalidCaseNumber {
            case: text.to_owned(),
        });
    }
    Ok(())
}

fn check_stratum(case: &CaseId, stratum: &str) -> Result<(), SampleError> {
    if stratum.is_empty() || stratum.chars().any(char::is_control) {
        return Err(SampleError::InvalidKind {
            case: case.clone(),
            kind: stratum.to_owned(),
        });
    }
    Ok(())
}

/// The population of a request, sorted by case number, with each case's must-review
/// reasons.
pub fn population(
    cases: &[Case],
    request: &SampleRequest,
) -> Result<Vec<PopulationEntry>, SampleError> {
    let mut entries = BTreeMap::new();
    for case in cases {
        if !request.scope.includes(&case.handler) || !in_window(case, request.window) {
            continue;
        }
        check_case_number(&case.id)?;
        let stratum = match request.stratification {
            Stratification::Pooled => None,
            Stratification::ByKind => {
                let kind = case.kind.trim();
                check_stratum(&case.id, kind)?;
                Some(kind.to_owned())
            }
        };
        let entry = PopulationEntry {
            case: case.id.clone(),
            stratum,
            reasons: must_review_reasons(case, request.window),
        };
        if entries.insert(case.id.clone(), entry).is_some() {
            return Err(SampleError::DuplicateCase {
                case: case.id.clone(),
            });
        }
    }
    Ok(entries.into_values().collect())
}

/// Draws the sample and returns its proof record.
///
/// # Errors
/// [`SampleError`] for N = 0, an empty or blank-edged seed, a reversed window, an empty
/// list of prosecutors, no case in scope, or a bad or repeated case number.
pub fn draw(cases: &[Case], request: &SampleRequest) -> Result<ProofRecord, SampleError> {
    check_parameters(&request.seed, request.count, request.window)?;
    let scope = request.scope.normalized()?;
    let population = population(cases, request)?;
    if population.is_empty() {
        return Err(SampleError::EmptyPopulation {
            scope: scope.to_string(),
            window: request.window,
        });
    }
    let chosen = select(&population, &request.seed, request.count);
    Ok(ProofRecord {
        algorithm: ALGORITHM.to_owned(),
        version: ALGORITHM_VERSION,
        seed: request.seed.clone(),
        count: request.count,
        window: request.window,
        scope,
        stratification: request.stratification,
        population_digest: population_digest(&population),
        population,
        chosen,
    })
}

/// The draw over a sorted population: strata in code point order of their names (one
/// stratum when pooled), each drawn by [`select_stratum`].
pub(crate) fn select(population: &[PopulationEntry], seed: &str, count: u32) -> Vec<ChosenCase> {
    let mut strata: BTreeMap<Option<&str>, Vec<&PopulationEntry>> = BTreeMap::new();
    for entry in population {
        strata
            .entry(entry.stratum.as_deref())
            .or_default()
            .push(entry);
    }
    strata
        .into_values()
        .flat_map(|entries| select_stratum(&entries, seed, count))
        .collect()
}

/// All if at most N; else the must-review cases in population order, then the others by
/// ascending hash until N.
fn select_stratum(entries: &[&PopulationEntry], seed: &str, count: u32) -> Vec<ChosenCase> {
    let chosen = |entry: &PopulationEntry, basis, hash| ChosenCase {
        case: entry.case.clone(),
        stratum: entry.stratum.clone(),
        basis,
        reasons: entry.reasons.clone(),
        hash,
    };
    // u32 → usize is lossless on every target we build for (32 and 64 bits).
    let count = count as usize;
    if entries.len() <= count {
        return entries
            .iter()
            .map(|e| chosen(e, Basis::All, None))
            .collect();
    }
    let (must, others): (Vec<&PopulationEntry>, Vec<&PopulationEntry>) =
        entries.iter().copied().partition(|e| !e.reasons.is_empty());
    let mut result: Vec<ChosenCase> = must
        .iter()
        .map(|e| chosen(e, Basis::MustReview, None))
        .collect();
    let mut ranked: Vec<(String, &PopulationEntry)> = others
        .into_iter()
        .map(|e| (draw_hash(seed, &e.case), e))
        .collect();
    ranked.sort_by(|a, b| (&a.0, &a.1.case).cmp(&(&b.0, &b.1.case)));
    let missing = count.saturating_sub(result.len());
    result.extend(
        ranked
            .into_iter()
            .take(missing)
            .map(|(hash, e)| chosen(e, Basis::Random, Some(hash))),
    );
    result
}
