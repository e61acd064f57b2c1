//! Dashboard state, the actions a key can ask for, and `update`, which applies them.
//! Nothing here draws or touches the terminal; side effects (reloading, opening an editor,
//! quitting) are returned as an `Effect` for the runtime to carry out.

use chrono::{DateTime, Local};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::data::{DataDir, Dataset, Diagnostic, FileKind, Indicators, LoadOutcome};
use crate::i18n::Strings;
use crate::ui::theme::Theme;
use crate::watch::WatchMode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Villages,
    Oat,
    Projects,
    Training,
    Party,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Overview,
        Tab::Villages,
        Tab::Oat,
        Tab::Projects,
        Tab::Training,
        Tab::Party,
    ];

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    fn offset(self, by: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        Tab::ALL[(self.index() as isize + by).rem_euclid(n) as usize]
    }
}

impl From<crate::cli::TabName> for Tab {
    fn from(name: crate::cli::TabName) -> Self {
        use crate::cli::TabName;
        match name {
            TabName::Overview => Tab::Overview,
            TabName::Villages => Tab::Villages,
            TabName::Oat => Tab::Oat,
            TabName::Projects => Tab::Projects,
            TabName::Training => Tab::Training,
            TabName::Party => Tab::Party,
        }
    }
}

/// A window drawn over the current tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Errors,
    Warnings,
}

/// The columns the village table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Name,
    Income,
    Change,
    Status,
    /// How far short of the next target (10万 or 20万) the latest income is.
    Gap,
    Oat,
    Households,
    Branch,
}

impl SortColumn {
    pub const ALL: [SortColumn; 8] = [
        SortColumn::Name,
        SortColumn::Income,
        SortColumn::Change,
        SortColumn::Status,
        SortColumn::Gap,
        SortColumn::Oat,
        SortColumn::Households,
        SortColumn::Branch,
    ];

    fn index(self) -> usize {
        SortColumn::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Ctrl-C: quits from anywhere.
    Quit,
    /// `q`: closes the open window or the village detail first; quits only at the top level.
    Close,
    NextTab,
    PrevTab,
    GoTab(Tab),
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    SortPrev,
    SortNext,
    ReverseSort,
    /// Back to the order of the file, unsorted.
    FileOrder,
    /// Income charts: whole axis from zero, or zoomed to the band around the targets.
    Zoom,
    StartFilter,
    FilterChar(char),
    FilterBackspace,
    FilterDone,
    FilterCancel,
    Open,
    Back,
    Edit,
    Reload,
    ToggleHelp,
    ShowWarnings,
    ShowErrors,
    /// Ctrl-L: clear the terminal and draw every cell again.
    Redraw,
    /// Ctrl-Z: hand the terminal back to the shell and stop (as SIGTSTP).
    Suspend,
}

/// What the runtime must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    Reload,
    /// Clear the terminal and draw every cell again.
    Redraw,
    /// Stop the process as Ctrl-Z does in a shell (the terminal is handed back first).
    Suspend,
    /// Open `path` at `line` in the user's editor.
    Edit {
        path: std::path::PathBuf,
        line: usize,
    },
}

/// The figures of the last load that succeeded, with what is derived from them.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub data: Dataset,
    pub indicators: Indicators,
    /// What sorting and filtering the village table need, kept from key press to key press.
    keys: VillageKeys,
    /// A warning points at the latest year's income of some village.
    latest_income_warned: bool,
    /// Some village's figures are illustrative (`Village::illustrative`, and its row's).
    any_illustrative: (bool, bool),
    /// The villages by branch status, in the party tab's order (`Indicators::branch_rank`),
    /// one group per status that some village holds (`BranchStatus::ALL`, then none).
    branch_groups: Vec<(Option<crate::data::BranchStatus>, Vec<u32>)>,
    most_households: Option<i64>,
    most_oat_mu: i64,
    /// The projects tab's income bars, one per project and year: how many, and the scale
    /// of them all (the tab draws only those that fit).
    project_bars: (usize, i64),
    /// The scale of the overview's participants per training session (it draws only the
    /// sessions that fit).
    session_scale: i64,
    /// Every (village, project) pair of the projects' village lists, sorted and without
    /// repeats: a village's projects are found by a binary search, not a pass over every
    /// project on each frame of its detail.
    village_projects: Vec<(u32, u32)>,
    /// The display width of the longest of the first villages' names (Chinese, English),
    /// which the village table's name column grows to; `None` without villages.
    longest_name: [Option<usize>; 2],
}

/// How many villages, from the first, the name column's width is found from.
const NAME_WIDTH_SAMPLE: usize = 2000;

/// What decides the village table's rows (see [`App::view_hint`]): the reload thread is told
/// it, so that a load arrives with its rows made for the view on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewHint {
    pub sort: Option<SortColumn>,
    pub descending: bool,
    /// Lowercased.
    pub filter: String,
    pub english: bool,
}

impl Loaded {
    /// The village table's rows for `view`: indexes into `Dataset::villages` in display
    /// order, written over `visible`. One pass over the villages at most: the order was
    /// sorted with the load, and the filter's matches are kept from key to key (for the
    /// next character typed, and Backspace). `visible` keeps its memory from key to key:
    /// at 500,000 villages a new list would be 4 MB of fresh pages on every key.
    fn rows_for(&mut self, view: &ViewHint, visible: &mut Vec<usize>) {
        let english = view.english;
        let (data, ind, keys) = (&self.data, &self.indicators, &mut self.keys);
        let slot = view.sort.map(|c| (c, VillageKeys::slot(c, english)));
        if let Some((column, slot)) = slot
            && keys.orders[slot].is_none()
        {
            keys.orders[slot] = Some(sorted_order(data, ind, keys, column, english));
        }
        let matched = keys.matches(&view.filter).is_some();
        let keys = &self.keys;
        let matched = keys.typed.last().filter(|_| matched);
        visible.clear();
        match (slot, matched) {
            (None, Some(m)) => visible.extend(m.list.iter().map(|&i| i as usize)),
            (None, None) => visible.extend(0..data.villages.len()),
            (Some((_, slot)), _) => {
                let order = keys.orders[slot].as_deref().unwrap_or_default();
                match matched {
                    Some(m) => {
                        visible.extend(order.iter().map(|&i| i as usize).filter(|&i| m.contains(i)))
                    }
                    None => visible.extend(order.iter().map(|&i| i as usize)),
                }
                if view.descending {
                    visible.reverse();
                }
            }
        }
    }

    /// Whether any village is marked illustrative in the files.
    pub fn any_village_illustrative(&self) -> bool {
        self.any_illustrative.0
    }

    /// The most households of any village (`None` when none has the figure), found once
    /// per load for the detail's padding.
    pub fn most_households(&self) -> Option<i64> {
        self.most_households
    }

    /// The largest oat-grass acreage of any village in any year (0 when there is none),
    /// found once per load for the detail's padding.
    pub fn most_oat_mu(&self) -> i64 {
        self.most_oat_mu
    }

    /// How many income bars the projects tab has (one per project and year), and the scale
    /// of them all, found once per load.
    pub fn project_bars(&self) -> (usize, i64) {
        self.project_bars
    }

