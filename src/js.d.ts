// Generated from the Rust types by src/js.rs's test (ts-rs): do not edit; `UNMASK_WRITE_TS=1 cargo test --lib js::` writes it again.

export type Kind = "zero-width" | "tag" | "variation-selector" | "bidi-control" | "invisible-operator" | "filler" | "format-control" | "homoglyph-quote" | "separator" | "space" | "whitespace" | "confusable" | "escaped" | "private-use" | "noncharacter";

export type Severity = "low" | "medium" | "high";

export type Verdict = "clean" | "suspicious" | "hidden-data";

export type Tool = { 
/**
 * `unmask`.
 */
name: string, 
/**
 * The crate's version.
 */
version: string, 
/**
 * The Unicode version of the character tables.
 */
unicode: string, };

export type Finding = { 
/**
 * Half-open byte range in the scanned text.
 */
start: number, 
/**
 * End of that range.
 */
end: number, 
/**
 * Distinct code points as `U+XXXX`, in order of first appearance, at most 16.
 */
chars: Array<string>, 
/**
 * How many characters the finding spans.
 */
count: number, 
/**
 * What kind of character the finding is about.
 */
kind: Kind, 
/**
 * Stable identifier `kind/what`, for allowlists and baselines.
 */
rule: string, 
/**
 * How suspicious it is.
 */
severity: Severity, 
/**
 * What the characters are and why they are suspicious here, in the report's language.
 */
explanation: string, };

export type Piece = { 
/**
 * Half-open byte range in the scanned text.
 */
start: number, 
/**
 * End of that range.
 */
end: number, };

export type Payload = { 
/**
 * Half-open byte range of the carrying characters in the scanned text: from the start of
 * the first piece to the end of the last.
 */
start: number, 
/**
 * End of that range.
 */
end: number, 
/**
 * The byte ranges that carry the payload, in order, at most [`MAX_PIECES`]. One today
 * (`start..end`), and then not in the JSON report.
 */
pieces?: Array<Piece>, 
/**
 * The scheme it is written in.
 */
scheme: string, 
/**
 * The decoded bytes as UTF-8 (lossy), or `None` when they cannot be read (encrypted, or a
 * manifest).
 */
text: string | null, 
/**
 * The exact decoded bytes (at most [`MAX_PAYLOAD_BYTES`]; for encrypted schemes the
 * ciphertext), in hexadecimal in the JSON report.
 */
bytes_hex: string, 
/**
 * 0.5 to 1.0.
 */
confidence: number, 
/**
 * What the payload is and where, in the report's language (empty until the report is
 * written).
 */
explanation: string, 
/**
 * The bytes were cut at [`MAX_PAYLOAD_BYTES`].
 */
truncated?: boolean, 
/**
 * `Some(true)` when the bytes are a ciphertext.
 */
encrypted?: boolean, 
/**
 * What a legitimate framing is ("content-provenance manifest", "translation key", ...).
 */
label?: string, 
/**
 * `Some(true)` when the bytes should not be shared (a bearer token).
 */
sensitive?: boolean, 
/**
 * The signature or MAC written after a signed message (`label` "signed"), apart from the
 * message in `bytes`; in hexadecimal in the JSON report.
 */
signature_hex?: string, };

export type NodeRange = { 
/**
 * The node the range starts in.
 */
start_node: number, 
/**
 * Where in it, in UTF-16 code units.
 */
start_offset: number, 
/**
 * The node the range ends in.
 */
end_node: number, 
/**
 * Where in it, in UTF-16 code units.
 */
end_offset: number, };

export type Place = { 
/**
 * The range in UTF-16 code units: JavaScript string indices.
 */
start_utf16: number, 
/**
 * End of that range.
 */
end_utf16: number, };

export type Report = { version: number, source: string | null, bytes: number, sha256: string | null, tool: Tool, verdict: Verdict, truncated: boolean, findings: Array<Finding & Place>, payloads: Array<Payload & Place & { pieces?: Array<Piece & Place> }>, };

export type AllowOptions = { 
/**
 * Findings made only of these characters ("U+200B", or the character itself), and
 * payloads whose hidden text is made only of them.
 */
chars?: Array<string>, 
/**
 * Rule ids ("space/nbsp-in-prose"), or prefixes of them ending in `*` ("space/*").
 */
rules?: Array<string>, 
/**
 * Kinds of findings left out (`kinds()` lists them all).
 */
kinds?: Array<Kind>, };

export type ScanOptions = { 
/**
 * Language of the explanations: "en" (default) or "zh-CN" (also "zh", "zh-Hans", "en-GB"...).
 */
lang?: string, 
/**
 * Fill in the report's `sha256` of the text's UTF-8 bytes (default false: `sha256` is null).
 */
sha256?: boolean, 
/**
 * The most findings listed (default 1000); the rest only count towards the verdict.
 */
max_findings?: number, 
/**
 * What the report leaves out as accepted, as the command line's `.unmask.toml` `[allow]`
 * does (applied after the cap on findings).
 */
allow?: AllowOptions, };
