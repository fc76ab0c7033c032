"""General shapes of English news dates and their TIMEX3 values (issue 11, eighth pass).

Every sentence here was written for these tests; none is taken from a corpus. Each row: the
text, the publication date, the expression as it must be found, its TIMEX3 type and value.
"""

from __future__ import annotations

from datetime import date

import pytest

from nkviewer.nlp.timex import tag

WED_MAR_18_2026 = date(2026, 3, 18)

Row = tuple[str, str, str, str]

# fmt: off
ROWS: list[Row] = [
    # some day of that name, no week known: the weekday of an unknown week
    ("The committee met on a Friday, a member said.", "a Friday", "DATE", "XXXX-WXX-5"),
    ("Flights resumed one Monday in late spring.", "one Monday", "DATE", "XXXX-WXX-1"),
    # a relative day opening its clause, its subject right after it: the story's day before
    ("He was arrested on Tuesday. She said the day before he had flown home from Oslo.",
     "the day before", "DATE", "2026-03-16"),
    ("The ferry sank on March 3, 2012. The day before the crew had warned the owners.",
     "The day before", "DATE", "2012-03-02"),
    ("The mill closed on May 2, 2019. A week earlier the owners were sold out.",
     "A week earlier", "DATE", "2019-04-25"),
    ("The mayor resigned in June 2021. The month before he had been cleared.",
     "The month before", "DATE", "2021-05"),
    # a half or quarter "of the year": one expression
    ("Growth slowed in the second half of the year.", "the second half of the year", "DATE",
     "2025-H2"),
    ("Growth will pick up in the second half of the year.", "the second half of the year",
     "DATE", "2026-H2"),
    ("Orders will rise in the last quarter of the year.", "the last quarter of the year", "DATE",
     "2026-Q4"),
    # the start, middle and end of the year: the year, with its part as a mod
    ("Talks resume at the start of the year.", "the start of the year", "DATE", "2026"),
    ("The bill passed at the beginning of the year.", "the beginning of the year", "DATE",
     "2026"),
    ("In 2019 the plant opened; by the middle of the year it employed 300.",
     "the middle of the year", "DATE", "2019"),
    # a fraction of a month in the next unit down, as years and hours already were
    ("The strike lasted three and a half months.", "three and a half months", "DURATION",
     "P3M15D"),
    ("Repairs took a month and a half.", "a month and a half", "DURATION", "P1M15D"),
    ("Repairs took half a month.", "half a month", "DURATION", "P15D"),
    ("The talks dragged on for two and a half years.", "two and a half years", "DURATION",
     "P2Y6M"),
    # a season counted back over the years: that season, year after year
    ("Riots have broken out for the past three summers.", "the past three summers", "SET",
     "XXXX-SU"),
    ("Floods hit the town in each of the last two winters.", "the last two winters", "SET",
     "XXXX-WI"),
    ("Over the past few summers crowds grew.", "the past few summers", "SET", "XXXX-SU"),
    # "the past" alone is still the vague past
    ("Things were different in the past.", "the past", "DATE", "PAST_REF"),
    # a vague stretch opening its sentence, as mid-sentence
    ("In the years that followed, the rebels grew.", "the years", "DURATION", "PXY"),
    ("Over the months, prices rose.", "the months", "DURATION", "PXM"),
    ("He lived there in the years that followed.", "the years", "DURATION", "PXY"),
    # a day of the month written as an ordinal word
    ("On the third of March the strike began.", "the third of March", "DATE", "2026-03-03"),
    ("The law takes effect on the first of May.", "the first of May", "DATE", "2026-05-01"),
    # "last" with its noun left out after "as" or "than": one unit before "this ..."
    ("Dividends will be twice as high this year as last.", "last", "DATE", "2025"),
    ("Exports grew faster this month than last, the ministry said.", "last", "DATE", "2026-02"),
    ("Profit this quarter was lower than last.", "last", "DATE", "2025-Q4"),
    # "the year" before "of" and a price: the period of a high or a low, not "the year of X"
    ("The stock hit a low for the year of $3.25 on Tuesday.", "the year", "DATE", "2026"),
    ("Shares touched a high for the year of 85 cents.", "the year", "DATE", "2026"),
    # how often something is done stays a set
    ("The fair is held annually.", "annually", "SET", "P1Y"),
    ("The council meets weekly in the old hall.", "weekly", "SET", "P1W"),
    # a futures contract's month is the one trading now or one ahead, whatever the tense
    ("Corn futures for March delivery fell.", "March", "DATE", "2026-03"),
    ("Soybeans for January delivery rose 2 percent.", "January", "DATE", "2027-01"),
    ("May corn settled higher on Tuesday.", "May", "DATE", "2026-05"),
    # days listed with their month written once: a date for every one
    ("Nurses will walk out on 13, 14, 16 and 17 December.", "14", "DATE", "2026-12-14"),
    ("Drivers will strike on Dec. 13, 14, 16 and 17, the union said.", "16", "DATE",
     "2026-12-16"),
    # a clock time takes the day written after it, however the day is written
    ("The attack happened at around 10:40 p.m. on 3 June last year.", "around 10:40 p.m.",
     "TIME", "2025-06-03T22:40"),
    ("Sanctions return at 8 p.m. New York time (0000 GMT) on Sept. 27.",
     "8 p.m. New York time", "TIME", "2026-09-27T20:00"),
    # months told right after a year counted from publication are that year's
    ("The army held two drills last year, in January and September.", "January", "DATE",
     "2025-01"),
    ("It was the second attack this year, after the January assault on the paper.", "January",
     "DATE", "2026-01"),
    # the weekend of the days written after it
    ("A hard freeze over the weekend of March 7-8 damaged the crop.", "the weekend", "DATE",
     "2026-W10-WE"),
    ("Ratings could suffer if the strike lasts into the fall.", "the fall", "DATE", "2026-FA"),
    # a clock time of a habit, no day named: a time of any day
    ("She was usually up before dawn to reach the reef by 6 a.m.", "6 a.m.", "TIME",
     "XXXX-XX-XXT06:00"),
    ("The office usually opens at 9 a.m., but on Monday it opened at 11 a.m.", "9 a.m.",
     "TIME", "XXXX-XX-XXT09:00"),
    ("The office usually opens at 9 a.m., but on Monday it opened at 11 a.m.", "11 a.m.",
     "TIME", "2026-03-16T11:00"),
    ("He opened the shop at 6am every morning for 22 years.", "6am", "SET",
     "XXXX-XX-XXT06:00"),
    # a range of months whose first lies after its last began the year before
    ("In 2010 Moscow banned grain exports from August until July 2011.",
     "August until July 2011", "DATE", "2010-08-01/2011-07-31"),
    # months listed before "next year" are next year's
    ("The crop will be harvested in March and April next year.", "March", "DATE", "2027-03"),
    ("No single term in the past half-century saw so many vetoes.", "the past half-century",
     "DURATION", "P50Y"),
    # the "an" ending "than" is no article ("an Easter egg")
    ("The fires were as bad as New Year's Eve, when they tore through the town.",
     "New Year's Eve", "DATE", "2025-12-31"),
    ("Box office was up 40 percent from the same weekend last year.",
     "the same weekend last year", "DATE", "2025-W12-WE"),
    # "overnight" after an evening told is the night that followed it
    ("The river crested late Tuesday, and the main shelter flooded overnight.", "overnight",
     "TIME", "2026-03-17TNI"),
    # parts of days said in the plural, or of the weekdays: sets
    ("He walked by the harbour and read in the evenings.", "the evenings", "SET",
     "XXXX-XX-XXTEV"),
    ("Traffic is worst on weekday mornings.", "weekday mornings", "SET", "XXXX-WXX-WDTMO"),
    ("Teenagers must stay off the streets between 11 p.m. and 5 a.m. on weeknights.",
     "11 p.m.", "SET", "XXXX-WXX-WDT23:00"),
    # a clock time said with "seven days a week" is a time of every day
    ("Some sites will be open from 8 a.m. to 8 p.m., seven days a week.", "8 a.m.", "SET",
     "XXXX-XX-XXT08:00"),
    # a period's results made public: the latest such period begun
    ("Carriers will report fourth-quarter results in the coming weeks.", "fourth-quarter",
     "DATE", "2025-Q4"),
    # "following" before a possessive weekday is "after": that day's own
    ("Boeing grounded the jet following Sunday's crash.", "Sunday's", "DATE", "2026-03-15"),
    # a period, then the years back: one expression
    ("Planes were 84 percent full in the April-June period last year.",
     "the April-June period last year", "DATE", "2025-Q2"),
    ("Traffic is 45 percent below the same week two years ago.",
     "the same week two years ago", "DATE", "2024-W12"),
    # a part of the day before "trading": of the day told, or of publication
    ("Crude dropped below $27 in afternoon trading.", "afternoon", "TIME", "2026-03-18TAF"),
    ("Brent fell in early morning trade on Tuesday.", "early morning", "TIME",
     "2026-03-17TMO"),
    # a part of the day or clock time with a set or a habit, no day named: of any day; "more
    # frequently" is a comparison, no habit
    ("Flights leave every hour or so in the morning.", "the morning", "TIME", "XXXX-XX-XXTMO"),
    ("Breakfast clubs typically run from 7.30am to 8.15am.", "7.30am", "TIME",
     "XXXX-XX-XXT07:30"),
    ("Trains ran more frequently during the morning commute.", "the morning", "TIME",
     "2026-03-18TMO"),
    # lengths: a quarter century, an extra unit, a fraction after a written year
    ("It was the biggest trial in a quarter century.", "a quarter century", "DURATION", "P25Y"),
    ("Microsoft paid for an extra year of updates.", "an extra year", "DURATION", "P1Y"),
    ("The terminal would open 60 extra hours a week.", "60 extra hours", "DURATION", "PT60H"),
    ("The film came out on Oct. 25, 2001, a month and a half after the attacks.",
     "a month and a half", "DURATION", "P1M15D"),
    # a part of the day with its own modifier, or bare after "by"
    ("The final ballot came in the early evening.", "the early evening", "TIME",
     "2026-03-18TEV"),
    ("By evening, crowds had gathered.", "evening", "TIME", "2026-03-18TEV"),
    # a weekday in brackets after a day names that day
    ("FEB. 3 (WEDNESDAY) - Evening reception", "WEDNESDAY", "DATE", "2026-02-03"),
    ("The town was founded in 1200.", "1200", "DATE", "1200"),
    # a wire clock before a zone, with the day after it
    ("Shares were down 1.8 percent at 1345 IST on Friday.", "1345 IST on Friday", "TIME",
     "2026-03-13T13:45"),
    ("Talks are likely to run late into the evening.", "the evening", "TIME", "2026-03-18TEV"),
    ("He made three signings in the past fortnight.", "the past fortnight", "DURATION",
     "P2W"),
    # a weekday in apposition after a day names that day
    ("The Chargers play on Oct. 29, a Sunday night game.", "Sunday night", "TIME",
     "2025-10-29TNI"),
    ("Doors open at 9 a.m. on opening day, Sept. 23, a Wednesday.", "a Wednesday", "DATE",
     "2026-09-23"),
    # an hour said with a set of nights and no a.m. or p.m. is the evening's
    ("Waitresses sing for diners every night at 7 o'clock.", "7 o'clock", "SET",
     "XXXX-XX-XXT19:00"),
    # two of a unit from this one, and so many weeks from a day: one date
    ("Talks will resume the week after next.", "the week after next", "DATE", "2026-W14"),
    ("Prices peaked the month before last.", "the month before last", "DATE", "2026-01"),
    ("The vote is due a week on Saturday.", "a week on Saturday", "DATE", "2026-03-28"),
    ("The minister returns on Saturday week.", "Saturday week", "DATE", "2026-03-28"),
    ("The summit opens two weeks from Friday.", "two weeks from Friday", "DATE",
     "2026-04-03"),
    ("Ministers meet again a week today.", "a week today", "DATE", "2026-03-25"),
    # a fortnight ago is two weeks ago
    ("The ferry sank a fortnight ago.", "a fortnight ago", "DATE", "2026-W10"),
    # a part of a bare day of the month: the day, as a part of a named day is
    ("On the morning of the 23rd, troops moved in.", "the 23rd", "DATE", "2026-02-23"),
    # bare lengths listed after a cued one, or cued by their verb or "in advance"
    ("It could go on for days, weeks or even months.", "weeks or even months", "DURATION",
     "PXW"),
    ("Rebuilding that will take years, not months.", "months", "DURATION", "PXM"),
    ("Their boats had been idle for months, if not years.", "years", "DURATION", "PXY"),
    ("A new administration would need months to set its policy.", "months", "DURATION",
     "PXM"),
    ("The raids were planned weeks in advance.", "weeks", "DURATION", "PXW"),
    ("The machine could be reinfected within seconds.", "seconds", "DURATION", "PTXS"),
    # an hour with "o'clock" and its part of the day: one time
    ("It was totally black at 3 o'clock in the afternoon.", "3 o'clock in the afternoon",
     "TIME", "2026-03-18T15:00"),
    # the wire's four-digit clock with no zone: its leading zero, or its day after it
    ("He was released without charge at 0200 on Friday.", "0200 on Friday", "TIME",
     "2026-03-13T02:00"),
    ("The ferry left port at 1930 on Thursday.", "1930 on Thursday", "TIME",
     "2026-03-12T19:30"),
    # the first or last day (night) of a year
    ("He was arrested on the last day of the year.", "the last day of the year", "DATE",
     "2025-12-31"),
    ("The shop will close on the last day of the year.", "the last day of the year", "DATE",
     "2026-12-31"),
    ("Fireworks lit the sky on the last night of 1997.", "the last night of 1997", "TIME",
     "1997-12-31TNI"),
    ("The law takes effect on the first day of 2020.", "the first day of 2020", "DATE",
     "2020-01-01"),
    # more bare lengths listed after a cued one
    ("It could last for months, maybe years.", "years", "DURATION", "PXY"),
    ("Prices will rise in the coming weeks and months.", "months", "DURATION", "PXM"),
    # so long ago that night
    ("\"Ten years ago tonight, people danced on the Wall,\" he said.", "Ten years ago tonight",
     "TIME", "2016-03-18TNI"),
    # the first or last hour of a session: a length
    ("The Dow fell 186 points in the first hour of trading.", "the first hour", "DURATION",
     "PT1H"),
    ("Investors were locked out for the final half hour.", "the final half hour", "DURATION",
     "PT30M"),
    # "the past year and a half" is a length; "the current financial year" one expression
    ("Trade has doubled over the past year and a half.", "the past year and a half",
     "DURATION", "P1Y6M"),
    ("Profit will rise in the current financial year.", "the current financial year", "DATE",
     "2026"),
    # a half written after a hyphen, as AP writes it
    ("He was sentenced to 12-1/2 years in prison.", "12-1/2 years", "DURATION", "P12Y6M"),
    # British "in future" (no article), and "the new year" followed by more of its clause
    ("In future, the bank will publish its minutes.", "future", "DATE", "FUTURE_REF"),
    ("The club will be run differently in future.", "future", "DATE", "FUTURE_REF"),
    ("The first big test of the new year comes on Friday.", "the new year", "DATE", "2027"),
    ("A wave of new laws arrived with the new year in 20 states.", "the new year", "DATE",
     "2027"),
    # a year said to be "the year"
    ("We hope 2012 will be the year we win our freedom.", "the year", "DATE", "2012"),
    # "weekly" before a name of what is weekly
    ("Thousands attended the weekly Muslim prayers.", "weekly", "SET", "P1W"),
    # a length in a title-case headline, its number in figures or "a"
    ("Hiroshima Falls Silent 50 Years After the Bomb\n\nBells tolled.", "50 Years",
     "DURATION", "P50Y"),
    # a length naming a noun's is no time counted from now
    ("His sentence can be extended in five-year increments.", "five-year", "DURATION",
     "P5Y"),
    # a weekday after a country visited is a day, not the paper "Wales on Sunday"
    ("The prince will go to Wales on Friday.", "Friday", "DATE", "2026-03-20"),
]

