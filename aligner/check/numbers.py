"""Numbers on both sides of a bead, normalised so that 1.2亿 and "120 million" compare equal.

Each side becomes a list of :class:`Number` whose ``value`` is a canonical string: a plain
decimal (``"120000000"``, ``"1.5"``), a fraction (``"2/3"``) or a weekday name. Dates need no
special type: 10月25日至26日 gives 10, 25 and 26 and "October 25–26" gives the same once months
are read as their numbers. Percent signs and words are dropped for the same reason, and
ordinals are their cardinal (第三, 3rd and "third" are all 3).

Small numbers written as words (一, 两, one, two, first, second, once, twice) are *weak*:
they stand for articles, idioms and "both" as often as for counts (两国 is "both countries",
一直 "always"), so they never cause a finding on their own, but they do account for a strong
number on the other side (2次 ↔ twice). Numeral characters inside a word that is not a
number are weak for the same reason: idioms (千磨万击 "in the face of all blows", 三令五申
"repeatedly"), set phrases and names (三农 "agriculture, rural areas and farmers"), found with
jieba's dictionary and parts of speech.

A number marked as approximate on either side (约, 逾, 多, about, over, more than) matches a
value it rounds to or from, as translators round 1.23亿 to "over 120 million".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction
from functools import cache
from itertools import pairwise, zip_longest
from typing import Any

from aligner.check.findings import Span
from aligner.dictionary import pos_tokenizer, tokenizer


@dataclass(frozen=True)
class Number:
    value: str
    text: str
    span: Span
    weak: bool = False
    # "About", "more than": the value may be a rounding of the other side's.
    approximate: bool = False
    # A month (十月, October).
    month: bool = False
    # A count for each of several things (各１名): the other side may state it once each.
    each: bool = False
    # An ordinal (第三, 十九届, 二十大; "19th", "sixth").
    ordinal: bool = False


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


def _fraction(numerator: int, denominator: int) -> str:
    fraction = Fraction(numerator, denominator)
    return f"{fraction.numerator}/{fraction.denominator}"


# --- Chinese --------------------------------------------------------------------------------

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_ZH_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG_UNITS = {"万": 10**4, "亿": 10**8}
_ZH_NUMERAL_CHARS = "".join(_ZH_DIGITS) + "".join(_ZH_SMALL_UNITS) + "".join(_ZH_BIG_UNITS)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ZH_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

# Fullwidth digits and signs, mapped one to one so that spans stay valid.
_FULLWIDTH = str.maketrans("０１２３４５６７８９％．，～", "0123456789%.,~")

# A figure, its thousands grouped by commas only as grouping goes (1 to 3 digits, then groups
# of 3): "6666，8888" (a Chinese list, its comma fullwidth) is two figures, not 6,666,888
# and 8 (a changed number on both references of a dev social segment).
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_ZH_NUMBER = re.compile(
    rf"(?P<pct>百分之)?(?:(?P<arabic>{_ARABIC})\s*(?P<more>多|余)?(?P<mult>[十百千万亿]*)|"
    rf"(?P<chinese>[{_ZH_NUMERAL_CHARS}]+))")
_ZH_WEEKDAY_RE = re.compile(r"(?:星期|礼拜|周)([一二三四五六日天])")
# 三分之二 is two thirds; 百分之 is a percentage and stays with the numbers.
_ZH_FRACTION = re.compile(
    rf"(?<![{_ZH_NUMERAL_CHARS}])(?P<den>[{_ZH_NUMERAL_CHARS}]+)分之(?P<num>[{_ZH_NUMERAL_CHARS}]+)")
# Decades: 20世纪六七十年代 is "the 1960s and 1970s", 90年代 "the 1990s". With its century
# (20世纪, 二十一世纪) a decade is the year it starts; without one (上世纪八十年代, 90年代) it is
# weak, for the reader supplies the century: its numerals are no count of 80 or 90 either
# way. (Read as numbers, 20世纪六七十年代 gave 20, 6 and 70 against the English 1960 and 1970:
# a changed number on both wmt22 translations of a train document.)
_ZH_DECADES = re.compile(
    rf"(?:(?P<century>\d{{1,2}}|[{_ZH_NUMERAL_CHARS}]{{1,3}})世纪)?"
    r"(?:(?P<tens>[一二三四五六七八九]{1,2})十|(?P<arabic>[1-9])0)年代")
# A day named by its date, month then day read numeral by numeral, before what happened or is
# kept on it: 七一讲话 (July 1), 五一假期 (May Day), 九一八事变 (September 18), 十一黄金周
# (October 1), 双十一 (November 11, "Singles' Day"). The English gives the date or a name
# ("National Day"), so its numbers are weak: a month and a day that account for the English
# date, never a count the English lacks. (Quoted alone, “六一”, they are names already:
# _quoted_alone.)
_ZH_DATE_NAME = re.compile(
    r"(?<![一二三四五六七八九十百千万亿零〇两\d])(?P<double>双)?"
    r"(?P<month>十[一二]?|[一二三四五六七八九])·?"
    r"(?P<day>[一二三][〇一二三四五六七八九]|[一二三四五六七八九])"
    r"(?=节(?![课车次])|假|黄金周|事变|事件|运动|(?:重要)?讲话|前夕|当天|纪念|档|大促|购物|促销|"
    r"狂欢|晚会|起义|惨案)")
# A generation by the decade or year of its birth: 90后 is "the post-90s generation" or "those
# born in the 1990s", 95后 "born after 1995" (weak: both readings stand; 95 against the
# English 1995 was a changed number on a train ecommerce document).
_ZH_GENERATION = re.compile(r"(?<![\d.])(?P<decade>\d\d)后")
# 一半 and 半 are "half", as weak as 一: 半岛 is a peninsula, 上半年 the first half-year.
_ZH_HALF = re.compile(r"一?半")
# 首次, 首届: "the first", as weak as 第一.
_ZH_FIRST = re.compile(r"首(?=[次届个批轮位家例])")
# Words whose numeral characters are not numbers (十分 "very", 万一 "in case", ...), unless
# a numeral precedes them (五十分, 三千万). 百分点 and 百分之 are handled as units. 千万 "by all
# means" is no longer among them: as a bare magnitude it is weak (:func:`_zh_match`), so it
# never causes a finding but accounts for the "ten million" it also is (价值千万 "worth ten
# million yuan", 千万超跑: both on translator B of a dev social document).
# jieba's dictionary tags most of these as numerals (十分/m, 一路/m), so they are listed.
_ZH_IDIOMS = re.compile(
    rf"(?<![{_ZH_NUMERAL_CHARS}\d])(?:十分|万一|万分|百姓|千方百计|四处|三思|五花八门|"
    r"七上八下|乱七八糟|四面八方|万物|万事|万众|百货|亿万|千千万万|五湖四海|三番五次|再三|"
    r"说三道四|十足|十全十美|五颜六色|五光十色|一五一十|百分点|一带一路|不三不四|九州|"
    r"百花齐放|千里|万里|一些|一直|一致|一起|一样|一切|一旦|一般|一定|统一|唯一|之一|"
    r"一道|一律|一向|一贯|进一步|第一时间|一系列|一体化|两岸|两会|一揽子|两面三刀|三五成群|"
    r"万万)")
# 数十年 "decades", 几百 "several hundred", 上千 "over a thousand": no exact value.
_ZH_VAGUE_BEFORE = "数几上成好"
# Marks of an approximate number: 约1.2亿, 逾百万, 超过3000; 十多个, 3000余, 50左右.
_ZH_APPROX_BEFORE = re.compile(r"(?:约|大约|近|将近|接近|逾|超过|超|多达|不到|不足|至少|最多)$")
_ZH_APPROX_AFTER = re.compile(r"(?:多|余|来|左右|上下|以上|以下|出头)")
# Between the ends of a range: 3至5万, 1000到2000万, 10-20.
_ZH_RANGE = re.compile(r"\s*(?:至|到|-|–|—|~)\s*")
# jieba's parts of speech that a number may be: numeral, measure word, numeral-measure
# compound, time word (五年, 十月); x is a character jieba does not know (〇).
_NUMERAL_TAGS = frozenset(("m", "mq", "q", "t", "x", "eng"))
# Idioms (i) and set phrases (l): their numerals are figures of speech.
_IDIOM_TAGS = frozenset(("i", "l"))
# jieba is given the clause around a numeral, not the whole text.
_ZH_CLAUSE_END = re.compile(r"[，。；：！？、,;:!?\s“”\"（）()《》]")


def zh_numbers(text: str) -> list[Number]:
    """The numbers in Chinese text."""
    text = text.translate(_FULLWIDTH)
    numbers = []
    # Before the idioms, which hold 之一 "one of". 零分之一 (a denominator of zero) is no
    # fraction: its numerals are left to be read as numbers.
    fractions = [match for match in _ZH_FRACTION.finditer(text)
                 if match["den"] != "百" and _parse_numeral(match["den"]) != 0]
    masked = text
    for match in fractions:
        numbers.append(Number(_fraction(_parse_numeral(match["num"]),
                                        _parse_numeral(match["den"])),
                              match[0], match.span()))
        masked = masked[:match.start()] + "\x00" * len(match[0]) + masked[match.end():]
    for match in _ZH_DECADES.finditer(masked):
        numbers.extend(_decades(match))
    masked = _mask(masked, _ZH_DECADES)
    masked = _mask(masked, _ZH_IDIOMS)
    for match in _ZH_WEEKDAY_RE.finditer(masked):
        numbers.append(Number(_WEEKDAYS[_ZH_WEEKDAY[match[1]]], match[0], match.span()))
    masked = _mask(masked, _ZH_WEEKDAY_RE)
    for match in _ZH_DATE_NAME.finditer(masked):
        month, day = _parse_numeral(match["month"]), _parse_numeral(match["day"])
        if match["double"]:  # 双十一: the eleventh of the eleventh month
            month = day = _parse_numeral(match["month"] + match["day"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            numbers.append(Number(str(month), match[0], match.span(), weak=True, month=True))
            numbers.append(Number(str(day), match[0], match.span(), weak=True))
            masked = masked[:match.start()] + "\x00" * len(match[0]) + masked[match.end():]
    for match in _ZH_GENERATION.finditer(masked):
        decade = int(match["decade"])
        numbers.extend(Number(str(value), match[0], match.span(), weak=True)
                       for value in (decade, (1900 if decade >= 30 else 2000) + decade))
    masked = _mask(masked, _ZH_GENERATION)
    for pattern, value in ((_ZH_HALF, "1/2"), (_ZH_FIRST, "1")):
        for match in pattern.finditer(masked):
            numbers.append(Number(value, match[0], match.span(), weak=True))
            if pattern is _ZH_HALF and masked.startswith("年", match.end()):
                # 半年, 上半年: "six months", "the first six months"
                numbers.append(Number("6", match[0], match.span(), weak=True))
        masked = _mask(masked, pattern)
    found = []
    for match in _ZH_NUMBER.finditer(masked):
        found.extend(_zh_match(match, masked))
    numbers.extend(_spread_scale(found, masked, _ZH_RANGE))
    numbers = [_figurative(n, text) for n in numbers]
    numbers = [replace(n, month=True) if text[n.span[1]:n.span[1] + 1] == "月" else n
               for n in numbers]
    numbers = _range_months(sorted(numbers, key=lambda n: n.span), text)
    numbers = [_zh_reading(n, text) for n in numbers]
    numbers = [replace(n, each=True) if _ZH_EACH.search(text, max(0, n.span[0] - 4), n.span[0])
               else n for n in numbers]
    numbers = [replace(n, ordinal=True) if _zh_ordinal(n, text) else n for n in numbers]
    numbers.sort(key=lambda n: n.span)
    return numbers


def _range_months(numbers: list[Number], text: str) -> list[Number]:
    """A range's first end a month where its second is one: 3至6月 is "March to June" (its
    3 and 7 of 7至10月 were changed numbers on both translations of a train ecommerce
    segment)."""
    out = list(numbers)
    for k, (first, second) in enumerate(pairwise(numbers)):
        if second.month and not first.month and first.value.isdigit() \
                and 1 <= int(first.value) <= 12 \
                and _ZH_RANGE.fullmatch(text, first.span[1], second.span[0]):
            out[k] = replace(first, month=True)
    return out


# 各１名, 各培训１名: one each of the things listed, which English states once for each
# ("1 music teacher, 1 art teacher and 1 PE teacher" on both translations of a dev document).
_ZH_EACH = re.compile(r"各[^\d\s，。；、,;]{0,3}$")
# What follows a numeral that names a place in a series: 十九届, 二十大, 四中全会, 第二轮, 第五任,
# 三是 ("thirdly").
_ZH_ORDINAL_AFTER = re.compile(r"届|期|轮|任|大|中全会|是")


def _zh_ordinal(number: Number, text: str) -> bool:
    start, end = number.span
    return text[max(0, start - 1):start] == "第" or number.text.startswith(("第", "首")) \
        or bool(_ZH_ORDINAL_AFTER.match(text, end))


# 三成 is three tenths, "30%" in English (not before 成为, 成立, ... where 成 begins a word).
_ZH_TENTHS = re.compile(r"成(?![为立功果本员绩长交熟型效都就品年人片群套批对双倍])")
# An hour after noon: 下午3点 is 15:00, as "3 pm" is (both read on the 24-hour clock, as 15时).
_ZH_AFTERNOON = re.compile(r"(?:下午|午后|傍晚|晚上|晚间|夜间|晚)\s*$")
_ZH_HOUR = re.compile(r"\s*[点时](?!儿)")


def _zh_reading(number: Number, text: str) -> Number:
    """``number`` as English states it: tenths (三成) as a percentage, an afternoon hour
    (下午3点) on the 24-hour clock."""
    start, end = number.span
    if not number.value.isdigit():
        return number
    value = int(number.value)
    if _ZH_TENTHS.match(text, end) and 0 < value < 10:
        return replace(number, value=str(value * 10))
    if 0 < value < 12 and _ZH_HOUR.match(text, end) \
            and _ZH_AFTERNOON.search(text, max(0, start - 4), start):
        return replace(number, value=str(value + 12))
    return number


def _decades(match: re.Match[str]) -> list[Number]:
    """The years that the decades of a :data:`_ZH_DECADES` match start (weak without a
    century)."""
    century = match["century"]
    number = (int(century) if century.isdigit() else _parse_numeral(century)) if century \
        else 0
    base = (number - 1) * 100 if number else 1900
    tens = match["tens"] or match["arabic"]
    return [Number(str(base + 10 * _ZH_DIGITS.get(d, int(d) if d.isdigit() else 0)),
                   match[0], match.span(), weak=not number) for d in tens]


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: "\x00" * len(m[0]), text)


# A number as read, with the scale its text ends in (万 of 3000万, "million"): in a range
# such as 3至5万 or "10 to 20 million" the first end takes the second's scale.
_Scaled = tuple[Number, int]


def _spread_scale(found: Sequence[_Scaled], text: str,
                  between: re.Pattern[str]) -> list[Number]:
    """The numbers of ``found``, a range's first end scaled by its second's (3至5万)."""
    out = []
    for (number, scale), following in zip_longest(found, found[1:]):
        if scale == 1 and following is not None and following[1] > 1 \
                and _joins(text, number, following[0], between):
            value = Decimal(number.value) * following[1]
            number = Number(canonical(value), number.text, number.span, number.weak,
                            number.approximate or following[0].approximate)
        out.append(number)
    return out


def _joins(text: str, first: Number, second: Number, between: re.Pattern[str]) -> bool:
    """Whether only a range's "to" stands between ``first`` and ``second``."""
    joint = between.fullmatch(text, first.span[1], second.span[0])
    if joint is None or not first.value.replace(".", "", 1).isdigit():
        return False
    # "and" joins the ends of a range only after "between": not in "5 and 10 million".
    return "and" not in joint[0].lower() or bool(_EN_BETWEEN.search(text, 0, first.span[0]))