    /// The scale of every training session's participants, found once per load.
    pub fn session_scale(&self) -> i64 {
        self.session_scale
    }

    /// The projects village `index` takes part in (indexes into `Dataset::projects`, in
    /// file order, each once).
    pub fn projects_of(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let village = u32::try_from(index).unwrap_or(u32::MAX);
        let start = self.village_projects.partition_point(|&(v, _)| v < village);
        self.village_projects[start..]
            .iter()
            .take_while(move |&&(v, _)| v == village)
            .map(|&(_, p)| p as usize)
    }

    /// The display width of the longest name among the first villages (of
    /// `NAME_WIDTH_SAMPLE`), in English or in Chinese; `None` without villages.
    pub fn longest_name(&self, english: bool) -> Option<usize> {
        self.longest_name[usize::from(english)]
    }

    /// Whether any village's derived row is illustrative.
    pub fn any_row_illustrative(&self) -> bool {
        self.any_illustrative.1
    }

    /// The villages of each branch status that some village holds, in the party tab's
    /// order: made once per load, so that drawing the tab does not go through every village.
    pub fn branch_groups(&self) -> &[(Option<crate::data::BranchStatus>, Vec<u32>)] {
        &self.branch_groups
    }
}

impl Loaded {
    /// Everything derived from a load's figures: the indicators, the filter's search keys
    /// and the order of every sortable column, so that no key press has to build them.
    /// `None` if `cancelled` says so between two of these steps.
    fn build(data: Dataset, english: bool, cancelled: &dyn Fn() -> bool) -> Option<Loaded> {
        let indicators = Indicators::compute(&data);
        if cancelled() {
            return None;
        }
        let mut keys = VillageKeys::new(&data);
        if cancelled() {
            return None;
        }
        keys.orders = all_orders(&data, &indicators, &keys, english);
        let any_illustrative = (
            data.villages.iter().any(|v| v.illustrative),
            indicators.rows.iter().any(|r| r.illustrative),
        );
        let branch_groups = crate::data::BranchStatus::ALL
            .iter()
            .map(|b| Some(*b))
            .chain(std::iter::once(None))
            .map(|status| {
                let members: Vec<u32> = indicators
                    .branch_rank
                    .iter()
                    .filter(|&&i| data.villages[i].party_branch == status)
                    .map(|&i| i as u32)
                    .collect();
                (status, members)
            })
            .filter(|(_, members)| !members.is_empty())
            .collect();
        let most_households = data
            .villages
            .iter()
            .filter_map(|v| v.households.map(|h| h.value))
            .max();
        let most_oat_mu = data
            .villages
            .iter()
            .flat_map(|v| v.oat_grass_mu.values().map(|f| f.value))
            .max()
            .unwrap_or(0);
        let project_incomes: Vec<i64> = data
            .projects
            .iter()
            .flat_map(|p| p.collective_income_yuan.values().map(|f| f.value))
            .collect();
        let project_bars = (
            project_incomes.len(),
            crate::ui::widgets::scale_of(project_incomes, &[]),
        );
        let session_scale = crate::ui::widgets::scale_of(
            data.sessions.iter().map(|t| t.participants.value).collect(),
            &[],
        );
        let mut village_projects: Vec<(u32, u32)> = data
            .projects
            .iter()
            .enumerate()
            .flat_map(|(p, project)| project.villages.iter().map(move |&v| (v, p)))
            .filter_map(|(v, p)| Some((u32::try_from(v).ok()?, u32::try_from(p).ok()?)))
            .collect();
        village_projects.sort_unstable();
        village_projects.dedup();
        let longest_name = [crate::cli::Lang::Zh, crate::cli::Lang::En].map(|lang| {
            let strings = crate::i18n::strings(lang);
            data.villages
                .iter()
                .take(NAME_WIDTH_SAMPLE)
                .map(|v| crate::text::width(strings.name(&v.name, v.name_en.as_deref())))
                .max()
        });
        Some(Loaded {
            data,
            indicators,
            keys,
            latest_income_warned: false,
            any_illustrative,
            branch_groups,
            most_households,
            most_oat_mu,
            project_bars,
            session_scale,
            village_projects,
            longest_name,
        })
    }
}

/// The result of a load, made ready for the screen where the load ran: the diagnostics in
/// the dashboard's language and, when the load succeeded, the figures with everything
/// derived from them. The files' text (which only `check` quotes) is not kept: during a
/// reload the figures on screen, the new figures and nothing else are in memory.
pub struct Prepared {
    loaded: Option<Loaded>,
    diagnostics: Vec<Diagnostic>,
    /// Where `diagnostics` point (the warnings of a load that succeeded).
    warning_index: WarningIndex,
    /// The village table's rows, made where the load ran for the view on screen then.
    rows: Option<(ViewHint, Vec<usize>)>,
}

impl Prepared {
    pub fn new(outcome: LoadOutcome, strings: &Strings) -> Prepared {
        match Self::unless(outcome, strings, &|| false) {
            Some(prepared) => prepared,
            // Never asked to stop, so never stopped.
            None => Prepared {
                loaded: None,
                diagnostics: Vec::new(),
                warning_index: WarningIndex::default(),
                rows: None,
            },
        }
    }

    /// [`Prepared::new`] that gives up (`None`) if `cancelled` says so between the steps of
    /// building the derived figures: the reload thread's way to drop a load that a newer
    /// save made out of date.
    pub fn unless(
        outcome: LoadOutcome,
        strings: &Strings,
        cancelled: &dyn Fn() -> bool,
    ) -> Option<Prepared> {
        let LoadOutcome {
            dataset,
            diagnostics,
            sources,
            ..
        } = outcome.localize(strings.lang);
        // Freed before the derived figures are built, not after.
        drop(sources);
        let warning_index = WarningIndex::new(&diagnostics);
        let loaded = match dataset {
            Some(data) => {
                let mut loaded = Loaded::build(data, strings.english(), cancelled)?;
                loaded.latest_income_warned = loaded.indicators.latest_year.is_some_and(|y| {
                    loaded.data.villages.iter().any(|v| {
                        v.collective_income_yuan
                            .get(&y)
                            .is_some_and(|f| warning_index.first(f.at).is_some())
                    })
                });
                Some(loaded)
            }
            None => None,
        };
        Some(Prepared {
            loaded,
            diagnostics,
            warning_index,
            rows: None,
        })
    }

    /// Makes the village table's rows for `view` (the filter's matches kept with them), so
    /// that taking the load in costs the screen's thread no search when the view is still
    /// the same: the reload thread calls it with the view on screen as the load ends.
    pub fn make_rows(&mut self, view: &ViewHint) {
        if let Some(loaded) = &mut self.loaded {
            let mut rows = Vec::new();
            loaded.rows_for(view, &mut rows);
            self.rows = Some((view.clone(), rows));
        }
    }

    /// Whether the load succeeded (its figures will replace those on screen).
    pub fn succeeded(&self) -> bool {
        self.loaded.is_some()
    }
}

