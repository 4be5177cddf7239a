//! The files AI coding agents read as instructions.
//!
//! An agent reads these files before it reads anything the user asks about, and obeys them: a
//! payload hidden in one of them (tag characters, a bidi-reordered line) steers every later
//! session in the repository. Most are hidden files (`.cursorrules`, `.claude/`), which directory
//! walks skip by habit, so this list is what a scan must never miss, and what a scan limited to
//! agent instructions reads. It lives in the core so that every face shares one list.

/// The agent instruction files, as paths relative to the directory an agent works in, `/`
/// between components. An entry ending in `/` is a directory: everything below it is read.
/// Each entry is also read in subdirectories (agents read `AGENTS.md` and `CLAUDE.md` found
/// deeper in the tree).
pub const AGENT_FILES: &[&str] = &[
    "AGENTS.md",
    "AGENT.md",
    "CLAUDE.md",
    "CLAUDE.local.md",
    ".claude/",
    "GEMINI.md",
    ".gemini/",
    ".cursorrules",
    ".cursor/rules/",
    ".windsurfrules",
    ".windsurf/rules/",
    ".github/copilot-instructions.md",
    ".github/instructions/",
    ".github/prompts/",
    ".github/chatmodes/",
    ".github/agents/",
    ".clinerules",
    ".clinerules/",
    ".roorules",
    ".roo/",
    ".continuerules",
    ".continue/rules/",
    "CONVENTIONS.md",
    ".aider.conf.yml",
    ".junie/guidelines.md",
    ".kiro/steering/",
    ".amazonq/rules/",
    ".augment-guidelines",
    ".augment/rules/",
    ".goosehints",
    ".rules",
    ".trae/rules/",
    ".openhands/microagents/",
    ".mcp.json",
    ".vscode/mcp.json",
];

/// True when `path` (relative, `/` between components) is an agent instruction file of
/// [`AGENT_FILES`], at the top or in a subdirectory.
pub fn is_agent_file(path: &str) -> bool {
    AGENT_FILES
        .iter()
        .any(|entry| match entry.strip_suffix('/') {
            Some(dir) => path
                .match_indices(dir)
                .any(|(at, _)| at_component(path, at) && path[at + dir.len()..].starts_with('/')),
            None => path.ends_with(entry) && at_component(path, path.len() - entry.len()),
        })
}

/// True when `at` starts a component of `path`.
fn at_component(path: &str, at: usize) -> bool {
    at == 0 || path[..at].ends_with('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_directories_at_any_depth() {
        for path in [
            ".cursorrules",
            ".github/copilot-instructions.md",
            ".claude/commands/review.md",
            "packages/web/AGENTS.md",
            "sub/.cursor/rules/style.mdc",
            ".clinerules/01-style.md",
        ] {
            assert!(is_agent_file(path), "{path}");
        }
        for path in [
            "README.md",
            "MY.cursorrules",
            "notes/XCLAUDE.md",
            ".claude",
            "x.claude/settings.json",
            "docs/.github/copilot-instructions.md.bak",
        ] {
            assert!(!is_agent_file(path), "{path}");
        }
    }

    #[test]
    fn entries_are_relative_and_distinct() {
        for (i, entry) in AGENT_FILES.iter().enumerate() {
            assert!(!entry.starts_with('/') && !entry.contains('\\'), "{entry}");
            assert!(!AGENT_FILES[..i].contains(entry), "{entry} twice");
        }
    }
}