#: Expressions that name no time of their own.
NOT_DATES: list[tuple[str, str]] = [
    # a show named after a weekday
    ("The comic spent a week on Saturday Night Live.", "a week on Saturday"),
    # a thing's fate, and a paper named "weekly" or "daily"
    ("They could not agree on the future of Jerusalem.", "the future"),
    ("He drew for the satirical weekly Charlie Hebdo.", "weekly"),
    ("The business daily Handelsblatt reported the deal.", "daily"),
    # the years of a range named after them; the first months of a year named after them
    ("Auditors checked the books for the years 2008 through 2010.", "the years"),
    ("The death toll was high in the first months of 2015.", "the first months"),
    ("Expect delays in the first weeks of January.", "the first weeks"),
    # a second helping, a kind of curfew
    ("Fans kept coming back for seconds.", "seconds"),
    ("The army imposed a night curfew on the city.", "a night"),
    # "the new year holiday" is the holiday's, not a year
    ("Trading was cut short for the new year holiday.", "the new year"),
    # a programme named "Today"
    ("He apologized in an interview on NBC's \"Today\" show.", "Today"),
    # "seconds before" an event, as TimeML leaves it; a year at its levels; the paper
    ("A guard was hit seconds before the blast.", "seconds"),
    ("Prices fell back to 1930 levels.", "1930 levels"),
    ("He told Wales on Sunday he was sorry.", "Sunday"),
    # a thing named after the season it is for
    ("The decision to scrap the winter fuel payment angered pensioners.", "the winter"),
    # a day naming a district
    ("A shopkeeper in the 7 July district said shells fell.", "7 July"),
    # a number before a counted noun, or below 1600 with no preposition of time, is no year
    ("Holden will cut about 1600 jobs at Elizabeth and 1300 in Victoria.", "1600"),
    ("Holden will cut about 1600 jobs at Elizabeth and 1300 in Victoria.", "1300"),
    ("She was shot in a parked car in the 1200 block of North Avenue.", "1200"),
    # an age is no length
    ("Everyone 6 months and older should get a shot.", "6 months"),
    ("The first dose is given at 12 to 15 months of age.", "12 to 15 months"),
    # a crop named after the season it is sown in
    ("Dry weather cut the winter wheat crop.", "the winter"),
    ("Farmers sowed more winter grain than a year ago.", "winter"),
    # a count after a date is no day of a list
    ("On Dec. 13, 14 people were hurt.", "14"),
    ("The driver, aged 25, 12 December reports said, had no licence.", "25"),
    # "before" joining a clause: the day before a happening, not a day before a date
    ("He left the day before his wife arrived.", "the day before"),
    ("He was arrested on Tuesday. The day before he flew home he sold his car.",
     "The day before"),
    ("He was freed on Tuesday. The day after he had been released, he sold his car.",
     "The day after"),
    # "the week before" a happening is not this week
    ("He sold his car the week before the election.", "the week"),
    ("The week before he flew home, he sold his car.", "The week"),
    # "the past" before a count is a determiner, not the vague past
    ("He has won the past three seasons.", "the past"),
    # "last" that is no unit: a rank, or its noun written
    ("He finished first in the heats but came in as last.", "last"),
    ("The team was ranked this year as last.", "last"),
    # "the year of" something: no year of its own
    ("It was the year of the flood.", "the year"),
    # no such day
    ("It ended on the thirtieth of February.", "the thirtieth of February"),
    # "annual" before its noun says what sort of thing it is, not when anything happens
    ("The town holds an annual fair in the square.", "annual"),
    ("Shareholders approved the plan at the annual meeting.", "annual"),
    ("The fund pays a semiannual coupon.", "semiannual"),
    ("Putin is expected to attend an annual economic forum that runs from Sunday to Wednesday.",
     "annual"),
]
# fmt: on


