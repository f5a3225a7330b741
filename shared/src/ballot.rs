//! Democratic evaluation (民主测评) and satisfaction votes (满意度测评): tallies with
//! counts, exact shares and the two-thirds rule in integers.
//!
//! A democratic-evaluation ballot rates one prosecutor on 德 能 勤 绩 廉 and 总体, each
//! 优秀 / 称职 / 不称职. A ballot whose 总体 is not a valid mark is invalid: counted, not
//! scored. [`tally`] counts per subject, per voter group and over all groups.
//!
//! ```
//! use kaoping_shared::ballot::tally;
//! use kaoping_shared::model::{Ballot, BallotField, Rating};
//!
//! let ballot = |overall| Ballot {
//!     subject: "P04".into(),
//!     voter_group: "干警".into(),
//!     marks: [Some(Rating::Competent); 5],
//!     overall,
//! };
//! let ballots = [ballot(Some(Rating::Excellent)), ballot(Some(Rating::Competent)), ballot(None)];
//! let tallies = tally(&ballots);
//! let p04 = &tallies[&"P04".into()].overall;
//! assert_eq!((p04.ballots, p04.valid, p04.invalid), (3, 2, 1));
//! let overall = &p04.fields[&BallotField::Overall];
//! assert_eq!(overall.ratings[&Rating::Excellent].count, 1);
//! assert_eq!(overall.ratings[&Rating::Excellent].percent(), "50.00%");
//! ```
//!
//! Satisfaction (seed 000): further supervision when 满意 does not exceed two thirds of
//! the valid votes, compared in integers as `3 × 满意 ≤ 2 × 有效票`.
//!
//! ```
//! use kaoping_shared::ballot::{SatisfactionOutcome, SatisfactionTally};
//! let votes = ["满意"; 10].into_iter().chain(["基本满意"; 5]);
//! let tally = SatisfactionTally::from_cells(votes);
//! assert_eq!(tally.outcome, SatisfactionOutcome::FurtherSupervision);
//! ```

use crate::decimal::round_half_up;
use crate::ids::ProsecutorId;
use crate::model::{Ballot, BallotField, Rating};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many valid ballots gave one rating, and their share of the valid ballots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingShare {
    /// Ballots with this rating.
    pub count: u64,
    /// `count ÷ valid ballots`, unrounded (to `Decimal`'s 28 significant digits, so exact
    /// whenever the quotient terminates: 5 ÷ 8 = 0.625); `None` with no valid ballot.
    pub share: Option<Decimal>,
}

impl RatingShare {
    fn new(count: u64, valid: u64) -> RatingShare {
        RatingShare {
            count,
            share: Decimal::from(count).checked_div(Decimal::from(valid)),
        }
    }

    /// The share as a percentage rounded half-up to two places, `—` with no valid ballot.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::ballot::RatingShare;
    /// // 1 of 160: 0.625% rounds half-up to 0.63% (banker's rounding would give 0.62%).
    /// let share = RatingShare { count: 1, share: Some("0.00625".parse().unwrap()) };
    /// assert_eq!(share.percent(), "0.63%");
    /// assert_eq!(RatingShare { count: 0, share: None }.percent(), "—");
    /// ```
    pub fn percent(&self) -> String {
        match self.share {
            Some(share) => format!("{}%", round_half_up(share * Decimal::ONE_HUNDRED, 2)),
            None => "—".to_owned(),
        }
    }
}

/// One field (德, 能, 勤, 绩, 廉 or 总体) over the valid ballots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldTally {
    /// 优秀, 称职, 不称职, each with its count and share (all three always present).
    pub ratings: BTreeMap<Rating, RatingShare>,
    /// Valid ballots that left this field blank or wrote something else (never for 总体).
    pub unmarked: u64,
}

impl FieldTally {
    /// The count for one rating.
    pub fn count(&self, rating: Rating) -> u64 {
        self.ratings.get(&rating).map_or(0, |r| r.count)
    }
}

/// The tally of one group of ballots (one voter group, or all of them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupTally {
    /// Ballots cast.
    pub ballots: u64,
    /// Ballots with a valid 总体.
    pub valid: u64,
    /// Ballots without a valid 总体: counted here, in no field.
    pub invalid: u64,
    /// The six fields, in ballot order (德 能 勤 绩 廉 总体).
    pub fields: BTreeMap<BallotField, FieldTally>,
}