def _zh_match(match: re.Match[str], text: str) -> list[_Scaled]:
    start, end = match.span()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    approximate = bool(_ZH_APPROX_BEFORE.search(text, 0, start)
                       or _ZH_APPROX_AFTER.match(text, end))
    if match["arabic"]:
        value = Decimal(match["arabic"].replace(",", ""))
        scale = 1
        for unit in match["mult"]:
            scale *= _ZH_SMALL_UNITS.get(unit) or _ZH_BIG_UNITS[unit]
        if not match["mult"] and _ZH_THOUSANDS.match(text, end):
            scale = 1000  # 4K, 10k: read as English reads them (4K against "4K": 4000)
        # Coded as English codes it: against letters (G20) or joined to them by a hyphen
        # (F-35C, CMV-22B: 35 and 22 against the English's weak ones were changed numbers
        # on both translations of a train social document).
        coded = _glued(text, start) or bool(_CODE_HYPHEN.search(text, max(0, start - 2), start))
        return [(Number(canonical(value * scale), match[0], (start, end), coded,
                        approximate=approximate or bool(match["more"])), scale)]
    chinese = match["chinese"]
    # 上千 "up to a thousand", 数百 "hundreds", 十几个 "a dozen or so": no count, but the
    # magnitude the English may give ("a thousand yuan" for 上千元 on both translations of a
    # dev ecommerce segment): weak and approximate.
    vague = after == "几" or bool(before and before in _ZH_VAGUE_BEFORE
                                 and all(c not in _ZH_DIGITS for c in chinese))
    out = []
    at = match.start("chinese")
    pair = [_ZH_DIGITS[c] for c in chinese] if len(chinese) == 2 \
        and all(c in _ZH_DIGITS and c not in "零〇" for c in chinese) else []
    if pair and pair[0] != pair[1] and pair[1] != pair[0] + 1:
        # Two digits other than "two or three" (两三年, 三四天: counts) name a day, month
        # then day (六四 "June 4th", 六一 "Children's Day", 五一 "May Day"), or, less often,
        # a range (三五天): each value weak (no month: a name dates nothing else the text
        # says). Read as counts, the 6 of 六四 was a changed number on 9 segments of both
        # translations of a train social document, 六 of 六一 on both of a dev news one.
        return [(Number(str(pair[0]), chinese[0], (at, at + 1), True), 1),
                (Number(str(pair[1]), chinese[1], (at + 1, at + 2), True), 1)]
    for piece in _split_numerals(chinese):
        value = _parse_numeral(piece)
        span = (at, at + len(piece))
        at += len(piece)
        text_of = piece
        if span[0] and text[span[0] - 1] == "第":
            text_of = "第" + piece
        elif match["pct"] and span[0] == match.start("chinese"):
            text_of = match["pct"] + piece
        # A bare 百, 千 or 万 is "many", not a count: 百年大计, 千人计划, 万里; so are bare
        # magnitudes (百万跑车 "a million-yuan car", 千万 "tens of millions").
        weak = vague or (len(piece) == 1 and value <= 2) or all(c in "百千万亿" for c in piece)
        out.append((Number(canonical(Decimal(value)), text_of, span, weak,
                           approximate or vague), _trailing_scale(piece)))
    return out


