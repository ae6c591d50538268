"""Property and example tests of the pure-Python name normalization."""
import unittest

from hypothesis import given, settings, strategies as st

from ..utils.normalize import (
    has_cjk, match_suffix, normalize_name, strip_trailing_punctuation, to_halfwidth)

# Text rich in what normalization touches: CJK, full-width forms, brackets, spaces, punctuation.
NAME_ALPHABET = st.sampled_from(
    list("abcXYZ019 .,;:!?-_()（）[]\"'&") + list("有限公司测试上海") +
    ["\u3000", "\t", "\n", "\xa0", "Ａ", "ｚ", "０", "９", "．", "，", "。", "、", "！", "）", "（"])
names = st.one_of(st.text(alphabet=NAME_ALPHABET, max_size=40), st.text(max_size=40))


class TestNormalizeProperties(unittest.TestCase):
    """Properties that hold for every input."""

    @settings(max_examples=400, deadline=None)
    @given(names)
    def test_idempotent(self, name):
        once = normalize_name(name)
        self.assertEqual(normalize_name(once), once)

    @settings(max_examples=300, deadline=None)
    @given(names)
    def test_no_fullwidth_alnum_and_no_outer_or_double_spaces(self, name):
        result = normalize_name(name)
        self.assertFalse(any(0xFF10 <= ord(c) <= 0xFF5A and c.isalnum() for c in result))
        self.assertEqual(result, result.strip())
        self.assertNotIn("  ", result)
        self.assertFalse(any(c.isspace() and c != " " for c in result))

    @settings(max_examples=300, deadline=None)
    @given(names)
    def test_brackets_match_script(self, name):
        result = normalize_name(name)
        if has_cjk(result):
            self.assertFalse(set("()") & set(result))
        else:
            self.assertFalse(set("（）") & set(result))

    @settings(max_examples=300, deadline=None)
    @given(names)
    def test_no_trailing_punctuation_unless_kept(self, name):
        result = normalize_name(name)
        if result and any(c.isalnum() for c in result):
            last = result[-1]
            self.assertTrue(last not in ",;:!?-_，。、！" and (
                last != "." or strip_trailing_punctuation(result) == result), result)

    @given(st.text(alphabet=st.characters(min_codepoint=0xFF10, max_codepoint=0xFF5A)
                   .filter(str.isalnum), min_size=1, max_size=20))
    def test_fullwidth_alnum_becomes_ascii(self, text):
        self.assertEqual(to_halfwidth(text),
                         "".join(chr(ord(c) - 0xFEE0) for c in text))


class TestNormalizeExamples(unittest.TestCase):
    """The cases users meet, spelled out."""

    def check(self, raw, expected):
        self.assertEqual(normalize_name(raw), expected, repr(raw))

    def test_whitespace(self):
        self.check("  Acme \t Trading\n Co., Ltd.  ", "Acme Trading Co., Ltd.")
        self.check("上海\u3000某某\u3000有限公司", "上海 某某 有限公司")
        self.check("", "")
        self.assertIs(normalize_name(False), False)
        self.assertIsNone(normalize_name(None))

    def test_fullwidth(self):
        self.check("ＡＢＣ１２３科技有限公司", "ABC123科技有限公司")
        self.check("Ａｃｍｅ　Ｃｏ．，Ｌｔｄ．", "Acme Co.,Ltd.")
        # Chinese punctuation stays in Chinese names.
        self.check("北京，上海贸易有限公司", "北京，上海贸易有限公司")

    def test_brackets(self):
        self.check("阿里巴巴(中国)有限公司", "阿里巴巴（中国）有限公司")
        self.check("阿里巴巴 ( 中国 ) 有限公司", "阿里巴巴（中国）有限公司")
        self.check("Acme（China）Ltd.", "Acme(China)Ltd.")
        self.check("Acme ( China ) Limited", "Acme (China) Limited")
        self.check("ABC Trading (上海) 有限公司", "ABC Trading（上海）有限公司")

    def test_trailing_punctuation(self):
        self.check("Acme Trading,", "Acme Trading")
        self.check("Acme Trading!!!", "Acme Trading")
        self.check("Acme Trading .", "Acme Trading")
        self.check("上海某某有限公司。", "上海某某有限公司")
        self.check("上海某某有限公司，", "上海某某有限公司")
        self.check("合伙企业（有限合伙）", "合伙企业（有限合伙）")
        self.check("Acme (China)", "Acme (China)")
        self.check("Acme (China).", "Acme (China)")

    def test_abbreviation_dots_kept(self):
        for name in ("Acme Co., Ltd.", "Foo Inc.", "Bar Co.", "Baz Corp.", "Qux S.A.",
                     "Quux B.V.", "Dupont S.A.S.", "Rossi S.p.A.", "Verein e.V.",
                     "Widgets Pty. Ltd.", "John Smith Jr."):
            self.check(name, name)
        self.check("Foo Inc.,", "Foo Inc.")
        self.check("Acme Co., Ltd..", "Acme Co., Ltd.")
        self.check("Acme Trading.", "Acme Trading")
        self.check("Acme Holdings.", "Acme Holdings")
        self.check("Foo Bar GmbH.", "Foo Bar GmbH")
        self.check("Foo LLC.", "Foo LLC")

    def test_only_punctuation_left_for_the_rules(self):
        self.check("...", "...")
        self.check(" ！！ ", "!!")
        self.check("___", "___")

    def test_match_suffix(self):
        suffixes = ["有限公司", "Co., Ltd.", "Ltd.", "GmbH", "AG", "（有限合伙）", "S.A."]
        self.assertEqual(match_suffix("上海某某有限公司", suffixes), "有限公司")
        self.assertEqual(match_suffix("Acme Trading Co., Ltd.", suffixes), "Co., Ltd.")
        self.assertEqual(match_suffix("ACME LTD", suffixes), "Ltd.")
        self.assertEqual(match_suffix("Müller GmbH", suffixes), "GmbH")
        self.assertEqual(match_suffix("Roche AG", suffixes), "AG")
        self.assertEqual(match_suffix("Dupont S.A.", suffixes), "S.A.")
        self.assertEqual(match_suffix("某某投资合伙企业（有限合伙）", suffixes), "（有限合伙）")
        self.assertIsNone(match_suffix("Schlag", suffixes))
        self.assertIsNone(match_suffix("Acme Trading", suffixes))
        self.assertIsNone(match_suffix("有限公司", suffixes))
        self.assertIsNone(match_suffix("", suffixes))