impl GroupTally {
    /// Tallies the given ballots, whatever their subject.
    pub fn of<'a>(ballots: impl IntoIterator<Item = &'a Ballot>) -> GroupTally {
        let mut total = 0u64;
        let mut counts = [[0u64; 4]; 6];
        for ballot in ballots {
            total += 1;
            if !ballot.is_valid() {
                continue;
            }
            for (slot, field) in counts.iter_mut().zip(BallotField::ALL) {
                slot[rating_index(ballot.mark(field))] += 1;
            }
        }
        let valid = counts[5].iter().sum();
        let fields = BallotField::ALL
            .into_iter()
            .zip(counts)
            .map(|(field, c)| {
                let ratings = Rating::ALL
                    .into_iter()
                    .map(|rating| {
                        (
                            rating,
                            RatingShare::new(c[rating_index(Some(rating))], valid),
                        )
                    })
                    .collect();
                (
                    field,
                    FieldTally {
                        ratings,
                        unmarked: c[3],
                    },
                )
            })
            .collect();
        GroupTally {
            ballots: total,
            valid,
            invalid: total - valid,
            fields,
        }
    }
}

fn rating_index(rating: Option<Rating>) -> usize {
    match rating {
        Some(Rating::Excellent) => 0,
        Some(Rating::Competent) => 1,
        Some(Rating::Incompetent) => 2,
        None => 3,
    }
}

/// Everything about one subject (测评对象).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectTally {
    /// 测评对象.
    pub subject: ProsecutorId,
    /// All voter groups together.
    pub overall: GroupTally,
    /// Per 投票人类别 (e.g. 干警, 人大代表, 人民监督员), as written on the ballots.
    pub groups: BTreeMap<String, GroupTally>,
}

/// Tallies democratic-evaluation ballots per subject, per voter group and overall.
/// The result does not depend on the order of the ballots.
pub fn tally(ballots: &[Ballot]) -> BTreeMap<ProsecutorId, SubjectTally> {
    let mut by_subject: BTreeMap<&ProsecutorId, BTreeMap<&str, Vec<&Ballot>>> = BTreeMap::new();
    for ballot in ballots {
        by_subject
            .entry(&ballot.subject)
            .or_default()
            .entry(ballot.voter_group.as_str())
            .or_default()
            .push(ballot);
    }
    by_subject
        .into_iter()
        .map(|(subject, groups)| {
            let overall = GroupTally::of(groups.values().flatten().copied());
            let groups = groups
                .into_iter()
                .map(|(group, ballots)| (group.to_owned(), GroupTally::of(ballots)))
                .collect();
            (
                subject.clone(),
                SubjectTally {
                    subject: subject.clone(),
                    overall,
                    groups,
                },
            )
        })
        .collect()
}

/// One satisfaction vote (满意度测评).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SatisfactionVote {
    /// 满意
    #[serde(rename = "满意")]
    Satisfied,
    /// 基本满意
    #[serde(rename = "基本满意")]
    FairlySatisfied,
    /// 不满意
    #[serde(rename = "不满意")]
    Dissatisfied,
}

impl SatisfactionVote {
    /// Reads a vote; anything but the three words (after trimming) is `None`, an invalid
    /// vote.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::ballot::SatisfactionVote;
    /// assert_eq!(SatisfactionVote::from_cell(" 基本满意"), Some(SatisfactionVote::FairlySatisfied));
    /// assert_eq!(SatisfactionVote::from_cell("弃权"), None);
    /// ```
    pub fn from_cell(text: &str) -> Option<SatisfactionVote> {
        match text.trim() {
            "满意" => Some(SatisfactionVote::Satisfied),
            "基本满意" => Some(SatisfactionVote::FairlySatisfied),
            "不满意" => Some(SatisfactionVote::Dissatisfied),
            _ => None,
        }
    }

    /// The Chinese word.
    pub fn chinese(self) -> &'static str {
        match self {
            SatisfactionVote::Satisfied => "满意",
            SatisfactionVote::FairlySatisfied => "基本满意",
            SatisfactionVote::Dissatisfied => "不满意",
        }
    }
}

