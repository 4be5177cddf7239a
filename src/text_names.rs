//! File names that say a file is text.
//!
//! A directory walk skips binary files, and "binary" is judged from the bytes (NUL bytes and
//! invalid UTF-8, [`input`](crate::input)). Bytes are the attacker's to choose: a NUL and one
//! invalid byte appended to `utils.py` made it "binary", and its hidden payload went unscanned,
//! while an AI agent or a lenient reader still reads the text around them. A name is a promise
//! about the content that real binaries do not make: no image, archive or executable is called
//! `.py` or `.md`. So a file whose name says text (source code, documentation, configuration, data
//! formats that are text, and every agent instruction file) is scanned whatever its bytes look
//! like; only files whose names say nothing, or say binary, are judged by their bytes.

use crate::agent_files::is_agent_file;

/// Extensions of text formats (compared without regard to ASCII case): source code, markup and
/// documentation, configuration, and data formats that are text.
#[rustfmt::skip]
pub const TEXT_EXTENSIONS: &[&str] = &[
    // documentation and markup
    "txt", "text", "md", "markdown", "mdx", "mdc", "rst", "adoc", "asciidoc", "org", "tex", "bib",
    "html", "htm", "xhtml", "xml", "svg", "rtf", "po", "pot", "srt", "vtt", "prompt",
    // data and configuration
    "json", "jsonl", "ndjson", "json5", "jsonc", "yaml", "yml", "toml", "ini", "cfg", "conf",
    "properties", "env", "csv", "tsv", "ipynb", "graphql", "gql", "proto", "tf", "hcl", "nix",
    // web
    "css", "scss", "sass", "less", "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "vue",
    "svelte", "astro", "php",
    // programming languages
    "py", "pyi", "pyx", "rb", "pl", "pm", "lua", "go", "rs", "c", "h", "cc", "cpp", "cxx", "hpp",
    "hh", "m", "mm", "java", "kt", "kts", "scala", "groovy", "gradle", "cs", "fs", "vb", "swift",
    "dart", "r", "jl", "hs", "ml", "mli", "ex", "exs", "erl", "clj", "cljs", "el", "lisp", "scm",
    "zig", "nim", "sol", "sql",
    // shells and build files
    "sh", "bash", "zsh", "fish", "ps1", "psm1", "bat", "cmd", "mk", "cmake", "dockerfile",
];

/// Whole file names of text files that usually have no extension.
#[rustfmt::skip]
pub const TEXT_FILE_NAMES: &[&str] = &[
    "Makefile", "GNUmakefile", "Dockerfile", "Containerfile", "Jenkinsfile", "Vagrantfile",
    "Gemfile", "Rakefile", "Procfile", "README", "LICENSE", "COPYING", "NOTICE", "AUTHORS",
    "CHANGELOG", "CODEOWNERS", ".gitignore", ".gitattributes", ".gitmodules", ".editorconfig",
    ".npmrc", ".env",
];

/// True when `path` (relative or not, `/` between components) names a text file: an agent
/// instruction file ([`crate::agent_files`]), a file called like [`TEXT_FILE_NAMES`], or one
/// with an extension of [`TEXT_EXTENSIONS`].
pub fn says_text(path: &str) -> bool {
    if is_agent_file(path) {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    if TEXT_FILE_NAMES.contains(&name) {
        return true;
    }
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => TEXT_EXTENSIONS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(extension)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_documents_and_agent_files_say_text() {
        for path in [
            "src/utils.py",
            "README.md",
            "docs/Guide.MD",
            "Makefile",
            "a/b/Dockerfile",
            ".cursorrules",
            ".claude/settings.local.json",
            "web/app.test.tsx",
        ] {
            assert!(says_text(path), "{path}");
        }
    }

    #[test]
    fn binaries_and_unknown_names_do_not() {
        for path in [
            "logo.png",
            "lib.so",
            "archive.tar.gz",
            "data.bin",
            "module.pyc",
            "messages.mo",
            "py",
            ".py",
            "noextension",
        ] {
            assert!(!says_text(path), "{path}");
        }
    }
}