# A figure's thousands as Latin script writes them in a Chinese text: 4K, 10k.
_ZH_THOUSANDS = re.compile(r"[kK](?![A-Za-z])")
# A letter and a hyphen before a figure: part of a name (COVID-19, F-35C).
_CODE_HYPHEN = re.compile(r"[A-Za-z]-$")


def _trailing_scale(numeral: str) -> int:
    """The big units a Chinese numeral ends in: 10⁴ for 五万, 10¹² for 五万亿, 1 for 五."""
    scale = 1
    for char in reversed(numeral):
        if char not in _ZH_BIG_UNITS:
            break
        scale *= _ZH_BIG_UNITS[char]
    return scale if scale < _parse_numeral(numeral) else 1


def _split_numerals(run: str) -> list[str]:
    """Cut a run of numeral characters into numerals: 十五五 → 十五, 五; 二〇二五 stays."""
    if all(c in _ZH_DIGITS for c in run):
        # Digit by digit (二〇二五年) is one number; two digits (三四天) are "three or four";
        # so are digits that rise one after another (三四五六年级, 二四五年级: "Grade 3, 4, 5,
        # 6"), a list, never a year (一九…, 二〇…) nor a figure read out. Read as one number
        # (3456), each gave a changed number on both references of 4 dev ecommerce segments
        # (benchmarks/check_false.py).
        return [run] if len(run) > 2 and not _rising(run) else list(run)
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


