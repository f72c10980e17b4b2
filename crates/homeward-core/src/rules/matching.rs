//! When a person is reported, which records already held may be them (issue 14, item 2).

/// A record at least this likely to be the new person is shown to a reporter who may see it, and proposed for
/// review if the reporter records the person anyway: the link threshold of `homeward link run`.
pub const SHOWN_FROM: f64 = 0.5;

/// A record at least this likely to be the new person, which the reporter may not see, is flagged to the agencies
/// that hold it, without anything of it shown to the reporter.
pub const FLAGGED_FROM: f64 = 0.9;

/// The most records shown to a reporter, the likeliest first.
pub const MOST_SHOWN: usize = 5;

/// A match key filing more records than this is passed over: a very common name born in one year says little, and
/// comparing with all of them would slow every report. The same limit as the batch linker's blocks.
pub const LARGEST_KEY: u32 = 200;

/// An import creating more new people than this does not search for each (a first load of a whole force's
/// history): its summary says so, and `homeward link run` proposes the links over everyone instead.
pub const IMPORT_SEARCH_LIMIT: usize = 10_000;
