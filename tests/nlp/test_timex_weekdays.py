"""Weekdays in news (issue 11): which such day a bare weekday is when its clause has no tense,
the tense of a participle's or gerund's clause, a part of the day written before the day, and a
weekday that is part of a quoted title.

Every sentence here was written for these tests. Publication dates: TUE = Tuesday 10 March
2026, THU = Thursday 12 March 2026.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

from nkviewer.nlp.timex import tag
from nkviewer.nlp.timex.tense import tense_from_text

if TYPE_CHECKING:
    from spacy.language import Language

TUE = date(2026, 3, 10)
THU = date(2026, 3, 12)

# fmt: off
#: (text, publication date, expression, value) — without the parser.
NO_TENSE: list[tuple[str, date, str, str]] = [
    # a clause with no tense of its own: a day up to three ahead is nearer than the one past
    ("Ministers haggling into the small hours of Wednesday over the fishing quotas.", TUE,
     "Wednesday", "2026-03-11"),
    ("A general strike on Friday across the northern ports.", THU, "Friday", "2026-03-13"),
    ("A general strike on Saturday across the northern ports.", THU, "Saturday", "2026-03-14"),
    ("A general strike on Sunday across the northern ports.", THU, "Sunday", "2026-03-15"),
    ("Pickets at the gates of the smelter by Friday, union leaders say.", TUE,
     "Friday", "2026-03-13"),
    # ... further ahead, the one just past: news mostly reports what happened
    ("A general strike on Monday across the northern ports.", THU, "Monday", "2026-03-09"),
    ("Pickets at the gates of the smelter by Saturday, union leaders say.", TUE,
     "Saturday", "2026-03-07"),
    # a plural present reads as no tense from the words alone: a day three ahead
    ("The two envoys meet separately Sunday with the mediator.", THU, "Sunday", "2026-03-15"),
    # a fronted day is its main verb's, even a form of planning
    ("On Tuesday, the council planned a new bypass around the village.", THU,
     "Tuesday", "2026-03-10"),
    ("On Friday, the scheduled vote was postponed.", TUE, "Friday", "2026-03-06"),
    # the publication's own weekday is that day
    ("A general strike on Thursday across the northern ports.", THU, "Thursday", "2026-03-12"),
    # a tense read from the words still decides: past goes back, future ahead
    ("Talks with the rebels broke down on Friday.", THU, "Friday", "2026-03-06"),
    ("The ferry company sought a new licence on Friday.", THU, "Friday", "2026-03-06"),
    ("The strike will spread to the northern ports on Monday.", THU, "Monday", "2026-03-16"),
    # an abbreviated month's period ends no clause: "unloaded" is this clause's verb
    ("Dockers unloaded grain from Nov. 2 to Friday at the old pier.", THU,
     "Friday", "2026-03-06"),
    # "set for" a day is a plan, not the past tense of "set"
    ("The ballot, set for Friday, could be delayed by the storm.", THU, "Friday", "2026-03-13"),
    ("Gen. Ortiz inspected the troops on Friday.", THU, "Friday", "2026-03-06"),
    # a day after the object of a verb of arranging is the arranged happening's: ahead
    ("Farmers planned a tractor convoy through the capital on Saturday.", THU,
     "Saturday", "2026-03-14"),
    ("The unions called for a nationwide walkout on Monday.", THU, "Monday", "2026-03-16"),
    # an intention still held when reported looks ahead; a plan seen from the past does not
    ("Residents were planning to block the bypass on Sunday.", THU, "Sunday", "2026-03-15"),
    ("The ferry was due to sail on Sunday.", THU, "Sunday", "2026-03-08"),
    ("The ministry had planned a ceremony on Friday.", THU, "Friday", "2026-03-06"),
    # ... the arranging's own day: before the verb, or right after it
    ("On Monday, the council planned a new bypass.", THU, "Monday", "2026-03-09"),
    ("The mayor called on Sunday for calm in the old town.", THU, "Sunday", "2026-03-08"),
    # ... and so is one after what is called for that takes place on no day
    ("The bishop called for calm on Sunday.", THU, "Sunday", "2026-03-08"),
    ("The senator called for an inquiry into the collapse on Monday.", THU,
     "Monday", "2026-03-09"),
    # a participle with no object: the clause's own tense
    ("The march planned at the stadium on Saturday drew ten thousand people.", THU,
     "Saturday", "2026-03-07"),
]
# fmt: on


@pytest.mark.parametrize(("text", "dct", "expr", "value"), NO_TENSE)
def test_weekday_direction_without_the_parser(text: str, dct: date, expr: str, value: str) -> None:
    assert _value(text, dct, expr) == value


def test_abbreviation_period_is_no_clause_end() -> None:
    text = "Dockers unloaded grain from Nov. 2 to Friday at the old pier."
    assert tense_from_text(text, text.index("Friday"), text.index("Friday") + 6) == "past"
    text = "Dockers were idle. Friday was calm."
    assert tense_from_text(text, text.index("Friday"), text.index("Friday") + 6) == "past"


# fmt: off
PART_OF_DAY: list[tuple[str, date, str, str]] = [
    ("Negotiators argued into the early hours of Wednesday.", THU, "Wednesday", "2026-03-11"),
    ("Sirens sounded in the small hours of Sunday.", TUE, "Sunday", "2026-03-08"),
    ("Crews worked through the night of March 3 and the morning of March 4.", THU,
     "March 4", "2026-03-04"),
    ("The vote came in the late hours of Friday.", TUE, "Friday", "2026-03-06"),
    ("The riots began on the evening of Feb. 9, 2021.", TUE, "Feb. 9, 2021", "2021-02-09"),
]
# fmt: on


@pytest.mark.parametrize(("text", "dct", "expr", "value"), PART_OF_DAY)
def test_part_of_a_day_is_no_duration(text: str, dct: date, expr: str, value: str) -> None:
    """ "the early hours of Wednesday" dates the Wednesday (the day alone is the expression, as
    TimeML marks it); "the early hours" is no length of hours."""
    found = {m.text: (m.type, r.value) for m, r in tag(text, dct)}
    assert found[expr] == ("DATE", value)
    assert all(t != "DURATION" for t, _ in found.values()), found


def test_early_hours_alone_stay_a_length() -> None:
    found = {m.text: m.type for m, _ in tag("The early hours were the worst.", TUE)}
    assert found == {"The early hours": "DURATION"}


# fmt: off
TITLES: list[tuple[str, list[str]]] = [
    # a weekday inside a quoted title of capitalised words: a programme, not a day
    ("The senator repeated the claim on \u201cCapitol Report Sunday.\u201d", []),
    ("She told \u2018Harbour Talk Friday\u2019 that the mill would close.", []),
    ('The minister appeared on "Sunday Morning Review" to defend the budget.', []),
    ("The paper's headline read \u201cDock Strike Ends Monday\u201d.", []),
    # a quoted speech, a lone quoted day, an unquoted name: still days
    ("\u201cWe vote on Sunday,\u201d she said.", ["Sunday"]),
    ("\u201cSunday,\u201d the coach said, \u201cis the final.\u201d", ["Sunday"]),
    ("The mayor told Harbour Radio on Sunday that the mill would close.", ["Sunday"]),
    ("The mayor told Harbour Radio Sunday that the mill would close.", ["Sunday"]),
    # (Black Friday is a day, the one after Thanksgiving; its weekday is not another Friday)
    ("Crowds gathered on \u201cBlack Friday\u201d and again on Saturday.",
     ["Black Friday", "Saturday"]),
    # outlets and programmes whose name ends in a weekday, unquoted
    ("The senator told Fox News Sunday that the vote would pass.", []),
    ("The senator told Fox News on Sunday that the vote would pass.", ["Sunday"]),
    ("The Mail on Sunday reported the minister's resignation.", []),
    ("An editorial in the Independent on Sunday backed the strike.", []),
    ("The governor spoke to CBS Sunday Morning about the floods.", []),
    ("The governor told CBS Sunday that the floods were receding.", ["Sunday"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "days"), TITLES)
def test_weekday_in_a_quoted_title_is_no_date(text: str, days: list[str]) -> None:
    assert [m.text for m, _ in tag(text, THU) if m.type in ("DATE", "TIME")] == days


# --- with the parser: a participle or gerund takes the tense of the clause it is in


@pytest.fixture(scope="module")
def nlp() -> Language:
    from nkviewer.nlp.model import load_pipeline
    from nkviewer.nlp.parse import configure_pipeline

    return configure_pipeline(load_pipeline())


# fmt: off
CLAUSES: list[tuple[str, date, str, str]] = [
    # a participle in a future clause is future, in a past one past
    ("The inspectors, touring the plant on Friday, will report to the board.", THU,
     "Friday", "2026-03-13"),
    ("The inspectors, touring the plant on Friday, found cracks in the boiler.", THU,
     "Friday", "2026-03-06"),
    ("Volunteers searching the moor on Sunday found the missing walker.", TUE,
     "Sunday", "2026-03-08"),
    # a gerund completing a verb has that verb's tense
    ("The union will begin picketing the depot on Friday.", THU, "Friday", "2026-03-13"),
    ("The union began picketing the depot on Monday.", THU, "Monday", "2026-03-09"),
    # a past participle reports what happened, whatever the main clause
    ("The accord signed on Monday takes effect in April.", THU, "Monday", "2026-03-09"),
    # a plan's participle looks ahead
    ("Negotiators worked through the night, with a vote expected on Friday.", THU,
     "Friday", "2026-03-13"),
    # a clause that speaks of the day itself in the present: the coming one
    ("The festival opens on Saturday.", THU, "Saturday", "2026-03-14"),
    ("Crossings on Monday are expected to reopen the border.", THU, "Monday", "2026-03-16"),
    # what a present copula says of a noun now is not when the noun's day lies: no tense
    ("The flood on Monday is the worst in a decade.", THU, "Monday", "2026-03-09"),
    ("The hearing on Friday is crucial for the defence.", THU, "Friday", "2026-03-13"),
    # a modal with a perfect is a guess about the past
    ("The frost may have damaged the orchards on Tuesday.", THU, "Tuesday", "2026-03-10"),
    ("The storm could have cut the power lines on Monday.", THU, "Monday", "2026-03-09"),
    # a verb whose past is its present form, with a singular subject, is past
    ("The strike in the docks hurt exports on Monday.", THU, "Monday", "2026-03-09"),
    ("A slump in demand hurt the exporters on Monday.", THU, "Monday", "2026-03-09"),
    ("Heavy rain hurt the harvest on Monday.", THU, "Monday", "2026-03-09"),
    # a day between a reporting verb and the reported clause's subject is the saying's, even
    # when the parse hangs it on the reported verb
    ("The mill said on Monday it would close two furnaces.", THU, "Monday", "2026-03-09"),
    ("The regulator told lenders on Tuesday it will cap fees.", THU, "Tuesday", "2026-03-10"),
    # ... not one after "that", nor one inside the reported clause
    ("The mill said that on Monday the furnaces would close.", THU, "Monday", "2026-03-16"),
    ("The mill said the furnaces would close on Monday.", THU, "Monday", "2026-03-16"),
    # a day after the object of a verb of arranging is the arranged happening's: ahead
    ("Farmers planned a tractor convoy through the capital on Saturday.", THU,
     "Saturday", "2026-03-14"),
    ("The unions called for a nationwide walkout on Monday.", THU, "Monday", "2026-03-16"),
    ("The opposition has called for mass rallies on Sunday.", THU, "Sunday", "2026-03-15"),
    # an intention still held when reported looks ahead; a plan seen from the past does not
    ("Residents were planning to block the bypass on Sunday.", THU, "Sunday", "2026-03-15"),
    ("The ferry had been due to sail on Sunday.", THU, "Sunday", "2026-03-08"),
    ("The ministry had planned a ceremony on Friday.", THU, "Friday", "2026-03-06"),
    # ... the arranging's own day: before the verb, or before its object
    ("On Monday, the council planned a new bypass.", THU, "Monday", "2026-03-09"),
    ("The mayor called on Sunday for calm in the old town.", THU, "Sunday", "2026-03-08"),
    ("The bishop called for calm on Sunday.", THU, "Sunday", "2026-03-08"),
    ("The senator called for an inquiry into the collapse on Monday.", THU,
     "Monday", "2026-03-09"),
    # "could" with a negative subject reports a failed attempt, not a plan
    ("Neither the mayor nor her deputies could be reached Monday for comment.", THU,
     "Monday", "2026-03-09"),
    ("No official could be located on Tuesday.", THU, "Tuesday", "2026-03-10"),
    ("Officials could meet the strikers on Tuesday.", THU, "Tuesday", "2026-03-17"),
    # a day before a "that" clause is not that clause's
    ("The premier brushed aside warnings from the unions on Monday that the cuts would "
     "spark strikes.", THU, "Monday", "2026-03-09"),
]
# fmt: on


@pytest.mark.model
@pytest.mark.parametrize(("text", "dct", "expr", "value"), CLAUSES)
def test_weekday_follows_its_governing_clause(
    nlp: Language, text: str, dct: date, expr: str, value: str
) -> None:
    assert _value(text, dct, expr, nlp(text)) == value


def _value(text: str, dct: date, expr: str, doc: Any = None) -> str:
    for m, r in tag(text, dct, doc=doc):
        if m.text == expr:
            return r.value
    found = [m.text for m, _ in tag(text, dct, doc=doc)]
    raise AssertionError(f"{expr!r} not found in {text!r}; found {found}")


SUN_23_JUNE_2019 = date(2019, 6, 23)  # a Sunday


# fmt: off
LAST_AND_SUNDAY: list[tuple[Any, ...]] = [
    # "the last Saturday" is the final one of some stretch: that weekday of an unknown week
    ("People come in on the last Saturday with a shoebox of receipts.", THU,
     "the last Saturday", "XXXX-WXX-6"),
    ("The shop was quiet last Saturday.", date(2024, 3, 7), "last Saturday", "2024-03-02"),
    # "a Sunday afternoon" in a story: that weekday's afternoon of an unknown week
    ("In 1951, the snow began falling on a Sunday afternoon and did not stop.", THU,
     "a Sunday afternoon", "XXXX-WXX-7TAF"),
    # a weekday of every month is a monthly set, not the next such day
    ("The council meets the first Tuesday of each month.", THU,
     "the first Tuesday of each month", "P1M"),
    ("Meetings are held on the second and fourth Monday of every month.", THU,
     "the second and fourth Monday of every month", "P1M"),
    # ... and a clock time said with it is a time of those days
    ("Meetings are held on the second Monday of every month at 7 p.m.", THU, "7 p.m.",
     "XXXX-XX-XXT19:00"),
    # written on a Sunday, "this week" ahead is the week starting tomorrow, behind the
    # week ending today
    ("Leaders will meet in Osaka this week.", SUN_23_JUNE_2019, "this week", "2019-W26"),
    ("Talks are expected later this week.", SUN_23_JUNE_2019, "later this week",
     "2019-W26"),
    ("Prices fell this week.", SUN_23_JUNE_2019, "this week", "2019-W25"),
    ("Leaders will meet in Osaka this week.", date(2019, 6, 22), "this week", "2019-W25"),
]
# fmt: on


@pytest.mark.parametrize(("text", "dct", "expr", "value"), LAST_AND_SUNDAY)
def test_the_last_weekday_and_this_week_on_a_sunday(
    text: str, dct: date, expr: str, value: str
) -> None:
    found = {m.text: r.value for m, r in tag(text, dct)}
    assert found.get(expr) == value, found


@pytest.mark.parametrize(
    "text",
    [
        "Last time, we had folks calling at 11 p.m. on the last night.",  # the final night
        "The next Patch Tuesday brings fixes for six flaws.",  # a monthly release's name
    ],
)
def test_the_last_night_and_patch_tuesday_are_no_days(text: str) -> None:
    found = [m.text for m, _ in tag(text, THU)]
    assert not {"last night", "Tuesday"} & set(found), found