/// Prepared once per load so that a key press costs one pass over the villages, with no
/// allocation per village, however many there are.
#[derive(Debug, Clone)]
struct VillageKeys {
    /// What the filter searches, one village after another in one string, so that a pass
    /// over 100,000 villages reads memory in order: the name lowercased, the id, the
    /// English name lowercased (empty when there is none), the name's full pinyin and its
    /// initials; then the pinyin sort key, which the filter does not search.
    text: String,
    /// Where each village's fields start and end in `text`: name, id, English name,
    /// pinyin, initials, sort key.
    bounds: Vec<[usize; 7]>,
    /// Which villages have an English name (an empty one is still one).
    has_en: Vec<bool>,
    /// For each village, which ASCII bytes occur in its five searched fields (bit `b` for
    /// byte `b`). A one-character ASCII filter is then one bit test per village, and a
    /// longer filter only searches the villages that hold all of its ASCII characters.
    ascii: Vec<u128>,
    /// The matches of each filter typed since the filter was last empty, each filter
    /// extending the one before: see [`VillageKeys::matches`].
    typed: Vec<Matched>,
    /// Every village in ascending order of a column (ties in file order), all made once per
    /// load where the load ran ([`all_orders`]); see `slot` for the index. A slot left
    /// empty (the other language's name order) is made the first time it is asked for.
    orders: Vec<Option<Vec<u32>>>,
}

impl VillageKeys {
    fn new(data: &Dataset) -> Self {
        let mut text = String::new();
        let mut bounds = Vec::with_capacity(data.villages.len());
        let has_en = data.villages.iter().map(|v| v.name_en.is_some()).collect();
        for v in &data.villages {
            let start = text.len();
            text.push_str(&v.name.to_lowercase());
            let id = text.len();
            text.push_str(&v.id);
            let en = text.len();
            if let Some(n) = &v.name_en {
                text.push_str(&n.to_lowercase());
            }
            let pinyin = crate::text::pinyin_keys(&v.name);
            let full = text.len();
            text.push_str(&pinyin.full);
            let initials = text.len();
            text.push_str(&pinyin.initials);
            let sort = text.len();
            text.push_str(&pinyin.sort);
            bounds.push([start, id, en, full, initials, sort, text.len()]);
        }
        let mut keys = Self::laid_out(text, bounds, has_en);
        keys.orders = vec![None; SortColumn::ALL.len() + 1];
        keys
    }

    /// Keys from their text and each village's field bounds in it, with the ASCII bytes of
    /// each village's searched fields; no filter typed, no order made.
    fn laid_out(text: String, bounds: Vec<[usize; 7]>, has_en: Vec<bool>) -> Self {
        let ascii = bounds
            .iter()
            .map(|b| ascii_set(&text.as_bytes()[b[0]..b[5]]))
            .collect();
        VillageKeys {
            text,
            bounds,
            has_en,
            ascii,
            typed: Vec::new(),
            orders: Vec::new(),
        }
    }

    /// The names sort differently in each language, so the name has two orders.
    fn slot(column: SortColumn, english: bool) -> usize {
        if column == SortColumn::Name && english {
            SortColumn::ALL.len()
        } else {
            column.index()
        }
    }

    /// Whether each village matches the filter, in file order. A missing English name
    /// is searched as an empty one, which no non-empty filter matches either.
    ///
    /// One search through the whole of `text` (a `memchr` for one character), not five
    /// per village: each occurrence counts when it lies inside one searched field of its
    /// village, and the search then goes on at the next village.
    fn scan_all(&self, finder: &memchr::memmem::Finder) -> Vec<bool> {
        let n = self.bounds.len();
        let mut out = vec![false; n];
        let t = self.text.as_bytes();
        let len = finder.needle().len();
        let (mut village, mut from) = (0, 0);
        while let Some(found) = t.get(from..).and_then(|rest| finder.find(rest)) {
            let at = from + found;
            while village < n && self.bounds[village][6] <= at {
                village += 1;
            }
            let Some(b) = self.bounds.get(village) else {
                break;
            };
            // The five searched fields are b[0]..b[5]; b[5]..b[6] is the sort key.
            let inside = (0..5).any(|k| b[k] <= at && at + len <= b[k + 1]);
            if inside {
                out[village] = true;
                from = b[6];
                village += 1;
            } else {
                // The needle is whole UTF-8, so it is never found in the middle of a
                // character: the next byte is as good a place to go on as the next one.
                from = at + 1;
            }
        }
        out
    }
}

/// Which ASCII bytes occur in `bytes`, one bit each.
fn ascii_set(bytes: &[u8]) -> u128 {
    bytes
        .iter()
        .filter(|b| b.is_ascii())
        .fold(0, |set, &b| set | 1u128 << b)
}

/// The villages one filter matches: their indexes in file order, and the same as a set.
#[derive(Debug, Clone)]
pub struct Matched {
    /// The filter, lowercased.
    filter: String,
    list: Vec<u32>,
    /// Bit `i % 64` of word `i / 64` is set when village `i` matches.
    set: Vec<u64>,
}

impl Matched {
    fn new(filter: &str, n: usize, list: Vec<u32>) -> Matched {
        let mut set = vec![0u64; n.div_ceil(64)];
        for &i in &list {
            set[i as usize / 64] |= 1 << (i % 64);
        }
        Matched {
            filter: filter.to_string(),
            list,
            set,
        }
    }

    fn contains(&self, i: usize) -> bool {
        self.set.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }
}

impl VillageKeys {
    /// The villages that match `filter` (already lowercased); `None` when the filter is
    /// empty and every village matches.
    ///
    /// A keystroke does not search all the villages again when it need not. The matches of
    /// each filter typed since the filter was last empty are kept, one extending the
    /// other: a filter that extends the last one only searches the villages that one
    /// matched, and Backspace goes back to the matches it had (no search at all). A village
    /// that lacks one of the filter's ASCII characters cannot match (one bit test), and one
    /// ASCII character is decided by that test alone. What is left is searched field by
    /// field, exactly as [`VillageKeys::scan_all`] would.
    fn matches(&mut self, filter: &str) -> Option<&Matched> {
        if filter.is_empty() {
            self.typed.clear();
            return None;
        }
        // Keep the filters this one extends (each kept one extends the one before it).
        while self
            .typed
            .last()
            .is_some_and(|m| !filter.starts_with(m.filter.as_str()))
        {
            self.typed.pop();
        }
        if self.typed.last().is_some_and(|m| m.filter == filter) {
            return self.typed.last();
        }
        let n = self.bounds.len();
        let want = ascii_set(filter.as_bytes());
        let has_ascii = |i: usize| self.ascii[i] & want == want;
        let finder = memchr::memmem::Finder::new(filter.as_bytes());
        let list: Vec<u32> = match self.typed.last() {
            // Narrowing: only the villages the shorter filter matched.
            Some(base) => base
                .list
                .iter()
                .copied()
                .filter(|&i| has_ascii(i as usize) && self.village_has(i as usize, &finder))
                .collect(),
            // One ASCII character: the bit is the answer.
            None if filter.len() == 1 => (0..n as u32).filter(|&i| has_ascii(i as usize)).collect(),
            None => {
                let candidates = (0..n).filter(|&i| has_ascii(i)).count();
                if candidates > n / 8 {
                    // Most villages are left: one pass through the whole text is quicker
                    // than a search per village.
                    let found = self.scan_all(&finder);
                    (0..n as u32)
                        .filter(|&i| found[i as usize] && has_ascii(i as usize))
                        .collect()
                } else {
                    (0..n as u32)
                        .filter(|&i| has_ascii(i as usize) && self.village_has(i as usize, &finder))
                        .collect()
                }
            }
        };
        self.typed.push(Matched::new(filter, n, list));
        self.typed.last()
    }

