//! # kaoping-widgets: 考评 widgets for procuratorate portals
//!
//! yew components compiled to wasm, delivered as one ES module (`kaoping-widgets.js`) and
//! its wasm, served by `kaoping serve` under `/widgets/`. The module defines custom
//! elements; a portal embeds them with one `<script type="module">`:
//!
//! ```html
//! <script type="module" src="http://kaoping.example/widgets/kaoping-widgets.js"></script>
//! <kaoping-score-form unit="1" year="2019" prosecutor="P01" token="…"></kaoping-score-form>
//! <kaoping-ballot></kaoping-ballot>
//! ```
//!
//! Each widget lives in its own shadow root ([`mount`]), talks only to the kaoping server
//! ([`net`], [`api`], [`json`]), and computes every number it shows with the unit's own scoring plugin
//! run in the browser ([`plugin`]). State is plain reducers, tested natively:
//!
//! ```
//! use kaoping_widgets::ballot::state::{BallotAction, BallotState, Phase};
//! use yew::Reducible;
//! let state = std::rc::Rc::new(BallotState::new("T-1")).reduce(BallotAction::Open);
//! assert_eq!(state.phase, Phase::Loading);
//! ```
// Only the allocator (`heap`) needs `unsafe`.
#![deny(unsafe_code)]

pub mod api;
pub mod ballot;
pub mod chart;
pub mod dashboard;
pub mod decimal;
pub mod heap;
pub mod json;
pub mod markup;
pub mod mount;
pub mod net;
pub mod number;
pub mod plugin;
pub mod result;
pub mod root;
pub mod sampling;
pub mod score_form;
pub mod sha256;
pub mod task;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: heap::Heap = heap::Heap::new(heap::memory_grow);

/// What a custom element's attributes say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WidgetConfig {
    /// The kaoping server's base address (`server` attribute; default: where the module
    /// was loaded from).
    pub server: String,
    /// `token`: the reviewer's access token, or the voter's ballot token.
    pub token: Option<String>,
    /// `unit`: the unit's id on the server (case-review form).
    pub unit: Option<String>,
    /// `year`: the year evaluated (case-review form).
    pub year: Option<String>,
    /// `prosecutor`: the 检察官编号 whose cases are reviewed (case-review form).
    pub prosecutor: Option<String>,
}
