"""A table of temporal expressions with their anchors and the expected TIMEX3 reading.

Every form the issue lists, and the seed articles' own expressions in their own sentences.
Each row: a sentence, the publication date, the expression as it must be found, and the
expected type, value and granularity (None for durations and sets, which have no calendar span).
"""

from __future__ import annotations

from datetime import date

import pytest

from nkviewer.nlp.timex import tag

MON_2019_03_18 = date(2019, 3, 18)  # seed 001
THU_2023_09_07 = date(2023, 9, 7)  # seed 003
THU_2015_01_22 = date(2015, 1, 22)  # seed 004
FRI_2018_04_06 = date(2018, 4, 6)  # seed 000
MON_2019_04_29 = date(2019, 4, 29)  # seed 002
WED_1998_02_11 = date(1998, 2, 11)

Row = tuple[str, date, str, str, str, str | None]

# fmt: off
TABLE: list[Row] = [
    # --- seed 000 (Hankyoreh, Friday 2018-04-06)
    ("Coats was quoted as telling reporters in Washington on Apr. 4.", FRI_2018_04_06,
     "Apr. 4", "DATE", "2018-04-04", "day"),
    ("Wang Yi met Putin and Lavrov on Apr. 5 to discuss a visit.", FRI_2018_04_06,
     "Apr. 5", "DATE", "2018-04-05", "day"),
    ("Ri Yong-ho was expected to visit Russia on Apr. 9–11 for a meeting.", FRI_2018_04_06,
     "Apr. 9–11", "DATE", "2018-04-09/2018-04-11", "range"),
    ("Last month, Kim Jong-un visited China first for a summit with Xi.", FRI_2018_04_06,
     "Last month", "DATE", "2018-03", "month"),
    ("ahead of a planned inter-Korean summit late this month", FRI_2018_04_06,
     "late this month", "DATE", "2018-04", "month"),
    ("and a possible North Korea-US summit next month.", FRI_2018_04_06,
     "next month", "DATE", "2018-05", "month"),
    ("Putin is expected to meet with Xi while visiting China in June.", FRI_2018_04_06,
     "June", "DATE", "2018-06", "month"),
    # --- seed 001 (Korea JoongAng Daily, Monday 2019-03-18)
    ("Its negotiations fell through at the Vietnam summit last month.", MON_2019_03_18,
     "last month", "DATE", "2019-02", "month"),
    ("The summit ended without any agreement on Feb. 28, and then talks stalled.", MON_2019_03_18,
     "Feb. 28", "DATE", "2019-02-28", "day"),
    ("Im Chon-il met with Igor Morgulov in Moscow Thursday to discuss exchanges.", MON_2019_03_18,
     "Thursday", "DATE", "2019-03-14", "day"),
    ("The official Korean Central News Agency reported Sunday that they met.", MON_2019_03_18,
     "Sunday", "DATE", "2019-03-17", "day"),
    ("Im also met with Sergey Vershinin on Saturday to exchange views.", MON_2019_03_18,
     "Saturday", "DATE", "2019-03-16", "day"),
    ("A delegation also arrived in Pyongyang Saturday, according to the KCNA.", MON_2019_03_18,
     "Saturday", "DATE", "2019-03-16", "day"),
    ("They also signed a two-year plan for exchanges.", MON_2019_03_18,
     "a two-year", "DURATION", "P2Y", None),
    ("the two-day summit between Kim Jong-un and Donald Trump", MON_2019_03_18,
     "the two-day", "DURATION", "P2D", None),
    ("The senators' six-day visit runs through Thursday.", MON_2019_03_18,
     "six-day", "DURATION", "P6D", None),
    ("This year marks the 70th anniversary of the agreement.", MON_2019_03_18,
     "This year", "DATE", "2019", "year"),
    ("Kim Yong-jae met with Alexander Kozlov on March 6 at a bilateral meeting.", MON_2019_03_18,
     "March 6", "DATE", "2019-03-06", "day"),
    ("Kim could visit Moscow later this year for a first summit.", MON_2019_03_18,
     "later this year", "DATE", "2019", "year"),
    ("The talks took place Thursday. State media only reported on it four days later.",
     MON_2019_03_18, "four days later", "DATE", "2019-03-18", "day"),
    ("Pyongyang reportedly sent a high-level delegation to Beijing last week.", MON_2019_03_18,
     "last week", "DATE", "2019-W11", "week"),
    ("Xi pledged support in their summit in Beijing last January.", MON_2019_03_18,
     "last January", "DATE", "2019-01", "month"),
    ("Choe Son-hui on Friday warned that Pyongyang will not yield.", MON_2019_03_18,
     "Friday", "DATE", "2019-03-15", "day"),
    # --- seed 002 (Arirang News, Monday 2019-04-29)
    ("Xi may visit Pyeongyang within the next two or three months.", MON_2019_04_29,
     "the next two or three months", "DURATION", "PXM", "range"),
    ("The panel will report within the next two weeks.", MON_2019_04_29,
     "the next two weeks", "DURATION", "P2W", "range"),
    ("Kim and Xi have had four summits in total -- three last year, and one in January.",
     MON_2019_04_29, "last year", "DATE", "2018", "year"),
    ("Kim and Xi have had four summits in total -- three last year, and one in January.",
     MON_2019_04_29, "January", "DATE", "2019-01", "month"),
    ("It wants to strike the deal it wants by the end of this year.", MON_2019_04_29,
     "the end of this year", "DATE", "2019", "year"),
    ("The sale should close by year-end, the company said.", MON_2019_04_29,
     "year-end", "DATE", "2019-12-31", "day"),
    ("before the deadline it set -- the year's-end.", MON_2019_04_29,
     "the year's-end", "DATE", "2019", "year"),
    ("The directors have not met for over two months.", MON_2019_04_29,
     "over two months", "DURATION", "P2M", None),
    ("Pyeongyang sent its vice foreign minister on a trip on Saturday.", MON_2019_04_29,
     "Saturday", "DATE", "2019-04-27", "day"),
    # --- seed 003 (Euronews, Thursday 2023-09-07)
    ("celebrations for its 75th founding anniversary, which is on Saturday, the media said.",
     THU_2023_09_07, "Saturday", "DATE", "2023-09-09", "day"),
    ("A Chinese delegation will visit, the North's state media said on Thursday.",
     THU_2023_09_07, "Thursday", "DATE", "2023-09-07", "day"),
    ("Putin is expected to attend an annual economic forum that runs from Sunday to Wednesday.",
     THU_2023_09_07, "Sunday to Wednesday", "DATE", "2023-09-10/2023-09-13", "range"),
    ("The meeting could happen as early as next week in Vladivostok.", THU_2023_09_07,
     "next week", "DATE", "2023-W37", "week"),
    ("Last month South Korea's National Intelligence Service said the crisis is worsening.",
     THU_2023_09_07, "Last month", "DATE", "2023-08", "month"),
    ("It stated that between January and July, the number of deaths doubled.", THU_2023_09_07,
     "January and July", "DATE", "2023-01-01/2023-07-31", "range"),
    ("compared with comparable figures for the last five years.", THU_2023_09_07,
     "the last five years", "DURATION", "P5Y", None),
    ("Malnutrition is worse than at any time since the famine of the 1990s.", THU_2023_09_07,
     "the 1990s", "DATE", "199", "decade"),
    ("Kim in July invited delegations to a huge military parade.", THU_2023_09_07,
     "July", "DATE", "2023-07", "month"),
    # --- seed 004 (Korea Times / Yonhap, Thursday 2015-01-22)
    ("China said Thursday that a possible visit would be conducive to peace.", THU_2015_01_22,
     "Thursday", "DATE", "2015-01-22", "day"),
    ("Russian Foreign Minister Sergei Lavrov said Wednesday that Moscow received a signal.",
     THU_2015_01_22, "Wednesday", "DATE", "2015-01-21", "day"),
    ("a possible visit by Kim Jong-un to Russia in May would be conducive to peace",
     THU_2015_01_22, "May", "DATE", "2015-05", "month"),
    ("Putin invited Kim to attend the May 9 ceremony during a meeting with an envoy.",
     THU_2015_01_22, "May 9", "DATE", "2015-05-09", "day"),
    ("during a meeting with Kim's special envoy in November.", THU_2015_01_22,
     "November", "DATE", "2014-11", "month"),
    ("particularly after the North's third nuclear test in early 2013.", THU_2015_01_22,
     "early 2013", "DATE", "2013", "year"),
    ("Xi Jinping paid a state visit to South Korea last year.", THU_2015_01_22,
     "last year", "DATE", "2014", "year"),
    ("since taking the helm of the reclusive country in late 2011", THU_2015_01_22,
     "late 2011", "DATE", "2011", "year"),
    ("a spokesman told reporters earlier in the day that no decision has been made.",
     THU_2015_01_22, "earlier in the day", "DATE", "2015-01-22", "day"),
    ("Asked whether China would invite Kim this year, Hua replied.", THU_2015_01_22,
     "this year", "DATE", "2015", "year"),
    ("The dateline read January 22, 2015 above the story.", THU_2015_01_22,
     "January 22, 2015", "DATE", "2015-01-22", "day"),
    # --- absolute forms
    ("The report was filed on 2019-03-18 in Seoul.", MON_2019_03_18,
     "2019-03-18", "DATE", "2019-03-18", "day"),
    ("The deal was signed on 3/18/2019 in Hanoi.", MON_2019_04_29,
     "3/18/2019", "DATE", "2019-03-18", "day"),
    ("The conference will be held September 10-13 in Vladivostok.", THU_2023_09_07,
     "September 10-13", "DATE", "2023-09-10/2023-09-13", "range"),
    ("The treaty was signed in March 2019 in Hanoi.", MON_2019_04_29,
     "March 2019", "DATE", "2019-03", "month"),
    ("Output rose sharply in 2018.", MON_2019_03_18, "2018", "DATE", "2018", "year"),
    ("Sales fell in the third quarter.", WED_1998_02_11,
     "the third quarter", "DATE", "1997-Q3", "quarter"),
    ("Profit doubled in Q1 2019.", MON_2019_04_29, "Q1 2019", "DATE", "2019-Q1", "quarter"),
    ("Revenue in fiscal 1998 rose by a tenth.", WED_1998_02_11,
     "fiscal 1998", "DATE", "1998", "year"),
    ("Construction resumes in mid-2018.", FRI_2018_04_06, "mid-2018", "DATE", "2018", "year"),
    ("Trade grew in the summer of 2017.", FRI_2018_04_06,
     "the summer of 2017", "DATE", "2017-SU", "season"),
    ("Tensions eased this winter.", WED_1998_02_11, "this winter", "DATE", "1997-WI", "season"),
    ("The plant was built in the 1980s.", WED_1998_02_11, "the 1980s", "DATE", "198", "decade"),
    ("Production ran from 2010 to 2012 at the site.", MON_2019_03_18,
     "2010 to 2012", "DATE", "2010-01-01/2012-12-31", "range"),
    ("Talks were held on Christmas Day in Seoul.", WED_1998_02_11,
     "Christmas Day", "DATE", "1997-12-25", "day"),
    ("Markets closed at 5 p.m. EST Nov. 9.", WED_1998_02_11,
     "5 p.m. EST Nov. 9", "TIME", "1997-11-09T17:00", "day"),
    ("The strike began at noon Saturday.", WED_1998_02_11,
     "noon Saturday", "TIME", "1998-02-07T12:00", "day"),
    ("The minister spoke this morning in Seoul.", WED_1998_02_11,
     "this morning", "TIME", "1998-02-11TMO", "day"),
    # --- relative to the anchor
    ("Trade rose this year after sanctions eased.", MON_2019_03_18,
     "this year", "DATE", "2019", "year"),
    ("The envoy will travel to Beijing next week.", MON_2019_03_18,
     "next week", "DATE", "2019-W13", "week"),
    ("The ministry said yesterday that the talks failed.", MON_2019_03_18,
     "yesterday", "DATE", "2019-03-17", "day"),
    ("The results are due today.", MON_2019_03_18, "today", "DATE", "2019-03-18", "day"),
    ("The ministers meet tomorrow in Seoul.", MON_2019_03_18,
     "tomorrow", "DATE", "2019-03-19", "day"),
    ("Prices were lower a year ago.", MON_2019_03_18, "a year ago", "DATE", "2018", "year"),
    ("Exports rose earlier this year on demand from China.", MON_2019_03_18,
     "earlier this year", "DATE", "2019", "year"),
    ("Talks resumed earlier this month in Geneva.", MON_2019_03_18,
     "earlier this month", "DATE", "2019-03", "month"),
    ("Investment has doubled over the past two years.", MON_2019_03_18,
     "the past two years", "DURATION", "P2Y", None),
    ("Relations have improved recently.", MON_2019_03_18,
     "recently", "DATE", "PAST_REF", None),
    ("The two sides are now talking again.", MON_2019_03_18, "now", "DATE", "PRESENT_REF", "day"),
    ("The bank expects growth in the future.", MON_2019_03_18,
     "the future", "DATE", "FUTURE_REF", None),
    ("The leaders will meet again in the spring.", MON_2019_03_18,
     "the spring", "DATE", "2019-SP", "season"),
    ("He met the envoy on Tuesday. The day before, he had seen the minister.", MON_2019_03_18,
     "The day before", "DATE", "2019-03-11", "day"),
    ("The vote took place on March 6. Two weeks later the law passed.", MON_2019_03_18,
     "Two weeks later", "DATE", "2019-03-20", "day"),
    ("Net income rose in the third quarter from $2 million a year earlier.", WED_1998_02_11,
     "a year earlier", "DATE", "1996-Q3", "quarter"),
    ("the year-earlier quarter showed a loss after the third quarter gain", WED_1998_02_11,
     "the year-earlier quarter", "DATE", "1996-Q3", "quarter"),
    ("The company sold 12 plants last June.", WED_1998_02_11, "last June", "DATE", "1997-06",
     "month"),
    ("It was the weakest level in three weeks.", WED_1998_02_11,
     "three weeks", "DURATION", "P3W", None),
    # --- durations and sets
    ("The partnership has lasted for 70 years.", MON_2019_03_18,
     "70 years", "DURATION", "P70Y", None),
    ("The parade takes place every week.", MON_2019_03_18, "every week", "SET", "P1W", None),
    ("The paper is published weekly.", MON_2019_03_18, "weekly", "SET", "P1W", None),
    ("Flights leave each Thursday from Seoul.", MON_2019_03_18,
     "each Thursday", "SET", "XXXX-WXX-4", None),
    ("The talks lasted two months.", MON_2019_03_18, "two months", "DURATION", "P2M", None),
    ("It costs $5 a year to join.", MON_2019_03_18, "a year", "SET", "P1Y", None),
    ("The flight took 2 1/2 hours.", MON_2019_03_18, "2 1/2 hours", "DURATION", "PT2H30M", None),
    ("The cease-fire has held for several years.", MON_2019_03_18,
     "several years", "DURATION", "PXY", None),
]
# fmt: on


@pytest.mark.parametrize(
    ("sentence", "dct", "expr", "type_", "value", "granularity"),
    TABLE,
    ids=[f"{i:02d}-{row[2]}" for i, row in enumerate(TABLE)],
)
def test_expression(
    sentence: str, dct: date, expr: str, type_: str, value: str, granularity: str | None
) -> None:
    found = {m.text: (m, r) for m, r in tag(sentence, dct)}
    assert expr in found, f"{expr!r} not found in {sentence!r}; found {sorted(found)}"
    mention, resolved = found[expr]
    assert sentence[mention.start : mention.end] == expr
    assert (mention.type, resolved.value, resolved.granularity) == (type_, value, granularity)
    if type_ in ("DURATION", "SET") and granularity is None:
        assert resolved.first is None and resolved.last is None
    elif granularity not in (None,) and not value.endswith("_REF"):
        assert resolved.first is not None and resolved.last is not None
        assert resolved.first <= resolved.last


def test_table_is_big_enough() -> None:
    assert len(TABLE) >= 80