/// What a satisfaction vote decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SatisfactionOutcome {
    /// 满意 exceeds two thirds of the valid votes: 11 of 15 (33 > 30).
    Satisfied,
    /// 满意 does not exceed two thirds: the congress opens further supervision.
    /// 10 of 15 (30 ≤ 30) is exactly two thirds: this.
    FurtherSupervision,
    /// No valid vote at all. The integer rule (3 × 0 ≤ 2 × 0) flags it, and a vote that
    /// shows no satisfaction must not pass silently: it counts as flagged, but is kept
    /// apart so the committee sees that the vote itself failed (重新测评或常委会决定).
    NoValidVotes,
}

impl SatisfactionOutcome {
    /// The Chinese wording.
    pub fn chinese(self) -> &'static str {
        match self {
            SatisfactionOutcome::Satisfied => "满意票超过三分之二",
            SatisfactionOutcome::FurtherSupervision => "满意票未超过三分之二，启动进一步监督程序",
            SatisfactionOutcome::NoValidVotes => "无有效票，测评未形成结果，按未超过三分之二处理",
        }
    }
}

/// The tally of a satisfaction vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SatisfactionTally {
    /// Votes cast.
    pub votes: u64,
    /// Votes that are one of the three words.
    pub valid: u64,
    /// Anything else, blank included.
    pub invalid: u64,
    /// 满意
    pub satisfied: u64,
    /// 基本满意
    pub fairly_satisfied: u64,
    /// 不满意
    pub dissatisfied: u64,
    /// The decision, by `3 × 满意 ≤ 2 × valid`.
    pub outcome: SatisfactionOutcome,
}

impl SatisfactionTally {
    /// Tallies votes already read (`None` = invalid).
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::ballot::{SatisfactionOutcome, SatisfactionTally, SatisfactionVote};
    /// let tally = SatisfactionTally::from_votes([None, None]);
    /// assert_eq!((tally.valid, tally.invalid), (0, 2));
    /// assert_eq!(tally.outcome, SatisfactionOutcome::NoValidVotes);
    /// assert!(tally.further_supervision());
    /// ```
    pub fn from_votes(votes: impl IntoIterator<Item = Option<SatisfactionVote>>) -> Self {
        let mut tally = SatisfactionTally {
            votes: 0,
            valid: 0,
            invalid: 0,
            satisfied: 0,
            fairly_satisfied: 0,
            dissatisfied: 0,
            outcome: SatisfactionOutcome::NoValidVotes,
        };
        for vote in votes {
            tally.votes += 1;
            match vote {
                Some(SatisfactionVote::Satisfied) => tally.satisfied += 1,
                Some(SatisfactionVote::FairlySatisfied) => tally.fairly_satisfied += 1,
                Some(SatisfactionVote::Dissatisfied) => tally.dissatisfied += 1,
                None => tally.invalid += 1,
            }
        }
        tally.valid = tally.votes - tally.invalid;
        // u128: 3 × u64 cannot overflow there.
        tally.outcome = if tally.valid == 0 {
            SatisfactionOutcome::NoValidVotes
        } else if 3 * u128::from(tally.satisfied) <= 2 * u128::from(tally.valid) {
            SatisfactionOutcome::FurtherSupervision
        } else {
            SatisfactionOutcome::Satisfied
        };
        tally
    }

    /// Tallies votes as written (see [`SatisfactionVote::from_cell`]).
    pub fn from_cells<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> Self {
        Self::from_votes(
            cells
                .into_iter()
                .map(|c| SatisfactionVote::from_cell(c.as_ref())),
        )
    }

    /// Whether the congress opens further supervision (also with no valid vote).
    pub fn further_supervision(&self) -> bool {
        self.outcome != SatisfactionOutcome::Satisfied
    }