def _rising(digits: str) -> bool:
    """Whether each Chinese digit of ``digits`` is greater than the one before (none 零/〇)."""
    values = [_ZH_DIGITS[c] for c in digits]
    return all(0 < a < b for a, b in pairwise(values))


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
            # 万名 is ten thousand: a big unit with nothing before it counts one (it read
            # 0, so that 万名教师 against "10,000 teachers" was a changed number).
            count = section + digit or (0 if total else 1)
            if unit == 10**8:
                total = (total + count) * unit
            else:
                total += count * unit
            section = digit = 0
    return total + section + digit


# Numerals quoted alone name a day or a plan, not a quantity: “六一” (Children's Day), “双十一”,
# “十四五” (the 14th Five-Year Plan), whose English gives the name.
_OPENING, _CLOSING = "“「‘\"", "”」’\""


def _quoted_alone(text: str, start: int, end: int) -> bool:
    """Whether the run of numerals around ``text[start:end]`` is all a quotation holds."""
    while start and text[start - 1] in _ZH_NUMERAL_CHARS:
        start -= 1
    while end < len(text) and text[end] in _ZH_NUMERAL_CHARS:
        end += 1
    if start and text[start - 1] == "双":
        start -= 1
    while start and text[start - 1].isspace():
        start -= 1
    while end < len(text) and text[end].isspace():
        end += 1
    return start > 0 and end < len(text) and text[start - 1] in _OPENING \
        and text[end] in _CLOSING


