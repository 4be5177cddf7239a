#!/usr/bin/env python3
"""Unit tests of tools/identity.py's comparisons (no build, no CLI): `make test` runs them."""
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import identity  # noqa: E402


class JsonDiffs(unittest.TestCase):
    def test_a_changed_leaf_is_named_by_its_path_without_indices(self):
        a = {"findings": [{"rule": "x", "explanation": "CHARACTER U+005C here"}]}
        b = {"findings": [{"rule": "x", "explanation": "REVERSE SOLIDUS U+005C here"}]}
        [(kind, line)] = identity.json_diffs(a, b)
        self.assertEqual(kind, "findings[].explanation")
        self.assertIn('"CHARACTER U+005C here"', line)
        self.assertIn('"REVERSE SOLIDUS U+005C here"', line)

    def test_an_inserted_element_does_not_shift_the_others(self):
        a = {"findings": [{"rule": "a"}, {"rule": "c"}]}
        b = {"findings": [{"rule": "a"}, {"rule": "nul/char"}, {"rule": "c"}]}
        self.assertEqual(
            list(identity.json_diffs(a, b)), [("findings[]", '+ {"rule": "nul/char"}')]
        )

    def test_equal_documents_and_reordered_members(self):
        self.assertEqual(list(identity.json_diffs({"a": 1, "b": [2]}, {"a": 1, "b": [2]})), [])
        self.assertEqual(
            list(identity.json_diffs({"a": 1, "b": 2}, {"b": 2, "a": 1})),
            [("(root)", "members in another order")],
        )


class Names(unittest.TestCase):
    def test_only_lines_that_differ_in_names_are_renamed(self):
        lines = [
            'scan-json findings[].explanation: "(CHARACTER U+005C, x" → "(REVERSE SOLIDUS U+005C, x"',
            "scan-text finding: - a:1:2: low[x]: CHARACTER U+0031 here",
            "scan-text finding: + a:1:2: low[x]: DIGIT ONE U+0031 here",
            "scan-text finding: + a:1:2: low[x]: DIGIT TWO U+0032 here",
            'scan-json findings[].rule: "a" → "b"',
            'scan-json findings[].explanation: "SPACE U+0020" → "SPACE U+0021"',
        ]
        self.assertEqual(identity.renamed(lines), {0, 1, 2})


class Lines(unittest.TestCase):
    def test_text_lines_are_grouped_by_what_they_are(self):
        self.assertEqual(identity.text_kind("a.txt:3:4: high[tag/run]: 3 characters"), "finding")
        self.assertEqual(identity.text_kind("a.txt:3:4: payload: tags (0.97): hi"), "payload")
        self.assertEqual(identity.text_kind("  …review isAdmin⟨U+200B⟩()"), "excerpt")
        self.assertEqual(identity.text_kind("       ^^^^^^^^"), "caret")
        self.assertEqual(identity.text_kind("5 findings (5 high), 2 payloads in 1 file"), "summary")

    def test_only_the_changed_part_of_a_long_string_is_shown(self):
        x, y = "x" * 100, "y" * 100
        old, new = identity.changed_part(x + "CHARACTER" + y, x + "NAME" + y)
        self.assertTrue(old.startswith("…") and old.endswith("…") and "CHARACTER" in old)
        self.assertLess(len(old), 70)
        self.assertIn("NAME", new)

    def test_printed_lines_are_inert(self):
        shown = identity.clip("ok\x1b]0;owned\x07 \u202eevil\u200b\U000e0041\ufe0f")
        self.assertEqual(
            shown,
            "ok⟨U+001B⟩]0;owned⟨U+0007⟩ ⟨U+202E⟩evil⟨U+200B⟩⟨U+E0041⟩⟨U+FE0F⟩",
        )


class Tallies(unittest.TestCase):
    def test_allow_accepts_the_lines_it_matches_and_only_those(self):
        tally = identity.Tally([r"^scan-json findings\[\]\.explanation: "])
        tally.add("one", ["scan-json findings[].explanation: a → b"])
        tally.add("two", ["scan-json findings[].explanation: a → b", "clean line: + x"])
        tally.add("three", [])
        self.assertEqual((tally.compared, tally.identical, tally.accepted), (3, 1, 1))
        self.assertEqual(tally.differing, {"two": 1})

    def test_an_output_keeps_its_first_lines_and_counts_the_rest(self):
        tally = identity.Tally([])
        tally.add("big", (f"clean line: + {i}" for i in range(identity.KEPT + 7)))
        self.assertEqual(len(tally.kinds["clean line"]), identity.KEPT)
        self.assertEqual(tally.differing, {"big": identity.KEPT + 7})


if __name__ == "__main__":
    unittest.main()