    /// 满意 ÷ valid votes, unrounded; `None` with no valid vote.
    pub fn satisfied_share(&self) -> RatingShare {
        RatingShare::new(self.satisfied, self.valid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFERENCE_BALLOTS: &str = include_str!("../tests/data/reference_ballots.csv");

    /// Reads `ballots.csv` with a plain comma splitter; panics on a bad row.
    fn parse_ballots(text: &str) -> Vec<Ballot> {
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("测评对象,投票人类别,德,能,勤,绩,廉,总体")
        );
        lines
            .enumerate()
            .map(|(i, line)| {
                let cells: Vec<&str> = line.split(',').collect();
                assert_eq!(cells.len(), 8, "row {}: {line}", i + 2);
                let mark = |cell: &str| {
                    let rating = Rating::from_cell(cell);
                    assert!(
                        rating.is_some() || cell.is_empty(),
                        "row {}: “{cell}”",
                        i + 2
                    );
                    rating
                };
                Ballot {
                    subject: cells[0].into(),
                    voter_group: cells[1].to_owned(),
                    marks: [
                        mark(cells[2]),
                        mark(cells[3]),
                        mark(cells[4]),
                        mark(cells[5]),
                        mark(cells[6]),
                    ],
                    overall: mark(cells[7]),
                }
            })
            .collect()
    }

    fn counts(field: &FieldTally) -> [u64; 4] {
        [
            field.count(Rating::Excellent),
            field.count(Rating::Competent),
            field.count(Rating::Incompetent),
            field.unmarked,
        ]
    }

    #[test]
    fn reference_ballots() {
        let tallies = tally(&parse_ballots(REFERENCE_BALLOTS));
        assert_eq!(
            tallies.keys().map(ProsecutorId::as_str).collect::<Vec<_>>(),
            ["P01", "P02", "P03", "P04"]
        );

        let p01 = &tallies[&"P01".into()].overall;
        assert_eq!((p01.ballots, p01.valid, p01.invalid), (10, 10, 0));
        assert_eq!(counts(&p01.fields[&BallotField::Overall]), [6, 4, 0, 0]);
        assert_eq!(counts(&p01.fields[&BallotField::Probity]), [3, 7, 0, 0]);
        assert_eq!(
            p01.fields[&BallotField::Overall].ratings[&Rating::Excellent].share,
            Some("0.6".parse().unwrap())
        );

        let p02 = &tallies[&"P02".into()].overall;
        assert_eq!(counts(&p02.fields[&BallotField::Overall]), [2, 7, 1, 0]);
        assert_eq!(counts(&p02.fields[&BallotField::Diligence]), [0, 9, 1, 0]);

        // P04: 8 valid 干警 ballots, one 人民监督员 ballot without 总体 (invalid).
        let p04 = &tallies[&"P04".into()];
        assert_eq!(
            (p04.overall.ballots, p04.overall.valid, p04.overall.invalid),
            (9, 8, 1)
        );
        let overall = &p04.overall.fields[&BallotField::Overall];
        assert_eq!(counts(overall), [5, 3, 0, 0]);
        assert_eq!(
            overall.ratings[&Rating::Excellent].share,
            Some("0.625".parse().unwrap())
        );
        assert_eq!(overall.ratings[&Rating::Competent].percent(), "37.50%");
        assert_eq!(
            overall.ratings[&Rating::Incompetent].share,
            Some(Decimal::ZERO)
        );
        // The invalid ballot's 德 (称职) is not counted anywhere.
        assert_eq!(
            counts(&p04.overall.fields[&BallotField::Integrity]),
            [5, 3, 0, 0]
        );
        let supervisors = &p04.groups["人民监督员"];
        assert_eq!(
            (supervisors.ballots, supervisors.valid, supervisors.invalid),
            (1, 0, 1)
        );
        let none = &supervisors.fields[&BallotField::Overall].ratings[&Rating::Excellent];
        assert_eq!(
            (none.count, none.share, none.percent().as_str()),
            (0, None, "—")
        );
        assert_eq!(p04.groups["干警"].valid, 8);
    }

    #[test]
    fn blank_field_on_a_valid_ballot_is_unmarked() {
        let ballot = Ballot {
            subject: "P01".into(),
            voter_group: "人大代表".into(),
            marks: [
                Some(Rating::Excellent),
                None,
                None,
                Some(Rating::Incompetent),
                None,
            ],
            overall: Some(Rating::Competent),
        };
        let group = GroupTally::of([&ballot, &ballot, &ballot]);
        assert_eq!(counts(&group.fields[&BallotField::Ability]), [0, 0, 0, 3]);
        assert_eq!(counts(&group.fields[&BallotField::Results]), [0, 0, 3, 0]);
        assert_eq!(
            group.fields[&BallotField::Ability].ratings[&Rating::Excellent].percent(),
            "0.00%"
        );
        let third = group.fields[&BallotField::Integrity].ratings[&Rating::Excellent];
        assert_eq!(third.count, 3);
        assert_eq!(third.percent(), "100.00%");
    }

    #[test]
    fn shares_round_half_up_for_display() {
        let mut ballots = vec![];
        for i in 0..160 {
            ballots.push(Ballot {
                subject: "P01".into(),
                voter_group: "干警".into(),
                marks: [None; 5],
                overall: Some(if i == 0 {
                    Rating::Incompetent
                } else {
                    Rating::Competent
                }),
            });
        }
        let group = GroupTally::of(&ballots);
        let share = group.fields[&BallotField::Overall].ratings[&Rating::Incompetent];
        assert_eq!(share.share, Some("0.00625".parse().unwrap()));
        assert_eq!(share.percent(), "0.63%");
        let two_thirds = RatingShare::new(2, 3);
        assert_eq!(two_thirds.percent(), "66.67%");
    }

    #[test]
    fn order_of_ballots_does_not_matter() {
        let mut ballots = parse_ballots(REFERENCE_BALLOTS);
        let forward = tally(&ballots);
        ballots.reverse();
        assert_eq!(tally(&ballots), forward);
        let json = serde_json::to_string(&forward).unwrap();
        assert_eq!(json, serde_json::to_string(&tally(&ballots)).unwrap());
    }

    #[test]
    fn tally_serializes_with_decimal_strings() {
        let tallies = tally(&parse_ballots(REFERENCE_BALLOTS));
        let json = serde_json::to_string(&tallies[&"P04".into()]).unwrap();
        assert!(
            json.contains(r#""overall":{"ratings":{"优秀":{"count":5,"share":"0.625"}"#),
            "{json}"
        );
        assert!(
            json.contains(r#""人民监督员":{"ballots":1,"valid":0,"invalid":1"#),
            "{json}"
        );
        assert!(json.contains(r#"{"count":0,"share":null}"#), "{json}");
        let back: SubjectTally = serde_json::from_str(&json).unwrap();
        assert_eq!(back, tallies[&"P04".into()]);
    }

    #[test]
    fn two_thirds_rule_in_integers() {
        for (satisfied, fairly, dissatisfied, flagged) in [
            (10, 5, 0, true), // exactly two thirds: flagged
            (11, 4, 0, false),
            (10, 0, 5, true),
            (6, 3, 0, true), // 18 ≤ 18
            (7, 2, 0, false),
            (9, 5, 0, true),   // 14 votes: 27 ≤ 28
            (10, 4, 0, false), // 30 > 28
            (1, 0, 0, false),
            (0, 1, 0, true),
        ] {
            let cells = std::iter::repeat_n("满意", satisfied)
                .chain(std::iter::repeat_n("基本满意", fairly))
                .chain(std::iter::repeat_n("不满意", dissatisfied));
            let tally = SatisfactionTally::from_cells(cells);
            assert_eq!(
                tally.further_supervision(),
                flagged,
                "{satisfied}/{}",
                tally.valid
            );
            let expected = if flagged {
                SatisfactionOutcome::FurtherSupervision
            } else {
                SatisfactionOutcome::Satisfied
            };
            assert_eq!(tally.outcome, expected);
        }
    }

    #[test]
    fn invalid_votes_are_counted_not_weighed() {
        let cells = ["满意"; 11]
            .into_iter()
            .chain(["基本满意"; 4])
            .chain(["", "弃权", "很满意"]);
        let tally = SatisfactionTally::from_cells(cells);
        assert_eq!((tally.votes, tally.valid, tally.invalid), (18, 15, 3));
        assert_eq!(tally.outcome, SatisfactionOutcome::Satisfied);
        assert_eq!(tally.satisfied_share().percent(), "73.33%");
    }

    #[test]
    fn no_valid_vote_is_flagged_explicitly() {
        for cells in [vec![], vec!["", "弃权"]] {
            let tally = SatisfactionTally::from_cells(cells);
            assert_eq!(tally.valid, 0);
            assert_eq!(tally.outcome, SatisfactionOutcome::NoValidVotes);
            assert!(tally.further_supervision());
            assert_eq!(tally.satisfied_share().share, None);
        }
        let json = serde_json::to_string(&SatisfactionTally::from_cells(["满意"])).unwrap();
        assert_eq!(
            json,
            r#"{"votes":1,"valid":1,"invalid":0,"satisfied":1,"fairly_satisfied":0,"dissatisfied":0,"outcome":"satisfied"}"#
        );
    }
}