def _figurative(number: Number, text: str) -> Number:
    """``number`` made weak when jieba reads its numerals as part of a word that is no number.

    That is a word tagged idiom or set phrase (一心一意/i, 一国两制/l), a four-character word
    whose numerals stand in parallel (万紫千红, 两面三刀: the pattern of numeral chengyu), or
    any other word that holds the numerals and more (三农问题/n, 三峡工程/nz, 二十大/nrt), or
    numerals quoted alone (“六一”). The number stays as weak, so "the Fourth Plenary
    Session" still meets 四中全会.
    """
    start, end = number.span
    if number.weak or not all(c in _ZH_NUMERAL_CHARS for c in text[start:end]):
        return number
    if _quoted_alone(text, start, end):
        return replace(number, weak=True)
    clause_start = max((m.end() for m in _ZH_CLAUSE_END.finditer(text, 0, start)), default=0)
    stop = _ZH_CLAUSE_END.search(text, end)
    clause_end = stop.start() if stop else len(text)
    words = _words(text[clause_start:clause_end])
    starts = [s + clause_start for s, _, _ in words]
    at = bisect_right(starts, start) - 1
    word_start = starts[at]
    word, flag = words[at][1], words[at][2]
    if word_start + len(word) < end or len(word) == end - start:
        return number
    if flag in _IDIOM_TAGS or flag not in _NUMERAL_TAGS or _parallel_numerals(word):
        return Number(number.value, number.text, number.span, True, number.approximate)
    return number


def _parallel_numerals(word: str) -> bool:
    """一心一意, 千变万化: four characters, numerals in places 1 and 3 or 2 and 4 only."""
    if len(word) != 4:
        return False
    numeral = [c in _ZH_NUMERAL_CHARS for c in word]
    return numeral in ([True, False, True, False], [False, True, False, True])


@cache
def _words(clause: str) -> tuple[tuple[int, str, str], ...]:
    """jieba's words of ``clause`` as (offset, word, part of speech)."""
    out = []
    at = 0
    for pair in _tagger().cut(clause):
        out.append((at, pair.word, pair.flag))
        at += len(pair.word)
    return tuple(out)


@cache
def _tagger() -> Any:
    """A jieba part-of-speech tagger over the checks' private tokenizer (words other
    modules add do not change it; loaded once for the dictionary and the numbers), the
    glossary's (:func:`aligner.dictionary.pos_tokenizer`: on the 838 clauses of bible
    chapter 001 that hold a numeral, loading 0.47 -> 0.01 s and tagging 0.63 -> 0.16 s of
    CPU against jieba's own, the same words and tags)."""
    return pos_tokenizer(tokenizer())


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
_SUFFIXES = ("st", "nd", "rd", "th")
_ADVERBS = {"once": 1, "twice": 2, "thrice": 3, "firstly": 1, "secondly": 2, "thirdly": 3,
            "fourthly": 4, "fifthly": 5}
_WORD_VALUES = {**_UNITS, **_TENS, **_SCALES, **_ORDINALS}
_SCALE_ABBREVIATIONS = {"k": 1000, "m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9,
                        "tn": 10**12, "trn": 10**12}
_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
           "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
           "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
           "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5,
                 "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}

_NUMBER_WORD = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_EN_DIGITS = re.compile(
    rf"(?<![\d.,])(?P<num>{_ARABIC})(?:st|nd|rd|th)?"
    rf"(?:\s*-?\s*(?P<scale>hundred|thousand|million|billion|trillion)\b|"
    rf"(?P<abbr>k|mn|bn|m|b|tn|trn)\b)?", re.IGNORECASE)