    /// Whether the needle lies inside one of village `i`'s five searched fields: one search
    /// through its fields laid end to end, each place found checked against the fields'
    /// bounds.
    fn village_has(&self, i: usize, finder: &memchr::memmem::Finder) -> bool {
        let b = &self.bounds[i];
        let fields = &self.text.as_bytes()[b[0]..b[5]];
        let len = finder.needle().len();
        let mut from = 0;
        while let Some(found) = fields.get(from..).and_then(|rest| finder.find(rest)) {
            let at = b[0] + from + found;
            if (0..5).any(|k| b[k] <= at && at + len <= b[k + 1]) {
                return true;
            }
            from += found + 1;
        }
        false
    }
}

/// A village's key for a figure column; `None` (no figure) sorts before every figure.
/// Not used for the name, which sorts by the strings in `VillageKeys`.
fn figure_key(data: &Dataset, ind: &Indicators, column: SortColumn, i: usize) -> Option<i64> {
    let (v, row) = (&data.villages[i], &ind.rows[i]);
    match column {
        SortColumn::Name => None,
        SortColumn::Income => row.income,
        SortColumn::Change => row.change,
        SortColumn::Status => row.status.map(|s| s as i64),
        // Villages past both targets have no distance: they come after the rest.
        SortColumn::Gap => Some(row.gap.map_or(i64::MAX, |g| g.short)),
        SortColumn::Oat => row.oat_mu,
        SortColumn::Households => v.households.map(|h| h.value),
        SortColumn::Branch => v.party_branch.map(|b| b as i64),
    }
}

/// Every village in ascending order of `column`; equal keys keep file order, so filtering
/// this order gives what sorting the filtered villages would, and the descending order is
/// this one reversed.
fn sorted_order(
    data: &Dataset,
    ind: &Indicators,
    keys: &VillageKeys,
    column: SortColumn,
    english: bool,
) -> Vec<u32> {
    let n = data.villages.len();
    if column == SortColumn::Name {
        // The keys are already in `keys.text`: sort by them in place, with no string made
        // per village. Chinese names sort by pinyin (then by the name, for names that sound
        // alike); English ones by letter. The index last makes equal names keep file order
        // with the quicker unstable sort.
        let name = |i: u32| -> (&str, &str, u32) {
            let [a, b, c, d, _, f, g] = keys.bounds[i as usize];
            if english && keys.has_en[i as usize] {
                (&keys.text[c..d], &keys.text[a..b], i)
            } else {
                (&keys.text[f..g], &keys.text[a..b], i)
            }
        };
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_unstable_by(|&x, &y| name(x).cmp(&name(y)));
        return order;
    }
    // (key, index) pairs: one read of the figures per village, then a sort of plain
    // integers; the index breaks ties in file order.
    let mut pairs: Vec<(Option<i64>, u32)> = (0..n)
        .map(|i| (figure_key(data, ind, column, i), i as u32))
        .collect();
    pairs.sort_unstable();
    pairs.into_iter().map(|(_, i)| i).collect()
}

/// Every column's order (the name in the dashboard's language), built once per load so that
/// no key press sorts. The columns are shared out among up to as many threads as the machine
/// has cores, the name (string comparisons, the slowest) first.
fn all_orders(
    data: &Dataset,
    ind: &Indicators,
    keys: &VillageKeys,
    english: bool,
) -> Vec<Option<Vec<u32>>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(&column) = SortColumn::ALL.get(k) else {
                return done;
            };
            done.push((column, sorted_order(data, ind, keys, column, english)));
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(SortColumn::ALL.len());
    // Small data sets are sorted before a thread could start.
    let threads = if data.villages.len() < 20_000 {
        1
    } else {
        threads
    };
    let mut sorted: Vec<(SortColumn, Vec<u32>)> = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mut all = work();
        for h in helpers {
            // A helper that panicked leaves its columns to be sorted the first time
            // they are asked for.
            if let Ok(done) = h.join() {
                all.extend(done);
            }
        }
        all
    });
    let mut orders = vec![None; SortColumn::ALL.len() + 1];
    for (column, order) in sorted.drain(..) {
        orders[VillageKeys::slot(column, english)] = Some(order);
    }
    orders
}

/// The village table's view: sort, filter, selection and an opened village.
#[derive(Debug, Clone, Default)]
pub struct VillagesView {
    pub sort: Option<SortColumn>,
    pub descending: bool,
    pub filter: String,
    pub editing_filter: bool,
    /// Indexes into `Dataset::villages`, in display order (sorted and filtered). Computed in
    /// `update`, never while drawing.
    pub visible: Vec<usize>,
    pub selected: usize,
    /// The village opened with Enter (an index into `Dataset::villages`).
    pub detail: Option<usize>,
}

/// One township of a county: its folder and its own full dashboard.
pub struct TownshipSlot {
    pub folder: String,
    pub app: App,
}

/// A county directory on screen: one row per township, and the township opened with Enter.
pub struct CountyState {
    /// `county.toml` of the last load that read it without errors.
    pub county: Option<crate::data::county::County>,
    /// Errors of `county.toml` and of the county directory itself.
    pub errors: Vec<Diagnostic>,
    pub townships: Vec<TownshipSlot>,
    pub selected: usize,
    /// The township whose dashboard is shown (Enter), until Esc or `q` comes back.
    pub open: Option<usize>,
}

pub struct App {
    pub dir: DataDir,
    /// A county directory: the townships and which is open. `None` for a township.
    pub county: Option<Box<CountyState>>,
    /// In a township of a county: the county's name, for the heading.
    pub context: Option<String>,
    pub strings: &'static Strings,
    pub theme: Theme,
    pub loaded: Option<Loaded>,
    /// Errors of the most recent load; empty when it succeeded.
    pub errors: Vec<Diagnostic>,
    /// Warnings of the last good load.
    pub warnings: Vec<Diagnostic>,
    /// Where `warnings` point; replaced with them.
    warning_index: WarningIndex,
    pub loaded_at: Option<DateTime<Local>>,
    pub tab: Tab,
    pub overlay: Option<Overlay>,
    pub overlay_scroll: usize,
    pub villages: VillagesView,
    pub project_selected: usize,
    pub session_selected: usize,
    /// Income charts show the band around the targets instead of the axis from zero.
    pub zoom: bool,
    /// A one-line message for the status bar (e.g. an editor that failed to start).
    pub message: Option<String>,
    /// Set by the runtime: the files changed and a reload is in flight or pending.
    pub reload_pending: bool,
    /// Set by the runtime: how the files are watched.
    pub watch_mode: WatchMode,
}

/// Whether the figures on screen are those of the files on disk, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// The figures are those of the files, as far as the watcher knows.
    Current,
    /// The files changed; a reload is running or queued.
    ReloadPending,
    /// The last reload failed: the figures on screen are older than the files.
    ReloadFailed,
}

