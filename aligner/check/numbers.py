"""Numbers on both sides of a bead, normalised so that 1.2亿 and "120 million" compare equal.

Each side becomes a list of :class:`Number` whose ``value`` is a canonical string: a plain
decimal (``"120000000"``, ``"1.5"``) or a weekday name. Dates need no special type:
10月25日至26日 gives 10, 25 and 26 and "October 25–26" gives the same once months are read
as their numbers. Percent signs and words are dropped for the same reason.

Small numbers written as words (一, 两, one, two, first, second, once, twice) are *weak*:
they stand for articles, idioms and "both" as often as for counts (两国 is "both countries",
一直 "always"), so they never cause a finding on their own, but they do account for a strong
number on the other side (2次 ↔ twice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from aligner.check.findings import Span


@dataclass(frozen=True)
class Number:
    value: str
    text: str
    span: Span
    weak: bool = False


def canonical(value: Decimal) -> str:
    """``120000000`` for 1.2E+8, ``1.5`` for 1.50: one spelling per value."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def display(value: str) -> str:
    """A value as a reader expects it: 120,000,000; weekdays unchanged."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    if number == number.to_integral_value() and abs(number) >= 10000:
        return f"{int(number):,}"
    return value


# --- Chinese --------------------------------------------------------------------------------

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_ZH_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG_UNITS = {"万": 10**4, "亿": 10**8}
_ZH_NUMERAL_CHARS = "".join(_ZH_DIGITS) + "".join(_ZH_SMALL_UNITS) + "".join(_ZH_BIG_UNITS)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ZH_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

# Fullwidth digits and signs, mapped one to one so that spans stay valid.
_FULLWIDTH = str.maketrans("０１２３４５６７８９％．，", "0123456789%.,")

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_ZH_NUMBER = re.compile(
    rf"(?P<pct>百分之)?(?:(?P<arabic>{_ARABIC})\s*(?:多|余)?(?P<mult>[十百千万亿]*)|"
    rf"(?P<chinese>[{_ZH_NUMERAL_CHARS}]+))")
_ZH_WEEKDAY_RE = re.compile(r"(?:星期|礼拜|周)([一二三四五六日天])")
# Words whose numeral characters are not numbers (十分 "very", 千万 "by all means", ...),
# unless a numeral precedes them (五十分, 三千万). 百分点 and 百分之 are handled as units.
_ZH_IDIOMS = re.compile(
    rf"(?<![{_ZH_NUMERAL_CHARS}\d])(?:十分|万一|千万|万分|百姓|千方百计|四处|三思|五花八门|"
    r"七上八下|乱七八糟|四面八方|万物|万事|万众|百货|亿万|千千万万|五湖四海|三番五次|再三|"
    r"说三道四|十足|十全十美|五颜六色|五光十色|一五一十|百分点|一带一路|不三不四|九州|"
    r"百花齐放|千里|万里|一些|一直|一致|一起|一样|一切|一旦|一般|一定|统一|唯一|之一|"
    r"一道|一律|一向|一贯|进一步|第一时间|一系列|一体化|两岸|两会|一揽子)")
# 数十年 "decades", 几百 "several hundred", 上千 "over a thousand": no exact value.
_ZH_VAGUE_BEFORE = "数几上成好"


def zh_numbers(text: str) -> list[Number]:
    """The numbers in Chinese text."""
    text = text.translate(_FULLWIDTH)
    masked = _mask(text, _ZH_IDIOMS)
    numbers = []
    for match in _ZH_WEEKDAY_RE.finditer(masked):
        numbers.append(Number(_WEEKDAYS[_ZH_WEEKDAY[match[1]]], match[0], match.span()))
    masked = _mask(masked, _ZH_WEEKDAY_RE)
    for match in _ZH_NUMBER.finditer(masked):
        numbers.extend(_zh_match(match, masked))
    numbers.sort(key=lambda n: n.span)
    return numbers


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: "\x00" * len(m[0]), text)


def _zh_match(match: re.Match[str], text: str) -> list[Number]:
    start, end = match.span()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if match["arabic"]:
        value = Decimal(match["arabic"].replace(",", ""))
        for unit in match["mult"]:
            value *= _ZH_SMALL_UNITS.get(unit) or _ZH_BIG_UNITS[unit]
        return [Number(canonical(value), match[0], (start, end))]
    chinese = match["chinese"]
    if after == "几" or (before and before in _ZH_VAGUE_BEFORE
                         and all(c not in _ZH_DIGITS for c in chinese)):
        return []
    out = []
    at = match.start("chinese")
    for piece in _split_numerals(chinese):
        value = _parse_numeral(piece)
        span = (at, at + len(piece))
        at += len(piece)
        text_of = piece
        if span[0] and text[span[0] - 1] == "第":
            text_of = "第" + piece
        elif match["pct"] and span[0] == match.start("chinese"):
            text_of = match["pct"] + piece
        weak = len(piece) == 1 and value <= 2
        out.append(Number(canonical(Decimal(value)), text_of, span, weak))
    return out


def _split_numerals(run: str) -> list[str]:
    """Cut a run of numeral characters into numerals: 十五五 → 十五, 五; 二〇二五 stays."""
    if all(c in _ZH_DIGITS for c in run):
        # Digit by digit (二〇二五年) is one number; two digits (三四天) are "three or four".
        return [run] if len(run) > 2 else list(run)
    pieces: list[str] = []
    current = ""
    for char in run:
        if current and char in _ZH_DIGITS and current[-1] in _ZH_DIGITS \
                and current[-1] not in "零〇":
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def _parse_numeral(numeral: str) -> int:
    if all(c in _ZH_DIGITS for c in numeral):
        return int("".join(str(_ZH_DIGITS[c]) for c in numeral))
    total = section = digit = 0
    for char in numeral:
        if char in _ZH_DIGITS:
            digit = _ZH_DIGITS[char]
        elif char in _ZH_SMALL_UNITS:
            # 十五 is fifteen: a unit with no digit before it counts one.
            section += (digit or 1) * _ZH_SMALL_UNITS[char]
            digit = 0
        else:
            unit = _ZH_BIG_UNITS[char]
            if unit == 10**8:
                total = (total + section + digit) * unit
            else:
                total += (section + digit) * unit
            section = digit = 0
    return total + section + digit


# --- English --------------------------------------------------------------------------------

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
          "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
           "trillion": 10**12}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
             "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
             "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
             "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
             "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
             "hundredth": 100, "thousandth": 1000}
_ADVERBS = {"once": 1, "twice": 2}
_WORD_VALUES = {**_UNITS, **_TENS, **_SCALES, **_ORDINALS}
_SCALE_ABBREVIATIONS = {"k": 1000, "m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9,
                        "tn": 10**12, "trn": 10**12}
_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
           "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
           "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
           "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

_NUMBER_WORD = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_EN_DIGITS = re.compile(
    rf"(?<![\d.,])(?P<num>{_ARABIC})(?:st|nd|rd|th)?"
    rf"(?:\s*-?\s*(?P<scale>hundred|thousand|million|billion|trillion)\b|"
    rf"(?P<abbr>k|mn|bn|m|b|tn|trn)\b)?", re.IGNORECASE)
_EN_WORDS = re.compile(
    rf"\b(?:(?P<a>an?|one)\s+(?=(?:hundred|thousand|million|billion|trillion)\b))?"
    rf"(?P<words>(?:{_NUMBER_WORD})(?:(?:\s+and\s+|\s*-\s*|\s+)(?:{_NUMBER_WORD}))*)\b",
    re.IGNORECASE)
_EN_ADVERBS = re.compile(r"\b(once|twice)\b", re.IGNORECASE)
_EN_MONTH = re.compile(
    r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)(?![\w])")
_EN_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")s?\b")
# "May" and "March" are also a verb; they are months only next to a date or after these.
_MONTH_CONTEXT = re.compile(r"(?:\b(?:in|of|since|until|till|by|from|early|late|mid|last|"
                            r"next|this|each|every|before|after|between|and|to)[\s-]+)$",
                            re.IGNORECASE)


def en_numbers(text: str) -> list[Number]:
    """The numbers in English text."""
    numbers = []
    for match in _EN_DIGITS.finditer(text):
        value = Decimal(match["num"].replace(",", ""))
        if match["scale"]:
            value *= _SCALES[match["scale"].lower()]
        elif match["abbr"]:
            value *= _SCALE_ABBREVIATIONS[match["abbr"].lower()]
        numbers.append(Number(canonical(value), match[0], match.span()))
    for match in _EN_WORDS.finditer(text):
        numbers.extend(_en_words(match))
    for match in _EN_ADVERBS.finditer(text):
        numbers.append(Number(str(_ADVERBS[match[1].lower()]), match[0], match.span(),
                              weak=True))
    for match in _EN_MONTH.finditer(text):
        month = match["month"].rstrip(".")
        if not _is_month(text, match, month):
            continue
        numbers.append(Number(str(_MONTHS[month.lower()]), match[0], match.span()))
    for match in _EN_WEEKDAY.finditer(text):
        numbers.append(Number(match[1], match[0], match.span()))
    numbers.sort(key=lambda n: n.span)
    return numbers


def _is_month(text: str, match: re.Match[str], month: str) -> bool:
    after = text[match.end():match.end() + 6]
    before = text[max(0, match.start() - 12):match.start()]
    next_to_date = bool(re.match(r"\s*\d", after) or re.search(r"\d\s*$", before))
    if month in ("May", "March"):
        return next_to_date or bool(_MONTH_CONTEXT.search(before))
    # A three-letter abbreviation without a dot (Mar, Dec) needs a date beside it.
    if len(month) <= 4 and not match[0].endswith(".") and month.lower() not in ("june", "july"):
        return next_to_date
    return True


def _en_words(match: re.Match[str]) -> list[Number]:
    """One value for a run of number words; several when the run is a list (five six)."""
    words = re.findall(r"[A-Za-z]+", match["words"].lower())
    words = [w for w in words if w != "and"]
    values = _group_words(words, bool(match["a"]))
    if values is None:
        return []
    weak = len(words) == 1 and not match["a"] and values[0] <= 2
    return [Number(str(v), match[0], match.span(), weak) for v in values]


def _group_words(words: Sequence[str], leading_one: bool) -> list[int] | None:
    """Read number words as English does: twenty-five, two hundred and five, a million."""
    values: list[int] = []
    total = 0
    current = 1 if leading_one else 0
    started = leading_one
    last_kind = ""
    for word in words:
        value = _WORD_VALUES[word]
        kind = ("scale" if word in _SCALES else "tens" if word in _TENS
                else "ordinal" if word in _ORDINALS and word not in _SCALES else "unit")
        if kind == "scale":
            if not started:
                return None  # "hundreds of", "thousand" on its own: no exact value
            if value == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * value
                current = 0
        elif kind == "ordinal" and value >= 100:
            current = (current or 1) * value
        elif started and _continues(last_kind, kind, current, value):
            current += value
        else:
            if started:
                values.append(total + current)
            total, current = 0, value
        started = True
        last_kind = kind
    if started:
        values.append(total + current)
    return values


def _continues(last_kind: str, kind: str, current: int, value: int) -> bool:
    """Whether a word adds to the number so far (twenty five, hundred and five)."""
    if last_kind == "scale":
        return True
    return last_kind == "tens" and value < 10 and current % 10 == 0


# --- comparing ------------------------------------------------------------------------------

@dataclass(frozen=True)
class NumberMismatch:
    zh_only: tuple[Number, ...]
    en_only: tuple[Number, ...]


def compare_numbers(zh: Iterable[Number], en: Iterable[Number]) -> NumberMismatch | None:
    """The strong numbers of each side whose value the other side does not have at all."""
    zh, en = list(zh), list(en)
    zh_values = {n.value for n in zh}
    en_values = {n.value for n in en}
    zh_only = tuple(n for n in zh if not n.weak and n.value not in en_values)
    en_only = tuple(n for n in en if not n.weak and n.value not in zh_values)
    if not zh_only and not en_only:
        return None
    return NumberMismatch(zh_only, en_only)