_EN_WORDS = re.compile(
    rf"\b(?:(?P<a>an?|one)\s+(?=(?:hundred|thousand|million|billion|trillion)\b))?"
    rf"(?P<words>(?:{_NUMBER_WORD})(?:(?:\s+and\s+|\s*-\s*|\s+)(?:{_NUMBER_WORD}))*)\b",
    re.IGNORECASE)
# Adverbs of number, weak as "one" and "two": thirdly stands for 三是 as "third" does.
_EN_ADVERBS = re.compile(r"\b(" + "|".join(_ADVERBS) + r")\b", re.IGNORECASE)
# "two-thirds", "a quarter of", "three fifths of"; "a third round" is an ordinal.
_EN_FRACTION = re.compile(
    r"\b(?P<num>an?|one|two|three|four|five|six|seven|eight|nine)(?:-|\s+(?=\w+\s+of\b))"
    r"(?P<den>halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|"
    r"ninths?|tenths?)\b", re.IGNORECASE)
_EN_HALF = re.compile(r"\bhalf\b", re.IGNORECASE)
# Years counted by a word: "a decade" (十年), "two decades" (二十年), "the centenary" (一百周年),
# weak as "a dozen"; "decades" alone has no count.
_EN_YEAR_WORDS = re.compile(
    r"\b(?:(?P<count>\d+|two|three|four|five|six|seven|eight|nine)[\s-]+(?=decades\b))?"
    r"(?P<word>decades?|(?:bi)?centenary|(?:bi)?centennial)\b", re.IGNORECASE)
_YEAR_WORDS = {"decade": 10, "centenary": 100, "centennial": 100, "bicentenary": 200,
               "bicentennial": 200}
# "a dozen" is twelve, loosely; "dozens" has no count.
_EN_DOZEN = re.compile(r"\ba\s+dozen\b", re.IGNORECASE)
_MONTH_NAMES = ("January|February|March|April|May|June|July|August|September|October|"
                "November|December")
_EN_MONTH = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)(?![\w])")
_EN_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")s?\b")
# "May" and "March" are also a verb; they are months only next to a date or after these.
_MONTH_CONTEXT = re.compile(r"(?:\b(?:in|of|since|until|till|by|from|early|late|mid|last|"
                            r"next|this|each|every|before|after|between|and|to)[\s-]+)$",
                            re.IGNORECASE)
# A month that a range of months begins: "March to June".
_MONTH_RANGE = re.compile(rf"\s*(?:to|through|until|and|-|–)\s*(?:{_MONTH_NAMES})\b")
_EN_APPROX_BEFORE = re.compile(
    r"\b(?:about|around|approximately|roughly|some|nearly|almost|over|more\s+than|"
    r"less\s+than|fewer\s+than|under|close\s+to|up\s+to|at\s+least|upwards\s+of|"
    r"in\s+excess\s+of|estimated)\s+(?:US)?[$€£¥]?\s*$|~\s*$", re.IGNORECASE)
_EN_APPROX_AFTER = re.compile(r"\s*(?:\+|-?odd\b|or\s+so\b|or\s+more\b)", re.IGNORECASE)
# Between the ends of a range: "10 to 20 million", "$5-$10bn", "between 3 and 4 billion".
_EN_RANGE = re.compile(r"\s*(?:-|–|—|~|to|and)\s*[$€£¥]?\s*", re.IGNORECASE)
_EN_BETWEEN = re.compile(r"\bbetween\s+[$€£¥]?$", re.IGNORECASE)


def en_numbers(text: str) -> list[Number]:
    """The numbers in English text."""
    numbers = []
    for match in _EN_FRACTION.finditer(text):
        numerator = 1 if match["num"].lower() in ("a", "an") else _UNITS[match["num"].lower()]
        denominator = _DENOMINATORS[match["den"].lower().removesuffix("s")
                                    if match["den"].lower() != "halves" else "half"]
        numbers.append(Number(_fraction(numerator, denominator), match[0], match.span(),
                              weak=denominator == 2))
    words_text = _blank(text, _EN_FRACTION)
    for match in _EN_HALF.finditer(words_text):
        numbers.append(Number("1/2", match[0], match.span(), weak=True))
    for match in _EN_YEAR_WORDS.finditer(words_text):
        word = match["word"].lower()
        if word == "decades" and not match["count"]:
            continue
        count = match["count"] or "1"
        times = int(count) if count.isdigit() else _UNITS[count.lower()]
        numbers.append(Number(str(times * _YEAR_WORDS[word.removesuffix("s")]), match[0],
                              match.span(), weak=True))
    for match in _EN_DOZEN.finditer(words_text):
        numbers.append(Number("12", match[0], match.span(), weak=True, approximate=True))
    found = []
    for match in _EN_DIGITS.finditer(text):
        value = Decimal(match["num"].replace(",", ""))
        scale = 1
        if match["scale"]:
            scale = _SCALES[match["scale"].lower()]
        elif match["abbr"]:
            scale = _SCALE_ABBREVIATIONS[match["abbr"].lower()]
        if _on_the_hour(text, match):
            continue
        # A number joined to letters by a hyphen is part of a name (COVID-19, G-20, Su-27),
        # and so is one written against letters (G20, MH370) or a unit's power (m2, km3).
        coded = bool(_CODE_HYPHEN.search(text, max(0, match.start() - 2), match.start())) \
            or _glued(text, match.start())
        ordinal = text[match.end("num"):match.end("num") + 2].lower() in _SUFFIXES
        found.append((Number(canonical(value * scale), match[0], match.span(),
                             weak=coded, approximate=_en_approximate(text, match),
                             ordinal=ordinal), scale))
    for match in _EN_WORDS.finditer(words_text):
        found.extend(_en_words(match, text))
    found.sort(key=lambda pair: pair[0].span)
    numbers.extend(_afternoon(n, text) for n in _spread_scale(found, text, _EN_RANGE))
    for match in _EN_ADVERBS.finditer(text):
        numbers.append(Number(str(_ADVERBS[match[1].lower()]), match[0], match.span(),
                              weak=True))
    for match in _EN_MONTH.finditer(text):
        month = match["month"].rstrip(".")
        if not _is_month(text, match, month):
            continue
        numbers.append(Number(str(_MONTHS[month.lower()]), match[0], match.span(),
                              month=True))
    for match in _EN_WEEKDAY.finditer(text):
        numbers.append(Number(match[1], match[0], match.span()))
    numbers.sort(key=lambda n: n.span)
    return numbers