/// Where the warnings point, file by file, in order of where they start: whether a figure
/// is warned about is a binary search, not a pass over every warning. A frame asks it for
/// each figure it draws, and a national data set can carry thousands of warnings.
#[derive(Debug, Clone, Default)]
pub struct WarningIndex {
    files: Vec<(FileKind, Vec<Spot>)>,
}

/// One warning's place: `end` is at least `start + 1`, so an empty span still covers the
/// character it points at; `reach` is the largest `end` of this spot and every spot that
/// starts before it.
#[derive(Debug, Clone, Copy)]
struct Spot {
    start: u32,
    end: u32,
    reach: u32,
    /// Its place in the list of warnings.
    index: usize,
}

impl WarningIndex {
    pub fn new(warnings: &[Diagnostic]) -> Self {
        let mut files: Vec<(FileKind, Vec<Spot>)> = Vec::new();
        for (index, at) in warnings
            .iter()
            .enumerate()
            .filter_map(|(i, d)| Some((i, d.at?)))
        {
            let spot = Spot {
                start: at.start,
                end: at.end.max(at.start.saturating_add(1)),
                reach: 0,
                index,
            };
            match files.iter_mut().find(|(f, _)| *f == at.file) {
                Some((_, spots)) => spots.push(spot),
                None => files.push((at.file, vec![spot])),
            }
        }
        for (_, spots) in &mut files {
            spots.sort_by_key(|s| (s.start, s.index));
            let mut reach = 0;
            for s in spots.iter_mut() {
                reach = reach.max(s.end);
                s.reach = reach;
            }
        }
        WarningIndex { files }
    }

    /// The place in the list of the first warning whose span overlaps `at`'s (an empty span
    /// counts as its first character).
    pub fn first(&self, at: crate::data::At) -> Option<usize> {
        let (_, spots) = self.files.iter().find(|(f, _)| *f == at.file)?;
        let end = at.end.max(at.start.saturating_add(1));
        // Spots that start before `at` ends; going back from the last of them, those that
        // end after `at` starts overlap it, and once no earlier spot reaches that far none
        // can.
        let before = spots.partition_point(|s| s.start < end);
        spots[..before]
            .iter()
            .rev()
            .take_while(|s| s.reach > at.start)
            .filter(|s| s.end > at.start)
            .map(|s| s.index)
            .min()
    }
}

impl App {
    pub fn new(dir: DataDir, strings: &'static Strings, theme: Theme) -> Self {
        App {
            dir,
            county: None,
            context: None,
            strings,
            theme,
            loaded: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            warning_index: WarningIndex::default(),
            loaded_at: None,
            tab: Tab::Overview,
            overlay: None,
            overlay_scroll: 0,
            villages: VillagesView::default(),
            project_selected: 0,
            session_selected: 0,
            zoom: false,
            message: None,
            reload_pending: false,
            watch_mode: WatchMode::None,
        }
    }

    /// The dashboard the keys go to: the open township of a county, else this one.
    pub fn active(&self) -> &App {
        match &self.county {
            Some(c) => c
                .open
                .and_then(|i| c.townships.get(i))
                .map_or(self, |t| &t.app),
            None => self,
        }
    }

    /// What the runtime knows about reloads and watching, for every status line.
    pub fn set_runtime(&mut self, reload_pending: bool, watch_mode: WatchMode) {
        self.reload_pending = reload_pending;
        self.watch_mode = watch_mode;
        if let Some(c) = &mut self.county {
            for t in &mut c.townships {
                t.app.reload_pending = reload_pending;
                t.app.watch_mode = watch_mode;
            }
        }
    }

    /// Takes in a whole county's load (at start, and for `snapshot`).
    pub fn apply_county_load(
        &mut self,
        outcome: crate::data::county::CountyOutcome,
        at: DateTime<Local>,
    ) {
        let folders = outcome.townships.iter().map(|t| t.folder.clone()).collect();
        self.apply_county_reload(
            crate::data::county::CountyReload {
                county: outcome.county,
                diagnostics: outcome.diagnostics,
                folders,
                reloaded: outcome.townships,
            },
            at,
        );
    }

    /// Takes in a county reload: `county.toml` and the listing read again, and the
    /// townships whose files changed loaded again; the others keep what they show. Each
    /// township keeps its last good figures when its new files have errors.
    pub fn apply_county_reload(
        &mut self,
        reload: crate::data::county::CountyReload,
        at: DateTime<Local>,
    ) {
        let strings = self.strings;
        let theme = self.theme;
        let c = self.county.get_or_insert_with(|| {
            Box::new(CountyState {
                county: None,
                errors: Vec::new(),
                townships: Vec::new(),
                selected: 0,
                open: None,
            })
        });
        let mut errors: Vec<Diagnostic> = reload
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        for e in &mut errors {
            e.localize(strings.lang);
        }
        if reload.county.is_some() || c.county.is_none() {
            c.county = reload.county.or(c.county.take());
        }
        c.errors = errors;
        let open_folder = c
            .open
            .and_then(|i| c.townships.get(i))
            .map(|t| t.folder.clone());
        let selected_folder = c.townships.get(c.selected).map(|t| t.folder.clone());
        let mut old: Vec<TownshipSlot> = std::mem::take(&mut c.townships);
        let county_name = c
            .county
            .as_ref()
            .map(|k| strings.name(&k.name, k.name_en.as_deref()).to_string());
        let mut reloaded = reload.reloaded;
        for folder in reload.folders {
            let mut slot = match old.iter().position(|t| t.folder == folder) {
                Some(i) => old.swap_remove(i),
                None => {
                    let dir = match &self.dir {
                        DataDir::Path(p) => DataDir::Path(p.join(&folder)),
                        DataDir::BuiltIn => DataDir::BuiltIn,
                    };
                    TownshipSlot {
                        folder: folder.clone(),
                        app: App::new(dir, strings, theme),
                    }
                }
            };
            slot.app.context = county_name.clone();
            if let Some(i) = reloaded.iter().position(|t| t.folder == folder) {
                let t = reloaded.swap_remove(i);
                slot.app.dir = t.dir;
                slot.app.apply_load(t.outcome, at);
            }
            c.townships.push(slot);
        }
        c.open = open_folder.and_then(|f| c.townships.iter().position(|t| t.folder == f));
        c.selected = selected_folder
            .and_then(|f| c.townships.iter().position(|t| t.folder == f))
            .unwrap_or(0)
            .min(c.townships.len().saturating_sub(1));
        // The county's lists: every township's errors and warnings, in folder order.
        self.errors = c
            .errors
            .iter()
            .chain(c.townships.iter().flat_map(|t| &t.app.errors))
            .cloned()
            .collect();
        self.warnings = c
            .townships
            .iter()
            .flat_map(|t| &t.app.warnings)
            .cloned()
            .collect();
        self.warning_index = WarningIndex::new(&self.warnings);
        self.loaded_at = Some(at);
        if self.overlay == Some(Overlay::Errors) && self.errors.is_empty() {
            self.overlay = None;
        }
    }