def _found(text: str) -> dict[str, tuple[str, str, str | None, str | None]]:
    return {m.text: (m.type, r.value, r.mod, r.anchor) for m, r in tag(text, WED_MAR_18_2026)}


@pytest.mark.parametrize(("text", "expr", "typ", "value"), ROWS)
def test_general_news_dates(text: str, expr: str, typ: str, value: str) -> None:
    found = _found(text)
    assert expr in found, found
    assert found[expr][:2] == (typ, value)


@pytest.mark.parametrize(("text", "expr"), NOT_DATES)
def test_not_a_date_of_its_own(text: str, expr: str) -> None:
    assert expr not in _found(text)


@pytest.mark.parametrize(
    ("text", "expr", "mod"),
    [
        ("Talks resume at the start of the year.", "the start of the year", "START"),
        ("The bill will pass in the middle of the year.", "the middle of the year", "MID"),
        ("The vote is expected by the end of the year.", "the end of the year", "END"),
    ],
)
def test_a_part_of_the_year_is_its_mod(text: str, expr: str, mod: str) -> None:
    assert _found(text)[expr][2] == mod


def test_some_weekday_has_no_calendar_span() -> None:
    # `events.build` makes events only of calendar spans: "a Friday" dates none
    text = "The two envoys met on a Friday, a diplomat said."
    ((m, r),) = [(m, r) for m, r in tag(text, WED_MAR_18_2026) if m.text == "a Friday"]
    assert (m.type, r.value, r.first, r.last, r.anchor) == ("DATE", "XXXX-WXX-5", None, None, None)
    assert not r.is_calendar