# Letters that write a currency against its amount (RMB100, US$5 has a sign): the amount is
# a figure, not part of a name.
_CURRENCY_PREFIX = re.compile(r"(?:RMB|CNY|USD|HKD|EUR|GBP|JPY|NTD|US|HK|NT|Rs|Rp)$")


def _glued(text: str, start: int) -> bool:
    """Whether the number starting at ``start`` is written against the letters before it
    (G20, CO2, m2, MH370), other than a currency's."""
    before = text[max(0, start - 4):start]
    return bool(before) and before[-1].isascii() and before[-1].isalpha() \
        and not _CURRENCY_PREFIX.search(before)


def _on_the_hour(text: str, match: re.Match[str]) -> bool:
    """Whether a number is the ``00`` of a clock time (10:00): Chinese says the hour
    alone (10点, 10时), so the zero minutes are no figure of their own."""
    return match["num"] == "00" and match.start() > 1 and text[match.start() - 1] == ":" \
        and text[match.start() - 2].isdigit()


# An hour after noon: "3 pm", "3:30 p.m.", "8 o'clock in the evening".
_EN_PM = re.compile(r"(?::\d{2})?\s*(?:o['’]clock\s+)?(?:p\.\s?m\.|pm\b|in\s+the\s+(?:afternoon|"
                    r"evening)\b|at\s+night\b)", re.IGNORECASE)