    /// Opens township `index` of a county on `tab`.
    pub fn open_township(&mut self, index: usize, tab: Tab) {
        if let Some(c) = &mut self.county
            && let Some(t) = c.townships.get_mut(index)
        {
            t.app.tab = tab;
            t.app.overlay = None;
            c.selected = index;
            c.open = Some(index);
        }
    }

    /// Whether the files on disk may be newer than the figures on screen.
    pub fn freshness(&self) -> Freshness {
        let shows_figures = self.loaded.is_some()
            || self
                .county
                .as_ref()
                .is_some_and(|c| c.townships.iter().any(|t| t.app.loaded.is_some()));
        if self.reload_pending {
            Freshness::ReloadPending
        } else if !self.errors.is_empty() && shows_figures {
            Freshness::ReloadFailed
        } else {
            Freshness::Current
        }
    }

    /// Takes in the result of a load. A failed load keeps the last good figures and only
    /// records the errors; the selection follows the same village across reloads.
    pub fn apply_load(&mut self, outcome: LoadOutcome, at: DateTime<Local>) {
        let mut prepared = Prepared::new(outcome, self.strings);
        prepared.make_rows(&self.view_hint());
        drop(self.apply_prepared(prepared, at));
    }

    /// Takes in a load made ready by [`Prepared::new`] (on the reload thread, so that the
    /// UI thread only swaps it in). Returns the figures it replaced, for the caller to free
    /// where it costs the screen nothing.
    pub fn apply_prepared(&mut self, prepared: Prepared, at: DateTime<Local>) -> Option<Loaded> {
        match prepared.loaded {
            Some(loaded) => {
                // Each with its place in the old figures: where a village usually still is.
                let selected_id = self
                    .villages
                    .visible
                    .get(self.villages.selected)
                    .and_then(|&i| Some((self.data()?.villages.get(i)?.id.clone(), i)));
                let detail_id = self
                    .villages
                    .detail
                    .and_then(|i| Some((self.data()?.villages.get(i)?.id.clone(), i)));
                self.warnings = prepared.diagnostics;
                self.warning_index = prepared.warning_index;
                self.errors.clear();
                let old = self.loaded.replace(loaded);
                self.loaded_at = Some(at);
                match prepared.rows {
                    // Made for the view still on screen: only the selection is looked for.
                    Some((view, rows)) if view == self.view_hint() => {
                        self.villages.visible = rows;
                        self.villages.selected = 0;
                    }
                    _ => self.refresh_villages(),
                }
                if let Some((id, was)) = selected_id {
                    self.select_village_id(&id, was);
                }
                self.villages.detail = detail_id.and_then(|(id, was)| self.village_index(&id, was));
                self.clamp_selections();
                if self.overlay == Some(Overlay::Errors) {
                    self.overlay = None;
                }
                old
            }
            None => {
                self.errors = prepared
                    .diagnostics
                    .into_iter()
                    .filter(Diagnostic::is_error)
                    .collect();
                None
            }
        }
    }

    /// The first warning that points at this figure, to mark it where it is drawn.
    pub fn warning_at(&self, at: crate::data::At) -> Option<&Diagnostic> {
        self.warnings.get(self.warning_index.first(at)?)
    }

    /// Whether a warning points at the latest year's income of any village (for the
    /// overview's headline), found once per load.
    pub fn latest_income_warned(&self) -> bool {
        self.loaded.as_ref().is_some_and(|l| l.latest_income_warned)
    }

    pub fn data(&self) -> Option<&Dataset> {
        self.loaded.as_ref().map(|l| &l.data)
    }

    /// The index of the village with this id; `was` is where it was before a reload, looked
    /// at first (a reload usually leaves the villages in their places), then every village.
    fn village_index(&self, id: &str, was: usize) -> Option<usize> {
        let villages = &self.data()?.villages;
        if villages.get(was).is_some_and(|v| v.id == id) {
            return Some(was);
        }
        villages.iter().position(|v| v.id == id)
    }

    fn select_village_id(&mut self, id: &str, was: usize) {
        if let Some(index) = self.village_index(id, was)
            && let Some(pos) = self.villages.visible.iter().position(|i| *i == index)
        {
            self.villages.selected = pos;
        }
    }

    pub fn selected_village(&self) -> Option<&crate::data::Village> {
        let index = *self.villages.visible.get(self.villages.selected)?;
        self.data()?.villages.get(index)
    }

    fn clamp_selections(&mut self) {
        let (projects, sessions) = self
            .data()
            .map_or((0, 0), |d| (d.projects.len(), d.sessions.len()));
        self.villages.selected = self
            .villages
            .selected
            .min(self.villages.visible.len().saturating_sub(1));
        self.project_selected = self.project_selected.min(projects.saturating_sub(1));
        self.session_selected = self.session_selected.min(sessions.saturating_sub(1));
    }

    /// Recomputes the village table's order after a load, a sort or a filter change: one
    /// pass over the villages, filtering an order sorted once per load and column.
    pub fn refresh_villages(&mut self) {
        let following = self.villages.visible.get(self.villages.selected).copied();
        let view = self.view_hint();
        let Some(loaded) = &mut self.loaded else {
            self.villages.visible.clear();
            return;
        };
        let mut visible = std::mem::take(&mut self.villages.visible);
        loaded.rows_for(&view, &mut visible);
        // The selection stays on its village when that is still shown.
        // Otherwise it goes to the first row.
        self.villages.selected = following
            .and_then(|f| visible.iter().position(|&i| i == f))
            .unwrap_or(0);
        self.villages.visible = visible;
        self.clamp_selections();
    }

    /// What decides the village table's rows: the sort, its direction and the filter.
    pub fn view_hint(&self) -> ViewHint {
        ViewHint {
            sort: self.villages.sort,
            descending: self.villages.descending,
            filter: self.villages.filter.to_lowercase(),
            english: self.strings.english(),
        }
    }

    fn rows_on_tab(&self) -> usize {
        let Some(data) = self.data() else { return 0 };
        match self.tab {
            Tab::Villages => self.villages.visible.len(),
            Tab::Projects => data.projects.len(),
            Tab::Training => data.sessions.len(),
            _ => 0,
        }
    }

    fn selection_mut(&mut self) -> Option<&mut usize> {
        match self.tab {
            Tab::Villages => Some(&mut self.villages.selected),
            Tab::Projects => Some(&mut self.project_selected),
            Tab::Training => Some(&mut self.session_selected),
            _ => None,
        }
    }

    fn move_selection(&mut self, by: isize) {
        if self.overlay.is_some() {
            self.overlay_scroll = self.overlay_scroll.saturating_add_signed(by);
            return;
        }
        let rows = self.rows_on_tab();
        if let Some(selected) = self.selection_mut() {
            let last = rows.saturating_sub(1) as isize;
            *selected = (*selected as isize + by).clamp(0, last) as usize;
        }
        // In a village's detail, moving goes to the next village without leaving it.
        if self.tab == Tab::Villages && self.villages.detail.is_some() {
            self.villages.detail = self.villages.visible.get(self.villages.selected).copied();
        }
    }