@pytest.mark.parametrize(
    ("text", "dct", "expr", "value"),
    [
        # a holiday's week is the ISO week that holds the day
        ("Shops stayed open through Christmas week.", date(2025, 12, 29), "Christmas week",
         "2025-W52"),
        ("Traffic peaked during Thanksgiving week.", date(2025, 12, 3), "Thanksgiving week",
         "2025-W48"),
        ("Pilgrims crowded the city as Easter week began.", date(2026, 3, 30), "Easter week",
         "2026-W14"),
        ("Christmas week 2019 was the busiest on record.", WED_MAR_18_2026,
         "Christmas week 2019", "2019-W52"),
        # a holiday's weekend with its possessive
        ("Temperatures will fall below zero over the New Year's weekend.", date(2025, 12, 29),
         "New Year's weekend", "2026-W01-WE"),
        # the day alone stays the day
        ("Sales jumped at Christmas.", date(2026, 1, 5), "Christmas", "2025-12-25"),
    ],
)  # fmt: skip
def test_a_holidays_week(text: str, dct: date, expr: str, value: str) -> None:
    found = {m.text: (m.type, r.value) for m, r in tag(text, dct)}
    assert found.get(expr) == ("DATE", value), found


@pytest.mark.parametrize(
    ("dct", "value"),
    [
        (date(2021, 3, 29), "2021-W12"),  # a Monday: six of the seven days were last week's
        (date(2021, 3, 31), "2021-W12"),  # a Wednesday: four of them
        (date(2021, 4, 1), "2021-W13"),  # a Thursday: four of them are this week's
        (date(2021, 4, 4), "2021-W13"),  # a Sunday: all of them
    ],
)
def test_the_past_week_is_the_week_of_most_of_its_days(dct: date, value: str) -> None:
    found = {m.text: r.value for m, r in tag("Ships diverted over the past week.", dct)}
    assert found["the past week"] == value
