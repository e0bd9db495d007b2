//! Named moments of a build or an update at which the fault-injection tests make the
//! process die (`HANSEEK_FAULT_AT=commit`): it aborts there as `kill -9` would stop
//! it, with no destructor run, no lock released and nothing cleaned up. Each moment is
//! one the index's promise must survive (docs/RELIABILITY.md): the previous index keeps
//! answering, and the next build or update works. Unset, a moment costs one lookup of
//! the variable.

/// The variable naming the moment to die at.
pub const FAULT_ENV: &str = "HANSEEK_FAULT_AT";

/// Every moment, in the order a build reaches them; an update reaches the first three.
pub const MOMENTS: [&str; 5] = [
    // Half the corpus handed to tantivy, whose threads are writing segment files.
    "segments",
    // Every document added; tantivy's commit about to start.
    "commit",
    // Committed (meta.json written), merges may be running; the pointer not yet moved.
    "committed",
    // The new CURRENT written beside the old one, not yet renamed over it.
    "switch",
    // CURRENT names the new generation; old generations not yet removed.
    "cleanup",
];

/// Dies here if the variable names `moment`.
pub fn reached(moment: &str) {
    debug_assert!(MOMENTS.contains(&moment), "{moment} is not a fault moment");
    if std::env::var_os(FAULT_ENV).is_some_and(|wanted| wanted == moment) {
        eprintln!("hanseek: dying at '{moment}' as {FAULT_ENV} asks");
        std::process::abort();
    }
}