    /// The file and line of the record the user is looking at, for `e`.
    fn edit_target(&self) -> Option<(FileKind, usize)> {
        let data = self.data()?;
        match self.tab {
            Tab::Villages => {
                let index = match self.villages.detail {
                    Some(i) => i,
                    None => *self.villages.visible.get(self.villages.selected)?,
                };
                Some((FileKind::Villages, data.villages.get(index)?.line))
            }
            Tab::Projects => Some((
                FileKind::Projects,
                data.projects.get(self.project_selected)?.line,
            )),
            Tab::Training => Some((
                FileKind::Training,
                data.sessions.get(self.session_selected)?.line,
            )),
            Tab::Overview if !self.errors.is_empty() => self.first_error_target(),
            Tab::Overview | Tab::Oat | Tab::Party => None,
        }
    }

    fn first_error_target(&self) -> Option<(FileKind, usize)> {
        let e = self.errors.first()?;
        Some((e.file?, e.position.map_or(1, |p| p.line)))
    }

    /// A county's keys: on the overview they move between townships and open one; in an
    /// open township they go to its dashboard, except that Esc and `q` at its top level
    /// come back to the county.
    fn update_county(&mut self, action: Action) -> Option<Effect> {
        let c = self.county.as_mut()?;
        if let Some(t) = c.open.and_then(|i| c.townships.get_mut(i)) {
            let child = &mut t.app;
            let top = child.overlay.is_none()
                && child.villages.detail.is_none()
                && !child.villages.editing_filter;
            let filtered = child.tab == Tab::Villages && !child.villages.filter.is_empty();
            return Some(match action {
                Action::Close if top => {
                    c.open = None;
                    Effect::None
                }
                Action::Back if top && !filtered => {
                    c.open = None;
                    Effect::None
                }
                _ => child.update(action),
            });
        }
        self.message = None;
        let rows = c.townships.len();
        let overlay = self.overlay.is_some();
        let mut step = |by: isize| {
            if overlay {
                self.overlay_scroll = self.overlay_scroll.saturating_add_signed(by);
            } else {
                let last = rows.saturating_sub(1) as isize;
                c.selected = (c.selected as isize + by).clamp(0, last) as usize;
            }
        };
        match action {
            Action::Up => step(-1),
            Action::Down => step(1),
            Action::PageUp => step(-10),
            Action::PageDown => step(10),
            Action::Top => step(isize::MIN / 2),
            Action::Bottom => step(isize::MAX / 2),
            Action::Open if !overlay && rows > 0 => {
                let tab = c.townships[c.selected].app.tab;
                let i = c.selected;
                self.open_township(i, tab);
            }
            Action::GoTab(tab) if rows > 0 => {
                let i = c.selected;
                self.overlay = None;
                self.open_township(i, tab);
            }
            Action::Edit => {
                // The first error where it is, else the selected township's township.toml.
                let target = match self.errors.first() {
                    Some(e) => Some((
                        std::path::PathBuf::from(&e.path),
                        e.position.map_or(1, |p| p.line),
                    )),
                    None => c.townships.get(c.selected).and_then(|t| match &t.app.dir {
                        DataDir::Path(d) => Some((d.join(FileKind::Township.file_name()), 1)),
                        DataDir::BuiltIn => None,
                    }),
                };
                return Some(match target {
                    Some((path, line)) => Effect::Edit { path, line },
                    None => Effect::None,
                });
            }
            Action::Quit
            | Action::Close
            | Action::Back
            | Action::Reload
            | Action::Redraw
            | Action::Suspend
            | Action::ToggleHelp
            | Action::ShowWarnings
            | Action::ShowErrors => return None,
            _ => {}
        }
        Some(Effect::None)
    }

    /// Applies one action; returns what the runtime must do.
    pub fn update(&mut self, action: Action) -> Effect {
        if let Some(effect) = self.update_county(action) {
            return effect;
        }
        self.message = None;
        match action {
            Action::Quit => return Effect::Quit,
            Action::Close if self.overlay.is_some() => self.overlay = None,
            Action::Close if self.villages.detail.is_some() && self.tab == Tab::Villages => {
                self.villages.detail = None;
            }
            Action::Close => return Effect::Quit,
            Action::Reload => return Effect::Reload,
            Action::Redraw => return Effect::Redraw,
            Action::Suspend => return Effect::Suspend,
            Action::Edit => {
                let target = if self.overlay == Some(Overlay::Errors) {
                    self.first_error_target()
                } else {
                    self.edit_target()
                };
                return match (target, &self.dir) {
                    (Some((kind, line)), DataDir::Path(dir)) => Effect::Edit {
                        path: dir.join(kind.file_name()),
                        line,
                    },
                    (Some(_), DataDir::BuiltIn) => {
                        self.message = Some(self.strings.built_in_not_editable.to_string());
                        Effect::None
                    }
                    (None, _) => Effect::None,
                };
            }
            Action::NextTab => self.switch_tab(self.tab.offset(1)),
            Action::PrevTab => self.switch_tab(self.tab.offset(-1)),
            Action::GoTab(tab) => self.switch_tab(tab),
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::PageUp => self.move_selection(-10),
            Action::PageDown => self.move_selection(10),
            Action::Top => self.move_selection(isize::MIN / 2),
            Action::Bottom => self.move_selection(isize::MAX / 2),
            Action::SortPrev | Action::SortNext if self.tab == Tab::Villages => {
                let n = SortColumn::ALL.len() as isize;
                let by = if action == Action::SortNext { 1 } else { -1 };
                let next = match self.villages.sort {
                    None if by > 0 => 0,
                    None => n - 1,
                    Some(c) => (c.index() as isize + by).rem_euclid(n),
                };
                let column = SortColumn::ALL[next as usize];
                // Figures read best largest first; names alphabetically; the distance to the
                // next target nearest first.
                self.villages.descending = !matches!(column, SortColumn::Name | SortColumn::Gap);
                self.villages.sort = Some(column);
                self.refresh_villages();
            }
            Action::ReverseSort if self.tab == Tab::Villages => {
                self.villages.descending = !self.villages.descending;
                if self.villages.sort.is_none() {
                    self.villages.sort = Some(SortColumn::Income);
                }
                self.refresh_villages();
            }
            Action::FileOrder if self.tab == Tab::Villages => {
                self.villages.sort = None;
                self.villages.descending = false;
                self.refresh_villages();
            }
            Action::StartFilter if self.tab == Tab::Villages => {
                self.villages.detail = None;
                self.villages.editing_filter = true;
            }
            Action::FilterChar(c) => {
                self.villages.filter.push(c);
                self.refresh_villages();
            }
            Action::FilterBackspace => {
                self.villages.filter.pop();
                self.refresh_villages();
            }
            Action::FilterDone => self.villages.editing_filter = false,
            Action::FilterCancel => {
                self.villages.editing_filter = false;
                self.villages.filter.clear();
                self.refresh_villages();
            }
            Action::Open if self.overlay.is_none() && self.tab == Tab::Villages => {
                self.villages.detail = self.villages.visible.get(self.villages.selected).copied();
            }
            Action::Back => {
                if self.overlay.is_some() {
                    self.overlay = None;
                } else if self.villages.detail.is_some() {
                    self.villages.detail = None;
                } else if !self.villages.filter.is_empty() && self.tab == Tab::Villages {
                    self.villages.filter.clear();
                    self.refresh_villages();
                }
            }
            Action::Zoom => self.zoom = !self.zoom,
            Action::ToggleHelp => self.toggle_overlay(Overlay::Help),
            Action::ShowWarnings => self.toggle_overlay(Overlay::Warnings),
            Action::ShowErrors => self.toggle_overlay(Overlay::Errors),
            Action::SortPrev
            | Action::SortNext
            | Action::ReverseSort
            | Action::FileOrder
            | Action::StartFilter
            | Action::Open => {}
        }
        Effect::None
    }