def _afternoon(number: Number, text: str) -> Number:
    """An afternoon hour on the 24-hour clock, as Chinese writes it (15时 for "3 pm")."""
    if number.value.isdigit() and 0 < int(number.value) < 12 \
            and _EN_PM.match(text, number.span[1]):
        return replace(number, value=str(int(number.value) + 12))
    return number


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with the matches of ``pattern`` blanked out, so that spans stay valid."""
    return pattern.sub(lambda m: " " * len(m[0]), text)


def _en_approximate(text: str, match: re.Match[str]) -> bool:
    return bool(_EN_APPROX_BEFORE.search(text, max(0, match.start() - 40), match.start())
                or _EN_APPROX_AFTER.match(text, match.end()))


def _is_month(text: str, match: re.Match[str], month: str) -> bool:
    after = text[match.end():match.end() + 6]
    before = text[max(0, match.start() - 12):match.start()]
    next_to_date = bool(re.match(r"\s*\d", after) or re.search(r"\d\s*$", before))
    if month in ("May", "March"):
        return next_to_date or bool(_MONTH_CONTEXT.search(before)
                                    or _MONTH_RANGE.match(text, match.end()))
    # A three-letter abbreviation without a dot (Mar, Dec) needs a date beside it.
    if len(month) <= 4 and not match[0].endswith(".") and month.lower() not in ("june", "july"):
        return next_to_date
    return True


def _en_words(match: re.Match[str], text: str) -> list[_Scaled]:
    """One value for a run of number words; several when the run is a list (five six)."""
    words = re.findall(r"[A-Za-z]+", match["words"].lower())
    words = [w for w in words if w != "and"]
    values = _group_words(words, bool(match["a"]))
    if values is None:
        return []
    scale = _SCALES[words[-1]] if words[-1] in _SCALES and len(values) == 1 else 1
    approximate = _en_approximate(text, match)
    # Each value of a list is weak when one small word says it: "the first one" is the
    # first and a pronoun, not 1 twice (a surplus of 1 against 一是 on a train document).
    return [(Number(str(v), match[0], match.span(),
                    count == 1 and not (match["a"] and k == 0) and v <= 2, approximate,
                    ordinal=ordinal), scale)
            for k, (v, count, ordinal) in enumerate(values)]


def _group_words(words: Sequence[str], leading_one: bool
                 ) -> list[tuple[int, int, bool]] | None:
    """Read number words as English does: twenty-five, two hundred and five, a million;
    each value with the number of words that say it and whether one is an ordinal."""
    values: list[tuple[int, int, bool]] = []
    count = 0
    ordinal = False
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
                values.append((total + current, count, ordinal))
            total, current, count, ordinal = 0, value, 0, False
        started = True
        last_kind = kind
        count += 1
        ordinal = ordinal or kind == "ordinal"
    if started:
        values.append((total + current, count, ordinal))
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


# An approximate number matches a value within this share of the larger one.
_TOLERANCE = Decimal("0.05")
_YEARS = range(1900, 2101)


def compare_numbers(zh: Iterable[Number], en: Iterable[Number]) -> NumberMismatch | None:
    """The strong numbers of each side whose value the other side does not have at all.

    An English year of its own is no finding while the Chinese names no year: official
    Chinese says 今年, 去年, 本世纪 where the translation gives the year, or leaves a year the
    reader knows unsaid. A Chinese year other than the English one is still a finding.
    Likewise an English ordinal while the Chinese has none: "the sixth plenary session of
    the 19th Central Committee" names what the Chinese calls 全会, the plenary session it
    reports on (both translations of a dev document, 2 segments; 0.5 to 0.7 with number
    weights refitted on train after the other clean findings were gone). An ordinal other
    than the Chinese one (二十大, "the 19th") is still a finding.
    """
    zh, en = list(zh), list(en)
    zh_has_year = any(_is_year(n) for n in zh)
    # Likewise a month: Chinese news dates by the day alone (10日) where the English names
    # the month.
    zh_has_month = any(n.month for n in zh)
    zh_has_ordinal = any(n.ordinal for n in zh)
    zh_only = tuple(n for n in zh if not n.weak and not _accounted(n, en))
    en_only = tuple(n for n in en if not n.weak and not _accounted(n, zh)
                    and (zh_has_year or not _is_year(n))
                    and (zh_has_month or not n.month)
                    and (zh_has_ordinal or not n.ordinal))
    if not zh_only and not en_only:
        return None
    return NumberMismatch(zh_only, en_only)


def surplus(side: Sequence[Number], other: Sequence[Number]) -> Counter[str]:
    """How many more times ``side`` states its strong exact values than ``other`` does, for
    the values that ``other`` states at all (months left out: Chinese news names the month
    once, "12月11日 ... 11日", where the English repeats it; and a count ``other`` gives for
    each of several things, 各１名, which ``side`` may state once for each)."""
    each = {n.value for n in other if n.each}
    counts = Counter(n.value for n in side
                     if not (n.weak or n.approximate or n.month or n.value in each))
    theirs = Counter(n.value for n in other if not n.month)
    return Counter({value: count - theirs[value] for value, count in counts.items()
                    if 0 < theirs[value] < count})


def weak_unmatched(side: Sequence[Number], other: Sequence[Number]) -> int:
    """The weak numbers of ``side`` (百年, 一一) whose value ``other`` does not state."""
    values = {n.value for n in other}
    return sum(n.weak and n.value not in values for n in side)


def figures_missing(side: str, passage: Sequence[Number], other: Sequence[Number]) -> int:
    """How many strong numbers of a ``passage`` of one ``side`` ("zh" or "en") state a value
    the ``other`` side lacks, as :func:`compare_numbers` reads them (an English year or
    month the Chinese leaves unsaid is no figure missing): a passage the other side leaves
    untranslated takes its figures with it."""
    mismatch = compare_numbers(passage, other) if side == "zh" else \
        compare_numbers(other, passage)
    return len((mismatch.zh_only if side == "zh" else mismatch.en_only) if mismatch else ())


def _accounted(number: Number, others: Sequence[Number]) -> bool:
    """Whether ``others`` state ``number``'s value as the same kind of number: a month
    accounts for a month only, so that "December 12" against 12月11日 is a changed day."""
    return any(other.month == number.month
               and (other.value == number.value
                    or ((number.approximate or other.approximate)
                        and _near(number.value, other.value)))
               for other in others)


def _is_year(number: Number) -> bool:
    """A year as written: four digits (2013, 二〇一三) from 1900 to 2100."""
    return (len(number.text) == 4 and number.value.isdigit() and int(number.value) in _YEARS
            and all(c.isdigit() or c in _ZH_DIGITS for c in number.text))


def _near(first: str, second: str) -> bool:
    """Whether one value is a rounding of the other: 123,000,000 and "over 120 million",
    within 5%, or within the place of the rounder one's last digit (十多 "a dozen")."""
    try:
        a, b = Decimal(first), Decimal(second)
    except InvalidOperation:
        return False
    if a <= 0 or b <= 0:
        return False
    if abs(a - b) <= _TOLERANCE * max(a, b):
        return True
    precise, rough = (a, b) if _significant(a) > _significant(b) else (b, a)
    place = Decimal(1).scaleb(rough.normalize().as_tuple().exponent)
    if rough <= precise < rough + place:
        return True
    # Enough precision for every digit of ``precise`` down to ``place``: a figure of more
    # than the default 28 digits (an account number) cannot be quantized otherwise.
    with localcontext() as context:
        context.prec = max(context.prec, precise.adjusted() - place.adjusted() + 2)
        return any(precise.quantize(place, rounding=rounding) == rough
                   for rounding in (ROUND_HALF_UP, ROUND_DOWN))


def _significant(value: Decimal) -> int:
    return len(value.normalize().as_tuple().digits)