    fn switch_tab(&mut self, tab: Tab) {
        self.overlay = None;
        self.tab = tab;
    }

    fn toggle_overlay(&mut self, overlay: Overlay) {
        self.overlay_scroll = 0;
        self.overlay = if self.overlay == Some(overlay) {
            None
        } else {
            Some(overlay)
        };
    }
}

/// Maps a key press to an action. Pure: depends only on the key and the input mode.
pub fn key_to_action(key: KeyEvent, editing_filter: bool, overlay_open: bool) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c')) {
        return Some(Action::Quit);
    }
    // A Ctrl-modified letter is never the plain letter (Ctrl-L must not sort, Ctrl-E must
    // not open the editor); only these have a meaning.
    if ctrl {
        return match key.code {
            KeyCode::Char('l') => Some(Action::Redraw),
            KeyCode::Char('z') => Some(Action::Suspend),
            KeyCode::Char('f') if !editing_filter => Some(Action::PageDown),
            KeyCode::Char('b') if !editing_filter => Some(Action::PageUp),
            _ => None,
        };
    }
    if editing_filter {
        return match key.code {
            KeyCode::Enter => Some(Action::FilterDone),
            KeyCode::Esc => Some(Action::FilterCancel),
            KeyCode::Backspace => Some(Action::FilterBackspace),
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::Char(c) if !ctrl => Some(Action::FilterChar(c)),
            _ => None,
        };
    }
    let action = match key.code {
        KeyCode::Char('q') => Action::Close,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Esc => Action::Back,
        KeyCode::Tab => Action::NextTab,
        KeyCode::BackTab => Action::PrevTab,
        KeyCode::Char(c @ '1'..='6') => Action::GoTab(Tab::ALL[c as usize - '1' as usize]),
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::Home | KeyCode::Char('g') => Action::Top,
        KeyCode::End | KeyCode::Char('G') => Action::Bottom,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Char('e') => Action::Edit,
        KeyCode::Char('r') => Action::Reload,
        KeyCode::Char('w') => Action::ShowWarnings,
        KeyCode::Char('x') | KeyCode::Char('!') => Action::ShowErrors,
        _ if overlay_open => return None,
        KeyCode::Left | KeyCode::Char('h') => Action::SortPrev,
        KeyCode::Right | KeyCode::Char('l') => Action::SortNext,
        KeyCode::Char('s') => Action::ReverseSort,
        KeyCode::Char('o') => Action::FileOrder,
        KeyCode::Char('z') => Action::Zoom,
        KeyCode::Char('/') => Action::StartFilter,
        KeyCode::Enter => Action::Open,
        _ => return None,
    };
    Some(action)
}

#[cfg(test)]
mod filter_tests {
    use super::*;

    /// Keys laid out as `VillageKeys::new` lays them, from the six fields of each village.
    fn keys(villages: &[[&str; 6]]) -> VillageKeys {
        let mut text = String::new();
        let mut bounds = Vec::new();
        for fields in villages {
            let mut b = [0; 7];
            for (k, field) in fields.iter().enumerate() {
                b[k] = text.len();
                text.push_str(field);
            }
            b[6] = text.len();
            bounds.push(b);
        }
        VillageKeys::laid_out(text, bounds, vec![true; villages.len()])
    }

    /// The matches as one flag per village (all for an empty filter), checking that the
    /// list and the set agree.
    fn flags(k: &mut VillageKeys, needle: &str) -> Vec<bool> {
        let n = k.bounds.len();
        match k.matches(needle) {
            None => vec![true; n],
            Some(m) => {
                let from_set: Vec<bool> = (0..n).map(|i| m.contains(i)).collect();
                let mut from_list = vec![false; n];
                for &i in &m.list {
                    from_list[i as usize] = true;
                }
                assert_eq!(from_set, from_list, "set and list of {needle:?}");
                assert!(m.list.windows(2).all(|w| w[0] < w[1]), "file order");
                from_list
            }
        }
    }

    /// What the filter means: the needle inside one of the five searched fields.
    fn naive(villages: &[[&str; 6]], needle: &str) -> Vec<bool> {
        villages
            .iter()
            .map(|f| needle.is_empty() || f[..5].iter().any(|field| field.contains(needle)))
            .collect()
    }

    #[test]
    fn one_search_through_all_villages_finds_what_a_search_per_field_finds() {
        let villages = [
            [
                "天井村",
                "v1",
                "tianjing",
                "tianjingcun",
                "tjc",
                "tianjingcun天井村",
            ],
            ["双墩村", "v2", "", "shuangduncun", "sdc", "shuangdun"],
            // "ab" only across a field boundary ("a" | "b"), and in the sort key.
            ["a", "b", "", "", "", "abab"],
            ["", "v12", "", "", "", ""],
            ["aaa", "x", "", "", "", ""],
        ];
        // Villages no needle below matches, so that few are left to search one by one
        // (the other way from one pass through all the text).
        let villages: Vec<[&str; 6]> = villages
            .into_iter()
            .chain(std::iter::repeat_n(["qqq", "w9", "", "qqq", "q", "z"], 60))
            .collect();
        let mut k = keys(&villages);
        for needle in [
            "", "a", "ab", "b", "aa", "aaa", "aaaa", "v1", "1", "2", "村", "井村", "cunv", "x",
            "sdcv", "zz", "tj", "tjc", "tianjing", "天井", "v",
        ] {
            let expected = naive(&villages, needle);
            // The whole-text pass, on its own.
            if !needle.is_empty() {
                let finder = memchr::memmem::Finder::new(needle.as_bytes());
                let scanned = k.scan_all(&finder);
                assert_eq!(scanned, expected, "scan {needle:?}");
            }
            // Fresh, with nothing to narrow from.
            k.typed.clear();
            let fresh = flags(&mut k, needle);
            assert_eq!(fresh, expected, "fresh {needle:?}");
            // Typed one character at a time, each narrowing the last; then the same
            // filter again (as a sort does), and after a backspace.
            k.typed.clear();
            let mut typed = String::new();
            for c in needle.chars() {
                typed.push(c);
                let got = flags(&mut k, &typed);
                assert_eq!(got, naive(&villages, &typed), "typed {typed:?}");
            }
            let again = flags(&mut k, needle);
            assert_eq!(again, expected, "again {needle:?}");
            if let Some((cut, _)) = needle.char_indices().last() {
                let back = flags(&mut k, &needle[..cut]);
                assert_eq!(back, naive(&villages, &needle[..cut]), "back {needle:?}");
            }
        }
    }
}
