"""Dates in the story's own time: narrative reference, tense direction, times of day in their
own clause's day, and the TIMEX3 forms `nkviewer dates` promises (issue 11).

Every sentence here was written for these tests. Each row: the text, the publication date, the
expression as it must be found, its expected TIMEX3 value, and (where it matters) where its
anchor came from ("explicit", "publication", "narrative") and whether it is marked uncertain.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

from nkviewer.nlp.timex import as_anchor, find_timexes, resolve, tag
from nkviewer.nlp.timex.narrative import fronted, paragraph_starts
from nkviewer.nlp.timex.resolve import range_endpoints

if TYPE_CHECKING:
    from spacy.language import Language

MAR_15_2026 = date(2026, 3, 15)  # a Sunday
OCT_20_2025 = date(2025, 10, 20)  # a Monday
JUN_10_2024 = date(2024, 6, 10)

Row = tuple[str, date, str, str, str | None, bool | None]

# fmt: off
#: A flashback: a date counted back from the story's in the past perfect ("The day before,
#: engineers had inspected it") looks back without moving the story on; what follows counts
#: from the story's date. A past perfect that names its own date is the story's date.
#: Published Sunday 15 March 2026; each row: text, expression, value (anchor: narrative).
FLASHBACKS: list[tuple[str, str, str]] = [
    ("On Aug. 2, 2016, the levee broke. The day before, engineers had inspected it. A day "
     "later the town was evacuated.", "A day later", "2016-08-03"),
    ("In 2007 the choir toured Japan. The previous autumn it had lost its conductor. Later "
     "that year it recorded an album.", "Later that year", "2007"),
    ("The ferry sank on March 9, 2011. Two weeks earlier, inspectors had passed it. The next "
     "week divers reached the wreck.", "The next week", "2011-W11"),
    ("The siege ended on June 20, 1995. Three days before, the last convoy had been turned "
     "back. Two days later the first trucks arrived.", "Two days later", "1995-06-22"),
    ("She had landed in Lima on May 5, 2013. Two days later she flew on to Quito.",
     "Two days later", "2013-05-07"),
]

#: Story-relative expressions count on from one another, however long the chain, and one that
#: is itself counted from the story ("later that year") is the story's date for the next.
CHAINS: list[tuple[str, str, str]] = [
    ("The station opened in April 1998. The following summer it was extended. That winter it "
     "froze. The next spring it flooded. The following year it closed. In the autumn of that "
     "year it was sold.", "the autumn of that year", "2000-FA"),
    ("The bank failed in 2008. Later that year its chairman resigned, and by the end of the "
     "year its shares were worthless.", "the end of the year", "2008"),
    ("The club was founded on Jan. 4, 1950. The next day it elected a chair. The following "
     "week it rented a hall. That month it played its first match. The next month it won a "
     "cup. The following year it moved to a new ground.", "The following year", "1951"),
]
# fmt: on

# fmt: off
NARRATIVE: list[Row] = [
    # a range of years told is a story date: its end is what "that year" names
    ("Between 1996 and 2005, teams recovered 229 sets of remains, but the searches were "
     "suspended that year.", MAR_15_2026, "that year", "2005", "narrative", False),
    # "that quarter" names the quarter told just before, past a day told since
    ("The firm will report second-quarter results on Monday, and the fine will be booked in "
     "that quarter.", date(2026, 7, 15), "that quarter", "2026-Q2", "narrative", False),
    # a month naming a noun whose year follows takes that year
    ("That changed on a December night in 2019, when her father fell ill.", MAR_15_2026,
     "December", "2019-12", "narrative", False),
    # "by 2010 it had cut" is a state the story reached, its date the story's
    ("The city cut its budget in 2006. Two years later the recession hit, and by 2010 it had "
     "eliminated 300 posts. That year, the council froze pay.", MAR_15_2026, "That year",
     "2010", "narrative", False),
    ("The ferry sank on March 9, 2011.\n\nTwo days later, divers reached the wreck.",
     MAR_15_2026, "Two days later", "2011-03-11", "narrative", False),
    # "since the start of the year" is the time up to now, whatever year was told before
    ("Last September the firm lost a case. In December it appealed. Its shares have fallen "
     "since the start of the year.", MAR_15_2026, "the start of the year", "2026",
     "publication", False),
    # "midnight" told of no day in a past clause began the publication day
    ("Their contract expired at midnight, and pickets formed at 12:01 a.m.", MAR_15_2026,
     "12:01 a.m.", "2026-03-15T00:01", "narrative", True),
    # a clock time after a day of its own sentence is that day's, no time of a set told
    # before ("on weekends")
    ("Passes are needed on weekends and will go on sale on Monday at 10 a.m.", MAR_15_2026,
     "10 a.m.", "2026-03-16T10:00", "narrative", False),
    # a day that bounds a period is no day a later clock time happened on
    ("Revenue rose in the three months ended March 31. The chief executive spoke to "
     "reporters on a call at 8 a.m.", MAR_15_2026, "8 a.m.", "2026-03-15T08:00",
     "publication", False),
    # a present timetable's clock time takes no day of a past sentence before it
    ("A decree was issued on Ash Wednesday 2021. The performance begins at 2:30 p.m.",
     MAR_15_2026, "2:30 p.m.", "2026-03-15T14:30", "publication", False),
    # "overnight" after a month told is no night of the month before
    ("Corn peaked in July 2022. Missiles struck the port overnight.", MAR_15_2026,
     "overnight", "2026-03-14TNI", "publication", False),
    # a clock time is no time of a set for "its biggest daily gain"
    ("Wheat rallied on Friday. It was up 3 cents at 10:15 a.m., its biggest daily gain.",
     MAR_15_2026, "10:15 a.m.", "2026-03-13T10:15", "narrative", True),
    # "overnight" in a future clause is the night to come
    ("Crews will close the lanes overnight.", MAR_15_2026, "overnight", "2026-03-15TNI",
     "publication", False),
    # a year naming a thing ("the 2015 accord") is no date of the story
    ("Envoys spent months reviving the 2015 accord. Talks had stalled since the start of the "
     "month.", MAR_15_2026, "the start of the month", "2026-03", "publication", False),
    # a limit is what a present or future "that month" points back to
    ("She hopes to file the report by June, before the board meets that month.", MAR_15_2026,
     "that month", "2026-06", "narrative", False),
    # "Five years on" opening a paragraph of its own is the length since the story began
    ("The generals seized power in February 2021 and promised a vote by late 2024.\n\nFive "
     "years on, the people have not given up.", MAR_15_2026, "Five years on", "P5Y", None,
     False),
    # "that" after a conjunction opening the sentence points back; "the next decade" in a
    # past clause follows the story's
    ("The band formed in 1975. But that summer a rival label signed it.", MAR_15_2026,
     "that summer", "1975-SU", "narrative", False),
    ("He left Texas in 1968. He spent most of the next decade on the road.", MAR_15_2026,
     "the next decade", "197", "narrative", False),
    # a fronted year counted from publication frames its own sentence's bare months only
    ("Last year, floods in early July killed 40 people and a landslide closed the pass in "
     "September. In March, the pass reopened.", OCT_20_2025, "September", "2024-09",
     "narrative", False),
    ("Last year, floods in early July killed 40 people and a landslide closed the pass in "
     "September. In March, the pass reopened.", OCT_20_2025, "March", "2025-03",
     "publication", False),
    ("Two years ago, the mill cut 200 jobs in June.", OCT_20_2025, "June", "2023-06",
     "narrative", False),
    # a past clause opened by "By 1975" tells the story's date, no limit to be met
    ("The first shop opened in 1954. By 1975 the chain had 60 shops. Ten years later it had "
     "250.", MAR_15_2026, "Ten years later", "1985", "narrative", False),
    # a quotation that goes on after its reporting clause speaks from that clause's day
    ('"I never thought this day would come," the director said at Friday\'s preview. '
     '"Tomorrow the public finally sees it."', date(2023, 6, 12), "Tomorrow", "2023-06-10",
     "narrative", False),
    # ... but a quotation its own sentence reports speaks from that sentence's day
    ('"We will win," the senator said on Saturday.\n\nOn Friday, the governor said: "Today '
     'is a sad day for this state."', date(2023, 6, 12), "Today", "2023-06-09", "narrative",
     False),
    # "the same night" names a day told, however far back, not a year told since
    ("On the evening of Oct. 16, 1984, Ashby won. They folded in 1991. The same night, a "
     "concert raised money.", OCT_20_2025, "The same night", "1984-10-16TNI", "narrative",
     False),
    # the day something was said is no story date
    ("On Oct. 16, 1984, Ashby won, he recalled last week. Five days later the pit closed.",
     OCT_20_2025, "Five days later", "1984-10-21", "narrative", False),
    # ... nor a deadline told between
    ("The law was passed in 2015 and set cuts by 2030. That year, refiners sued.",
     MAR_15_2026, "That year", "2015", "narrative", False),
    # "that October", "that fall": of the date just told
    ("In March 2010 the talks began. That October, they collapsed.", MAR_15_2026,
     "That October", "2010-10", "narrative", False),
    ("The bill passed in 2009. Lawmakers held hearings on it that fall.", MAR_15_2026,
     "that fall", "2009-FA", "narrative", False),
    # a count of days counts from the day told just before, past a coarser date between
    ("Police arrested two men on March 4 with paintings stolen in the autumn. A third man "
     "was detained four days later.", date(2024, 3, 17), "four days later", "2024-03-08",
     "narrative", False),
    # a paragraph about a year: its bare months are that year's
    ("In 2012, the mayor moved to Leeds. In July, she opened a bakery.", MAR_15_2026,
     "July", "2012-07", "narrative", False),
    ("In 2012, the mayor moved to Leeds. In July, she opened a bakery.", MAR_15_2026,
     "2012", "2012", "explicit", False),
    ("Back in 2009 the club was nearly bankrupt. By November it had found a buyer.", MAR_15_2026,
     "November", "2009-11", "narrative", False),
    ("In 2019, the dam burst. The following spring, farmers replanted. In May, rain returned.",
     MAR_15_2026, "May", "2020-05", "narrative", False),  # the following spring's May
    ("In 2017 the pilot was hired. On June 4 she flew her first route.", MAR_15_2026,
     "June 4", "2017-06-04", "narrative", False),
    ("In 2014, the archive was sealed. In the summer it flooded.", MAR_15_2026,
     "the summer", "2014-SU", "narrative", False),
    ("But in 2011 the factory closed. In September the workers left town.", OCT_20_2025,
     "September", "2011-09", "narrative", False),
    # story-relative expressions count from the story's own time
    ("In 2012, he moved to Berlin. In July, he married. That year he also wrote a novel.",
     MAR_15_2026, "That year", "2012", "narrative", False),
    ("On March 3, 2012, he was arrested. The next day he was charged.", MAR_15_2026,
     "The next day", "2012-03-04", "narrative", False),
    ("On March 3, 2012, he was arrested. Earlier that day he had met a lawyer.", MAR_15_2026,
     "Earlier that day", "2012-03-03", "narrative", False),
    ("On May 9, 2018, the ship sank. The same day, a storm reached the coast.", MAR_15_2026,
     "The same day", "2018-05-09", "narrative", False),
    ("On Oct. 1, 2015, the plant opened. The following week it shut down.", MAR_15_2026,
     "The following week", "2015-W41", "narrative", False),
    ("The treaty was signed on Feb. 2, 2010. A month later it was ratified.", MAR_15_2026,
     "A month later", "2010-03-02", "narrative", False),
    ("In 2012, he moved to Berlin. In July, he married. That month he also found a job.",
     MAR_15_2026, "That month", "2012-07", "narrative", False),
    ("On June 2, 2016, the strike began. Two days later the ports were closed.", MAR_15_2026,
     "Two days later", "2016-06-04", "narrative", False),
    # a weekday after a day of the story: the next such day, a guess
    ("On March 3, 2012, he was arrested. On Monday he appeared in court.", MAR_15_2026,
     "Monday", "2012-03-05", "narrative", True),
    # a weekday in a story known only to the year: not said which; marked as a guess
    ("In 2013, the bridge was closed. On Friday it reopened.", MAR_15_2026,
     "Friday", "2026-03-13", "publication", True),
    # what resets the story time
    ("In 2012, he moved to Berlin.\n\nIn July, he married.", MAR_15_2026,
     "July", "2025-07", "publication", False),
    ("In 2012, he moved to Berlin. He will return in July.", MAR_15_2026,
     "July", "2026-07", "publication", False),
    ("In 2012 she sold the firm. \u201cIt broke my heart,\u201d she said of the sale in July.",
     MAR_15_2026, "July", "2025-07", "publication", False),
    ("In 2012 she sold the firm. Last week she said she had regretted it since July.",
     MAR_15_2026, "July", "2025-07", "publication", False),
    ("On May 22, 2015, he was promoted, and the following year he moved abroad. In December he "
     "was recalled.", MAR_15_2026, "December", "2025-12", "publication", False),
    # a date counted from the story's own carries the story on (unless it moves by years)
    ("The rebels advanced in March 2021. That summer the two sides agreed to talks. The first "
     "round was held in October.", MAR_15_2026, "October", "2021-10", "narrative", False),
    ("Her breakthrough came in 1979. The previous year she nearly quit. A decade earlier, "
     "she had been sleeping on a sofa.", MAR_15_2026, "A decade earlier", "1968", "narrative",
     False),
    ("The plant opened in June 2001. The next week, it closed.", MAR_15_2026, "The next week",
     "2001-06", "narrative", True),
    ("In 2012, the firm moved. On June 3, 2020, it moved again. In August it expanded.",
     MAR_15_2026, "August", "2020-08", "narrative", False),
    # a year inside a sentence is background, not the frame of what follows
    ("The club has been losing money since 2016. In October it sold its stadium.", MAR_15_2026,
     "October", "2025-10", "publication", False),
    ("He compared the 1998 floods with this one. In February the river rose again.", MAR_15_2026,
     "February", "2026-02", "publication", False),
    ("The 2012 accord failed. In July, talks resumed.", MAR_15_2026,
     "July", "2025-07", "publication", False),
    # the publication's own year: counted from publication, as before
    ("In 2026, prices climbed. In January, the bank raised rates.", MAR_15_2026,
     "January", "2026-01", "publication", False),
    # no publication date: the story still gives the year
    ("In 2012, he moved to Berlin. In July, he married.", None,  # type: ignore[list-item]
     "July", "2012-07", "narrative", False),
    # a quotation speaks from the day its reporting clause gives
    ("\u201cI will meet the mayor tomorrow,\u201d the governor said on Thursday.", MAR_15_2026,
     "tomorrow", "2026-03-13", "narrative", False),
    ('On Oct. 3, 2019, the senator told reporters: "We will vote tomorrow."', MAR_15_2026,
     "tomorrow", "2019-10-04", "narrative", False),
    ('"We will sign the lease on Friday," the tenant wrote on Wednesday.', MAR_15_2026,
     "Friday", "2026-03-13", "narrative", False),
    ("On Tuesday the coach said: \u201cToday we train twice.\u201d", MAR_15_2026,
     "Today", "2026-03-10", "narrative", False),
    # a day counted from a part of a day is the day, not that part of it
    ("\u201cI meet the minister tomorrow,\u201d the mayor wrote on Thursday morning.",
     MAR_15_2026, "tomorrow", "2026-03-13", "narrative", False),
    ("On Monday night the dam gave way. The next day the valley was evacuated.", MAR_15_2026,
     "The next day", "2026-03-10", "narrative", False),
    ("The ferry left on Friday evening. Later that day it ran aground.", MAR_15_2026,
     "Later that day", "2026-03-13", "narrative", False),
    # without a day in the reporting clause, from publication as before
    ("\u201cI will meet the mayor tomorrow,\u201d the governor said.", MAR_15_2026,
     "tomorrow", "2026-03-16", "publication", False),
    # a quotation of several sentences: the last one still speaks from its reporting clause
    ("\u201cThe talks went well. We sign the lease tomorrow,\u201d the tenant wrote on "
     "Wednesday.", MAR_15_2026, "tomorrow", "2026-03-12", "narrative", False),
    ('"The pier is safe. Boats will return on Friday," the harbour master said on Monday.',
     MAR_15_2026, "Friday", "2026-03-13", "narrative", False),
    # in a past clause "the next year", "the end of the month", "that summer" and "a year
    # earlier" count from the date just told; a comparison with now or a span ahead does not
    ("The senator lost her seat in 2004 and won it back the next year.", MAR_15_2026,
     "the next year", "2005", "narrative", False),
    ("The mill was sold in May 2011. The next month the new owners cut wages.", MAR_15_2026,
     "The next month", "2011-06", "narrative", False),
    ("The plant reopened on Sept. 8, 2014, and the next week it closed again.", MAR_15_2026,
     "the next week", "2014-W38", "narrative", False),
    ("The pact was signed in the first quarter of 2019, and the next quarter exports doubled.",
     MAR_15_2026, "the next quarter", "2019-Q2", "narrative", False),
    ("The ceasefire collapsed in August 2024. By the end of the month, fighting had spread.",
     MAR_15_2026, "the end of the month", "2024-08", "narrative", False),
    ("The mine opened in March 2010. By the end of the year it employed 500 people.",
     MAR_15_2026, "the end of the year", "2010", "narrative", False),
    ("The mine opened in March 2010. Later in the year it was flooded.", MAR_15_2026,
     "Later in the year", "2010", "narrative", False),
    ("The museum closed in 2009. The following spring it was sold.", MAR_15_2026,
     "The following spring", "2010-SP", "narrative", False),
    ("The dam was finished in April 1961. That summer the valley flooded.", MAR_15_2026,
     "That summer", "1961-SU", "narrative", False),
    ("The strike began in 2019. A year earlier the union had been founded.", MAR_15_2026,
     "A year earlier", "2018", "narrative", False),
    ("The railway opened on May 4, 1998. Two years earlier, the plans had been approved.",
     MAR_15_2026, "Two years earlier", "1996", "narrative", False),
    ("Third-quarter profit rose to $5 million from $4 million a year earlier.", MAR_15_2026,
     "a year earlier", "2024-Q3", "narrative", False),
    ("The firm hired 300 people in 2019 and says it will hire more over the next year.",
     MAR_15_2026, "the next year", "2027", "publication", False),
    ("The shop opened in March 2010. The council hopes to finish the road by the end of the "
     "year.", MAR_15_2026, "the end of the year", "2026", "publication", False),
    # ... so from publication; a past clause cannot tell of the end of a year not yet there
    ("Exports rose from a year ago. Later in the year, they fell.", MAR_15_2026,
     "Later in the year", "2025", "publication", False),
    ("Exports rose from a year ago. Later in the year, they will fall.", MAR_15_2026,
     "Later in the year", "2026", "publication", False),
    ("The party held a plenary meeting at the end of the year.", date(2023, 1, 5),
     "the end of the year", "2022", "publication", False),
    ("Guidance will be released at the start of the year.", date(2023, 12, 30),
     "the start of the year", "2024", "publication", False),
    # "this" says which: the publication's month, whatever the clause
    ("Last month the envoy flew to Rome ahead of a planned summit late this month.",
     date(2018, 4, 6), "late this month", "2018-04", "publication", False),
    ("Kim arrived on June 20, 2019. He attended a performance the same evening.", MAR_15_2026,
     "the same evening", "2019-06-20TEV", "narrative", False),
    ("The hall will be repainted the following spring.", MAR_15_2026,
     "the following spring", "2026-SP", "publication", False),
    # "the following" always points back, whatever the clause's tense
    ("The plant will open in 2028 and expand the following spring.", MAR_15_2026,
     "the following spring", "2029-SP", "narrative", False),
    ("Her results from Oct. 2, 2021, have been annulled, including a medal won the "
     "following spring.", MAR_15_2026, "the following spring", "2022-SP", "narrative", False),
    ("He joined the army in 1990 and was sent abroad the following January.", MAR_15_2026,
     "the following January", "1991-01", "narrative", False),
    ("He joined the army in May 1990. The previous March he had left school.", MAR_15_2026,
     "The previous March", "1990-03", "narrative", False),
    ("The bank collapsed in September 2008. The previous spring, a rival had been rescued.",
     MAR_15_2026, "The previous spring", "2008-SP", "narrative", False),
    ("The dam was finished in April 1961. During that summer the valley flooded.",
     MAR_15_2026, "that summer", "1961-SU", "narrative", False),
    # "the week" of a past report is the week of the day just told
    ("Shares of the carmaker fell 4% on Friday. For the week, they lost 9%.", OCT_20_2025,
     "the week", "2025-W42", "narrative", False),
    ("The festival opened on May 2, 2019. The week was marked by heavy rain.", MAR_15_2026,
     "The week", "2019-W18", "narrative", False),
    ("The council will meet twice during the week.", OCT_20_2025,
     "the week", "2025-W43", "publication", False),
    # a date right after its past verb sets the story's time, also read from the words alone;
    # one in a clause opened by "who", "after"... is background
    ("The company was founded on March 3, 2012. On April 5 it hired its first employee.",
     MAR_15_2026, "April 5", "2012-04-05", "narrative", False),
    ("She was arrested on Oct. 4, 2019, and released on Oct. 7.", MAR_15_2026,
     "Oct. 7", "2019-10-07", "narrative", False),
    ("The mayor, who retired in 2015, opened the bridge in January.", MAR_15_2026,
     "January", "2026-01", "publication", False),
    # a story told in the simple past moves forward from its day; a past perfect looks back;
    # a past clause still lies before publication
    ("On Aug. 5, 2012, the mayor was arrested. In March he was convicted.", MAR_15_2026,
     "March", "2013-03", "narrative", False),
    ("On Aug. 5, 2012, the mayor was arrested. In March he had been warned by auditors.",
     MAR_15_2026, "March", "2012-03", "narrative", False),
    ("On Nov. 20, 2024, the port reopened. In February it was sold.", MAR_15_2026,
     "February", "2025-02", "narrative", False),
    ("On Nov. 20, 2025, the port reopened. In April it was sold.", MAR_15_2026,
     "April", "2025-04", "narrative", False),
    ("The late 1990s were calm.", MAR_15_2026, "The late 1990s", "199", "explicit", False),
    # a holiday of a story's year is that year's
    ("In 1998 he moved to Paris. On Christmas Day their first child was born.", MAR_15_2026,
     "Christmas Day", "1998-12-25", "narrative", False),
    # "this" with its clause's tense (published on Thursday 26 October 2023)
    ("The board met this Tuesday.", date(2023, 10, 26), "this Tuesday", "2023-10-24",
     "publication", False),
    ("Prices will rise this March.", date(2023, 10, 26), "this March", "2024-03", "publication",
     False),
    ("Lawmakers met this weekend to draft the bill.", date(2023, 10, 26), "this weekend",
     "2023-W42-WE", "publication", False),
    *[(text, MAR_15_2026, expr, value, "narrative", False) for text, expr, value in FLASHBACKS],
    *[(text, MAR_15_2026, expr, value, "narrative", False) for text, expr, value in CHAINS],
]

TIMES_OF_DAY: list[Row] = [
    ("The ferry was due on Monday night but docked at 2:22 a.m.", MAR_15_2026,
     "2:22 a.m.", "2026-03-10T02:22", "narrative", True),
    ("The blast came at 2 a.m. on Wednesday.", MAR_15_2026,
     "2 a.m. on Wednesday", "2026-03-11T02:00", "publication", False),
    ("On Wednesday, at 2 a.m., the sirens sounded.", MAR_15_2026,
     "2 a.m.", "2026-03-11T02:00", "narrative", False),
    ("The fire started Saturday. Firefighters arrived at 3 p.m.", MAR_15_2026,
     "3 p.m.", "2026-03-14T15:00", "narrative", True),
    ("Polls closed on Tuesday evening and counting ended at 4 a.m.", MAR_15_2026,
     "4 a.m.", "2026-03-11T04:00", "narrative", True),
    ("On Thursday at 11 p.m. the vote was called.", MAR_15_2026,
     "11 p.m.", "2026-03-12T23:00", "narrative", False),
    # the same time in another zone in brackets, then the day both times belong to
    ("The polls open at 7 a.m. local time (0500 GMT) on March 19.", MAR_15_2026,
     "7 a.m. local time", "2026-03-19T07:00", "narrative", False),
    ("The polls open at 7 a.m. local time (0500 GMT) on March 19.", MAR_15_2026,
     "0500 GMT", "2026-03-19T05:00", "narrative", False),
    ("The dam gave way at 4:40 a.m. (2140 GMT) Thursday, flooding the valley.", MAR_15_2026,
     "4:40 a.m.", "2026-03-12T04:40", "narrative", False),
    # ... its hours a zone apart: 2140 GMT is Wednesday's (UTC+7), 0130 GMT Friday's (UTC-5)
    ("The dam gave way at 4:40 a.m. (2140 GMT) Thursday, flooding the valley.", MAR_15_2026,
     "2140 GMT", "2026-03-11T21:40", "narrative", False),
    ("The launch came at 8:30 p.m. (0130 GMT) Thursday.", MAR_15_2026,
     "0130 GMT", "2026-03-13T01:30", "narrative", False),
    # a span's end before its evening start is the next morning's
    ("Troops took the palace on Friday. A curfew, imposed from 8 p.m. to 6 a.m. across the "
     "country, was lifted on Sunday.", MAR_15_2026, "6 a.m.", "2026-03-14T06:00",
     "narrative", False),
    ("The jet left at 2:48 p.m. Alaska Standard Time (2348 UTC) on March 9.", MAR_15_2026,
     "2:48 p.m. Alaska Standard Time", "2026-03-09T14:48", "narrative", False),
    # "by the afternoon" is a part of the day just told, as "in the afternoon" is
    ("The storm hit the coast on Friday. Stations had run dry by the afternoon.", MAR_15_2026,
     "the afternoon", "2026-03-13TAF", "narrative", True),
    # "that same evening" is that evening
    ("The storm hit the coast on Friday. That same evening, crews cut the power.",
     MAR_15_2026, "That same evening", "2026-03-13TEV", "narrative", True),
    # a span's start takes the "p.m." written after its end
    ("The choir sang on Tuesday from 4 to 8 p.m. at the hall.", MAR_15_2026, "4",
     "2026-03-10T16:00", "narrative", False),
    # a span of clock times takes the day written after its end
    ("The eclipse is visible from 1 p.m. to 4 p.m. EDT on Monday.", MAR_15_2026, "1 p.m.",
     "2026-03-16T13:00", "narrative", False),
    # "the early hours" are of the day just told, as "the early hours of Wednesday" are
    ("Troops stormed the palace on Tuesday. The president fled in the early hours.",
     MAR_15_2026, "the early hours", "2026-03-10", "narrative", False),
    # no day after the bracket: the day of the context, as before
    ("The storm hit on Friday. It made landfall at 6 p.m. (2200 GMT), forecasters said.",
     MAR_15_2026, "6 p.m.", "2026-03-13T18:00", "narrative", True),
    # a clock time with no day before it in its sentence takes the day named later in its
    # clause, not a day told sentences back
    ("The mayor spoke on Thursday. After testimony that stretched past 1 a.m., the council "
     "early Wednesday approved the plan.", date(2007, 8, 23), "1 a.m.", "2007-08-22T01:00",
     "narrative", False),
    ("The march, which began at 10 a.m. near the harbour, coincided with Bastille Day "
     "celebrations.", date(1995, 7, 14), "10 a.m.", "1995-07-14T10:00", "narrative", False),
    # ... but not one of another clause
    ("Talks opened at around 5 p.m. after a pause, which envoys spent at home over "
     "Christmas.", date(2021, 12, 27), "around 5 p.m.", "2021-12-27T17:00", "publication",
     False),
    # a part of "the following day" counts from the last day told, never from a year
    ("The reactor blew up on April 26, 1986. Work on a shelter began last year. She was "
     "evacuated the following afternoon.", date(2011, 4, 26), "the following afternoon",
     "1986-04-27TAF", "narrative", False),
    # a time still to come does not take the day of a past time before it in its sentence
    ("Millions marched on Friday evening. Polling stations opened at 9:00 am and will close "
     "at 8:00 pm.", date(2004, 3, 14), "8:00 pm", "2004-03-14T20:00", "publication", False),
]

FORMS: list[tuple[str, date, str, str, str]] = [
    # "so long ago today" (this week, this month): that day so long ago, one expression
    ("Seventy years ago today, the armistice was signed.", MAR_15_2026,
     "Seventy years ago today", "DATE", "1956-03-15"),
    ("A year ago this week, the talks began.", MAR_15_2026, "A year ago this week", "DATE",
     "2025-W11"),
    ("Ten years ago this month, the war ended.", MAR_15_2026, "Ten years ago this month",
     "DATE", "2016-03"),
    ("He left two days ago. Today he is in Rome.", MAR_15_2026, "two days ago", "DATE",
     "2026-03-13"),
    # an ambiguous month ("March", "May") after "no earlier/later than" is still a month
    ("The rover will launch no earlier than March.", OCT_20_2025, "March", "DATE", "2026-03"),
    ("The vote will come no later than May.", OCT_20_2025, "May", "DATE", "2026-05"),
    # "last Christmas" written after this Christmas is the one a year before; "next Easter"
    ("The film was originally due out last Christmas.", date(2023, 12, 27), "last Christmas",
     "DATE", "2022-12-25"),
    ("We met last Christmas.", JUN_10_2024, "last Christmas", "DATE", "2023-12-25"),
    ("He will visit next Easter.", OCT_20_2025, "next Easter", "DATE", "2026-04-05"),
    ("The city hopes to recover by next Christmas.", date(2023, 12, 30), "next Christmas",
     "DATE", "2024-12-25"),
    # "as early as the spring": a season after a bound, as after a preposition
    ("Elections could be held as early as the spring.", OCT_20_2025, "the spring", "DATE",
     "2026-SP"),
    # a time of day on a day with its year is that year's
    ("The module touched down at 4:17 p.m. EDT on July 20, 1969.", MAR_15_2026,
     "4:17 p.m. EDT on July 20, 1969", "TIME", "1969-07-20T16:17"),
    # "later this month" is not the tail of a length before it
    ("The EU will extend sanctions for another six months later this month.", OCT_20_2025,
     "later this month", "DATE", "2025-10"),
    ("The EU will extend sanctions for another six months later this month.", OCT_20_2025,
     "six months", "DURATION", "P6M"),
    # a bare plural unit before "later", "after", "before" is a vague length, as "several
    # months before" is
    ("Ireland followed days later.", OCT_20_2025, "days", "DURATION", "PXD"),
    ("The strike began hours before the deadline.", OCT_20_2025, "hours", "DURATION", "PTXH"),
    # "ten years on" after a date told is ten years after it; told of none, the length since
    ("The war ended in 1995. Ten years on, the city had recovered.", OCT_20_2025,
     "Ten years on", "DATE", "2005"),
    ("Ten years on, the city has recovered.", OCT_20_2025, "Ten years on", "DURATION", "P10Y"),
    # the wire services' four-digit clock with GMT ("by 1130 GMT" is no year 1130)
    ("Brent rose 45 cents to $72.43 a barrel by 1130 GMT.", OCT_20_2025, "1130 GMT", "TIME",
     "2025-10-20T11:30"),
    # "in the new year": the year to come, the one just begun in its first two months
    ("Talks will resume in the new year.", date(2024, 12, 30), "the new year", "DATE", "2025"),
    ("Talks will resume in the new year.", date(2025, 1, 10), "the new year", "DATE", "2025"),
    # "by mid-century": the middle of this century ("mid-century furniture" is a style)
    ("Nations aim to reach net zero by mid-century.", OCT_20_2025, "mid-century", "DATE",
     "20"),
    # a headline in title case capitalises its dates too
    ("German Court to Rule on Climate Law Challenge Next Month\n\nThe court said so.",
     OCT_20_2025, "Next Month", "DATE", "2025-11"),
    # a clock time said with a daily or weekly set is a time of that set
    ("The festival runs at 8 p.m. each evening.", OCT_20_2025, "8 p.m.", "SET",
     "XXXX-XX-XXT20:00"),
    ("Shows start every Saturday at 10 p.m.", OCT_20_2025, "10 p.m.", "SET",
     "XXXX-WXX-6T22:00"),
    ("The museum is open daily from 10 a.m. to 5 p.m.", OCT_20_2025, "5 p.m.", "SET",
     "XXXX-XX-XXT17:00"),
    ("He died at 9 p.m. Daily visits had ended.", OCT_20_2025, "9 p.m.", "TIME",
     "2025-10-20T21:00"),
    # "later than" compares: a length, no date
    ("The museum opened two years later than scheduled.", OCT_20_2025, "two years",
     "DURATION", "P2Y"),
    # a holiday with its year said after it; "for the next decade" a length
    ("The deal could be done by Christmas next year.", OCT_20_2025, "Christmas next year",
     "DATE", "2026-12-25"),
    ("He will stay at the club for the next decade.", OCT_20_2025, "the next decade",
     "DURATION", "P10Y"),
    # "another week", "a further year": one more such length
    ("Commuters faced another week of disruption.", OCT_20_2025, "another week", "DURATION",
     "P1W"),
    ("The contract has an option of a further year.", OCT_20_2025, "a further year",
     "DURATION", "P1Y"),
    # the end of a thing named with its year is no end of the year
    ("He signed until the end of the 2027 World Cup.", OCT_20_2025, "2027", "DATE", "2027"),
    # a quarter's months written out before a noun; "the overnight rate" is no night
    ("A first estimate for January-March growth is due in April.", date(2024, 1, 17),
     "January-March", "DATE", "2024-Q1"),
    # "a year earlier" than a month of the same sentence is that month a year before
    ("Consumer prices rose 3.1% in November from a year earlier.", date(2024, 1, 17),
     "a year earlier", "DATE", "2022-11"),
    # two whole lengths joined by "and", the second of a smaller unit, are one length
    ("He was sentenced to seven years and six months.", OCT_20_2025,
     "seven years and six months", "DURATION", "P7Y6M"),
    ("The final lasted two hours and 51 minutes.", OCT_20_2025, "two hours and 51 minutes",
     "DURATION", "PT2H51M"),
    ("The siege lasted three days and 12 hours.", OCT_20_2025, "three days and 12 hours",
     "DURATION", "P3DT12H"),
    # "over" a length after a verb or noun is across it, no "more than"
    ("Hostages will be released in batches over four days.", OCT_20_2025, "four days",
     "DURATION", "P4D"),
    ("He stayed for over a week.", OCT_20_2025, "over a week", "DURATION", "P1W"),
    # half of a named month; a rate after "several hours"; "May" in a list of months
    ("They would meet in the second half of April.", OCT_20_2025, "the second half of April",
     "DATE", "2026-04"),
    ("He worked several hours a day.", OCT_20_2025, "a day", "SET", "P1D"),
    ("There were summits in April, May and September.", OCT_20_2025, "May", "DATE",
     "2025-05"),
    ("The two will meet in the not too distant future.", OCT_20_2025,
     "the not too distant future", "DATE", "FUTURE_REF"),
    ("Ukrainians marked Orthodox Christmas.", date(2023, 1, 9), "Orthodox Christmas", "DATE",
     "2023-01-07"),
    # the days listed after "every" are each a set
    ("Staff work from home every Tuesday and Friday.", OCT_20_2025, "Friday", "SET",
     "XXXX-WXX-5"),
    ("Markets open every Monday, Wednesday and Friday.", OCT_20_2025, "Wednesday", "SET",
     "XXXX-WXX-3"),
    # the nth weekday of a month; a fifth one the month lacks is no date
    ("The board meets on the second Thursday of next month.", MAR_15_2026,
     "the second Thursday of next month", "DATE", "2026-04-09"),
    ("The fair opens on the last Saturday of May 2024.", MAR_15_2026,
     "the last Saturday of May 2024", "DATE", "2024-05-25"),
    ("The club met on the first Monday in June.", MAR_15_2026,
     "the first Monday in June", "DATE", "2025-06-02"),
    ("The club will meet on the first Monday in June.", MAR_15_2026,
     "the first Monday in June", "DATE", "2026-06-01"),
    ("The vote was held on the last Friday of the month.", MAR_15_2026,
     "the last Friday of the month", "DATE", "2026-02-27"),
    ("The mill closed on May 3, 2019. On the last Friday of the month, workers marched.",
     MAR_15_2026, "the last Friday of the month", "DATE", "2019-05-31"),
    ("They meet on the fifth Monday of February 2026.", MAR_15_2026,
     "the fifth Monday of February 2026", "DATE", "XXXX-XX-XX"),
    ("Traffic will peak the day before Thanksgiving.", MAR_15_2026,
     "the day before Thanksgiving", "DATE", "2026-11-25"),
    # "the 1700s" is a century; "the 2000s" stays the decade
    ("The house was built in the 1700s.", MAR_15_2026, "the 1700s", "DATE", "17"),
    ("It rose in the late 1900s.", MAR_15_2026, "the late 1900s", "DATE", "19"),
    ("Prices rose in the 2000s.", MAR_15_2026, "the 2000s", "DATE", "200"),
    # a part of the decade or century told of
    ("Output will double by the end of the decade.", MAR_15_2026,
     "the end of the decade", "DATE", "202"),
    ("The town grew fast in the 1990s. By the end of the decade it had doubled.", MAR_15_2026,
     "the end of the decade", "DATE", "199"),
    # bare and vague durations
    ("Rescuers dug for days before the rain stopped.", MAR_15_2026, "days", "DURATION", "PXD"),
    ("The outage lasted minutes, not hours.", MAR_15_2026, "minutes", "DURATION", "PTXM"),
    ("She began her second term with a speech on schools.", MAR_15_2026,
     "her second term", "DURATION", "PXY"),
    ("He won a third term in office despite the scandal.", MAR_15_2026,
     "a third term in office", "DURATION", "PXY"),
    # a fraction of a unit in the next smaller one, as TIMEX3 writes it
    ("The vote took a minute and a half.", MAR_15_2026, "a minute and a half", "DURATION",
     "PT1M30S"),
    ("The speech lasted an hour and a half.", MAR_15_2026, "an hour and a half", "DURATION",
     "PT1H30M"),
    # vague references
    ("The shop is now closed.", MAR_15_2026, "now", "DATE", "PRESENT_REF"),
    ("The minister is currently abroad.", MAR_15_2026, "currently", "DATE", "PRESENT_REF"),
    ("The town recently built a school.", MAR_15_2026, "recently", "DATE", "PAST_REF"),
    ("They may merge in the future.", MAR_15_2026, "the future", "DATE", "FUTURE_REF"),
    ("We cannot leave at this critical moment.", MAR_15_2026, "this critical moment", "DATE",
     "PRESENT_REF"),
    ("The envoys will stay for a fairly lengthy period.", MAR_15_2026,
     "a fairly lengthy period", "DURATION", "PXX"),
    ("The port closed for a short period of time.", MAR_15_2026, "a short period of time",
     "DURATION", "PXX"),
    # sets
    ("Guards patrol the wall every morning.", MAR_15_2026, "every morning", "SET",
     "XXXX-XX-XXTMO"),
    ("The league changes its rules each season.", MAR_15_2026, "each season", "SET", "P1Y"),
    ("The market opens every evening.", MAR_15_2026, "every evening", "SET", "XXXX-XX-XXTEV"),
    # "one day" after a modal is a time to come, alone it is a length
    ("The dispute will one day be settled in court.", MAR_15_2026, "one day", "DATE",
     "FUTURE_REF"),
    ("She stayed one day in the capital.", MAR_15_2026, "one day", "DURATION", "P1D"),
    # a vague length named by two units or two counts: one expression, its first unit or count
    ("The repairs could take weeks or months.", MAR_15_2026, "weeks or months", "DURATION",
     "PXW"),
    ("Cleaning the beaches may take days or even weeks.", MAR_15_2026, "days or even weeks",
     "DURATION", "PXD"),
    ("The museum should reopen in a year or two.", MAR_15_2026, "a year or two", "DURATION",
     "P1Y"),
    ("The ferry stopped there a day or two.", MAR_15_2026, "a day or two", "DURATION", "P1D"),
    ("The mill shut a year or two ago.", MAR_15_2026, "a year or two ago", "DATE", "2025"),
    # "last" after a modal or "to" is the verb: the length is the bare unit
    ("The blackout could last days.", MAR_15_2026, "days", "DURATION", "PXD"),
    ("Supplies are expected to last months or years.", MAR_15_2026, "months or years",
     "DURATION", "PXM"),
    ("Prices fell over the last months.", MAR_15_2026, "the last months", "DURATION", "PXM"),
    # a length after "in" in a clause that looks ahead is when it ends, counted from now
    ("The bonds would be repaid in five years.", MAR_15_2026, "five years", "DATE", "2031"),
    ("The ferry will return in three days.", MAR_15_2026, "three days", "DATE", "2026-03-18"),
    ("The plant is expected to reopen in 18 months.", MAR_15_2026, "18 months", "DATE",
     "2027-09"),
    # ... not in a past clause, not back to a record or a first time, not a named period
    ("The ferry returned in three days.", MAR_15_2026, "three days", "DURATION", "P3D"),
    ("Rents will rise at the fastest pace in five years.", MAR_15_2026, "five years", "DURATION",
     "P5Y"),
    ("The firm will post its first loss in a decade.", MAR_15_2026, "a decade", "DURATION",
     "P10Y"),
    ("The firm expects a loss in the year ending June 30.", MAR_15_2026, "the year", "DURATION",
     "P1Y"),
    ("Talks will try to agree a plan in a year on course to be the hottest.", MAR_15_2026,
     "a year", "DURATION", "P1Y"),
    ("The dam will be finished in a year's time.", MAR_15_2026, "a year", "DATE", "2027"),
    # a quarter told by its last day is the calendar quarter most of it lies in
    ("The chain lost money in the quarter ended July 31.", OCT_20_2025, "the quarter", "DATE",
     "2025-Q2"),
    ("Sales rose in the quarter ended Sept. 30.", OCT_20_2025, "the quarter", "DATE",
     "2025-Q3"),
    ("Profit doubled in the quarter ending Oct. 1.", OCT_20_2025, "the quarter", "DATE",
     "2025-Q3"),
    ("The retailer's profit rose in the quarter ended Jan. 31.", OCT_20_2025, "the quarter",
     "DATE", "2024-Q4"),
    # half of a decade or century: no such TIMEX3 unit, so the decade or century with a mod
    ("Wages stalled in the first half of the 1990s.", MAR_15_2026,
     "the first half of the 1990s", "DATE", "199"),
    ("Mills closed during the last half of the '70s.", MAR_15_2026,
     "the last half of the '70s", "DATE", "197"),
    ("The dam was built in the second half of the 19th century.", MAR_15_2026,
     "the second half of the 19th century", "DATE", "18"),
    ("The index rose in the first quarter of the year.", MAR_15_2026,
     "the first quarter of the year", "DATE", "2026-Q1"),
    # a clock time said with its day's part is one TIME: the day with the time, the hour read
    # by the part when no a.m./p.m. is written (TIMEX3 keeps the finer of the two)
    ("The ferry docked at 9:30 this morning.", MAR_15_2026, "9:30 this morning", "TIME",
     "2026-03-15T09:30"),
    ("The count will start at 10 o'clock tonight.", MAR_15_2026, "10 o'clock tonight",
     "TIME", "2026-03-15T22:00"),
    ("The polls close at 8 tonight.", MAR_15_2026, "8 tonight", "TIME", "2026-03-15T20:00"),
    ("The talks end at 12 tonight.", MAR_15_2026, "12 tonight", "TIME", "2026-03-15T24:00"),
    ("The blaze was reported at 11 p.m. last night.", MAR_15_2026, "11 p.m. last night",
     "TIME", "2026-03-14T23:00"),
    ("The blaze was reported at 2 a.m. last night.", MAR_15_2026, "2 a.m. last night",
     "TIME", "2026-03-15T02:00"),
    ("The train left at 6:15 yesterday morning.", MAR_15_2026, "6:15 yesterday morning",
     "TIME", "2026-03-14T06:15"),
    ("The jury returns at 9 tomorrow morning.", MAR_15_2026, "9 tomorrow morning", "TIME",
     "2026-03-16T09:00"),
    ("The vote opened at 10:30 on Friday morning.", MAR_15_2026, "10:30 on Friday morning",
     "TIME", "2026-03-13T10:30"),
    ("They landed at 4:30 Thursday afternoon.", MAR_15_2026, "4:30 Thursday afternoon",
     "TIME", "2026-03-12T16:30"),
    ("The gates shut at seven in the morning.", MAR_15_2026, "seven in the morning", "TIME",
     "2026-03-15T07:00"),
    ("The crew met at 3 in the afternoon on Friday.", MAR_15_2026,
     "3 in the afternoon on Friday", "TIME", "2026-03-13T15:00"),
    # the day of a date is no hour: "March 7 in the evening" is March 7, then its evening
    ("The store shut on March 7 in the evening.", MAR_15_2026, "March 7", "DATE",
     "2026-03-07"),
    ("The store shut on March 7 in the evening.", MAR_15_2026, "the evening", "TIME",
     "2026-03-07TEV"),
    # a plural part of a weekday is every such part (TIMEX3 SET), shared by a weekday joined
    # to it; weekends likewise
    ("The bar has live music on Saturday nights.", MAR_15_2026, "Saturday nights", "SET",
     "XXXX-WXX-6TNI"),
    ("The choir rehearses Friday evenings.", MAR_15_2026, "Friday evenings", "SET",
     "XXXX-WXX-5TEV"),
    ("Buses run on Monday and Wednesday mornings.", MAR_15_2026, "Monday", "SET",
     "XXXX-WXX-1TMO"),
    ("Buses run on Monday and Wednesday mornings.", MAR_15_2026, "Wednesday mornings", "SET",
     "XXXX-WXX-3TMO"),
    ("The museum is free on weekends.", MAR_15_2026, "weekends", "SET", "XXXX-WXX-WE"),
    ("The market opens every weekend.", MAR_15_2026, "every weekend", "SET", "XXXX-WXX-WE"),
    # the working days of every week, and a clock time said with them or with weekends
    ("Trains run until 10 p.m. on weekdays.", MAR_15_2026, "weekdays", "SET", "XXXX-WXX-WD"),
    ("The line carries 60 trains every weekday.", MAR_15_2026, "every weekday", "SET",
     "XXXX-WXX-WD"),
    ("He briefs reporters each weekday afternoon.", MAR_15_2026, "each weekday afternoon",
     "SET", "XXXX-WXX-WDTAF"),
    ("Trains run until 10 p.m. on weekdays.", MAR_15_2026, "10 p.m.", "SET",
     "XXXX-WXX-WDT22:00"),
    ("The museum opens at 10 a.m. on weekends.", MAR_15_2026, "10 a.m.", "SET",
     "XXXX-WXX-WET10:00"),
    # a season of a year named relative to publication
    ("The mill closed in the summer of last year.", MAR_15_2026, "the summer of last year",
     "DATE", "2025-SU"),
    ("The line will reopen in the spring of next year.", MAR_15_2026,
     "the spring of next year", "DATE", "2027-SP"),
    # the nth or last week of a month is the ISO week holding most of those seven days, not
    # "last week"
    ("The ferry sank in the last week of February.", MAR_15_2026,
     "the last week of February", "DATE", "2026-W09"),
    ("Tolls rise in the first week of April.", MAR_15_2026, "the first week of April", "DATE",
     "2026-W14"),
    ("The fair opened in the third week of June 2024.", MAR_15_2026,
     "the third week of June 2024", "DATE", "2024-W25"),
    ("The port shut in the final week of February 2024.", MAR_15_2026,
     "the final week of February 2024", "DATE", "2024-W09"),
    # a vague or a ranged count after "every" is still a set
    ("The board reviews its figures every few months.", MAR_15_2026,
     "every few months", "SET", "PXM"),
    ("The league changes its rules every four or five years.", MAR_15_2026,
     "every four or five years", "SET", "P4Y"),
    ("Inspectors visit every two to three weeks.", MAR_15_2026,
     "every two to three weeks", "SET", "P2W"),
    # "the past day" is the length before publication, like "the past 24 hours"
    ("The river rose a metre over the past day.", MAR_15_2026, "the past day", "DURATION",
     "P1D"),
    # a thousands comma is part of the count; a year past 2099 after "by", "until"
    ("It was the driest stretch in at least 1,200 years.", MAR_15_2026,
     "at least 1,200 years", "DURATION", "P1200Y"),
    ("Seas will keep rising until 2100.", MAR_15_2026, "2100", "DATE", "2100"),
    # "every" with a weekday and its part of the day
    ("She swims in the lake every Sunday morning.", MAR_15_2026, "every Sunday morning", "SET",
     "XXXX-WXX-7TMO"),
    # "a single" is one; a counted noun of two words before "a year" is still a rate
    ("Rebels killed 40 people in a single week.", MAR_15_2026, "a single week", "DURATION",
     "P1W"),
    ("Each side may make up to 18 short-notice inspections a year.", MAR_15_2026, "a year",
     "SET", "P1Y"),
    # a year before year 1 is TIMEX3's "BC" year (1 BC is year 0)
    ("The hoard was buried some 3,000 years ago.", MAR_15_2026, "some 3,000 years ago", "DATE",
     "BC0975"),
    # a Monday holiday's weekend is the one before it (Labor Day 2026: Monday 7 September)
    ("Crowds packed the beaches over the Labor Day weekend.", date(2026, 9, 10),
     "Labor Day weekend", "DATE", "2026-W36-WE"),
    # days of each week, once a century: sets; a counted length before "ahead" keeps its count
    ("The court sits three days a week.", MAR_15_2026, "three days a week", "SET", "P1W"),
    ("Floods like this came once a century.", MAR_15_2026, "once a century", "SET", "P100Y"),
    ("The bridge opened six months ahead of schedule.", MAR_15_2026, "six months", "DURATION",
     "P6M"),
    ("Pianist dies at 93, weeks after final gig", MAR_15_2026, "weeks", "DURATION", "PXW"),
    ("The first talks failed a decade and a half ago.", MAR_15_2026, "a decade and a half ago",
     "DATE", "2011"),
    # "New Year" is the first of January; the Lunar New Year is not
    ("Talks paused around Christmas and New Year.", MAR_15_2026, "New Year", "DATE",
     "2026-01-01"),
    # a year written once after a span's end is the end's: the start lies a year before
    ("The fiscal year runs from Oct. 1 through Sept. 30, 2027.", MAR_15_2026,
     "Oct. 1 through Sept. 30, 2027", "DATE", "2026-10-01/2027-09-30"),
    ("The review was yearlong and the strike month-long.", MAR_15_2026, "yearlong", "DURATION",
     "P1Y"),
    ("Users got free upgrades for a year after the launch of version 7.", MAR_15_2026, "a year",
     "DURATION", "P1Y"),
    # "N years later" told of no date is a length, as "N years on" is
    ("Forty years later, a family finally buries its daughter", MAR_15_2026,
     "Forty years later", "DURATION", "P40Y"),
    # a month told as a habit is any year's
    ("The board meets five times a year, usually in March, June and November.", MAR_15_2026,
     "November", "SET", "XXXX-11"),
    ("The firm typically ships new phones in the autumn.", MAR_15_2026, "the autumn", "SET",
     "XXXX-FA"),
    ("The board met in June, as it usually does.", MAR_15_2026, "June", "DATE", "2025-06"),
    ("The envoys will meet at their annual talks, usually held in October.", MAR_15_2026,
     "October", "SET", "XXXX-10"),
    ("The rains usually come in June, but last year they came in August.", MAR_15_2026,
     "August", "DATE", "2025-08"),
    ("The dry season normally runs to April, and officials warned the curbs could stay until "
     "May.", MAR_15_2026, "May", "DATE", "2026-05"),
    ("Orders that would normally ship in late February were held.", MAR_15_2026,
     "late February", "DATE", "2026-02"),
    # "the long weekend" is the weekend nearest
    ("Traffic peaked over the long weekend.", MAR_15_2026, "the long weekend", "DATE",
     "2026-W11-WE"),
    # more holidays of a fixed rule: the third Monday of February, 11 November
    ("Markets were shut for Presidents Day.", MAR_15_2026, "Presidents Day", "DATE",
     "2026-02-16"),
    ("Europe marked Armistice Day with wreaths.", MAR_15_2026, "Armistice Day", "DATE",
     "2025-11-11"),
    # the Christian year from Easter, and Orthodox Easter by the Julian computus
    ("Crowds gathered on Palm Sunday.", date(2022, 5, 14), "Palm Sunday", "DATE",
     "2022-04-10"),
    ("The decree was issued on Ash Wednesday 2021.", MAR_15_2026, "Ash Wednesday 2021", "DATE",
     "2021-02-17"),
    ("Believers marked Orthodox Easter.", date(2022, 5, 14), "Orthodox Easter", "DATE",
     "2022-04-24"),
    # "every fifth year" is a set of five years
    ("The pension age is reviewed every fifth year.", MAR_15_2026, "every fifth year", "SET",
     "P5Y"),
    # "N or M years ago" a date about the first; "the September quarter" the quarter it ends
    ("Rates were far lower two or three years ago.", MAR_15_2026, "two or three years ago",
     "DATE", "2024"),
    ("Prices fell in the September quarter.", MAR_15_2026, "the September quarter", "DATE",
     "2025-Q3"),
    ("The state needs hundreds of thousands of homes a year.", MAR_15_2026, "a year", "SET",
     "P1Y"),
    ("The country reported more than 4,000 new coronavirus cases a day.", MAR_15_2026, "a day",
     "SET", "P1D"),
    # ... but a length before or after an event is no rate
    ("He died in 1950, a week after his wedding.", MAR_15_2026, "a week", "DURATION", "P1W"),
    # "the Sept. 11 attacks" are named for a day of 2001; a day said to come "every year" is
    # any year's
    ("Border rules tightened after the Sept. 11 attacks.", MAR_15_2026, "Sept. 11", "DATE",
     "2001-09-11"),
    ("The parade has been held every year on July 14 since 1880.", MAR_15_2026, "July 14",
     "SET", "XXXX-07-14"),
    ("The royal yacht will begin its cruise in June, as it does every year.", MAR_15_2026,
     "June", "DATE", "2026-06"),
    # a month listed before a month with its year is of that year; two centuries joined;
    # a year "around 1430"
    ("Plants closed in March and April 2020.", MAR_15_2026, "March", "DATE", "2020-03"),
    ("Tapestries from the 14th and 15th centuries hang here.", MAR_15_2026,
     "the 14th and 15th centuries", "DATE", "1300-01-01/1499-12-31"),
    ("Memling, born in Germany around 1430, trained in Cologne.", MAR_15_2026, "around 1430",
     "DATE", "1430"),
    # a length with a word of how it felt, or of school days
    ("The recovery follows three difficult years.", MAR_15_2026, "three difficult years",
     "DURATION", "P3Y"),
    ("The strike lasted nine school days.", MAR_15_2026, "nine school days", "DURATION",
     "P9D"),
    ("He abdicated after a quarter of a century on the throne.", MAR_15_2026,
     "a quarter of a century", "DURATION", "P25Y"),
    # a weekday of a named week is one expression, that week's day
    ("The bill passed on Saturday last week.", MAR_15_2026, "Saturday last week", "DATE",
     "2026-03-07"),
    ("She flies out on Friday of next week.", MAR_15_2026, "Friday of next week", "DATE",
     "2026-03-20"),
    # a weekday counted from the start of a span is on or after it, whatever the tense
    ("The film took $6 million from Friday through Sunday.", date(2026, 3, 16),
     "Friday through Sunday", "DATE", "2026-03-13/2026-03-15"),
    # a season of a year written with an apostrophe
    ("Old fans still talk of the summer of '77.", MAR_15_2026, "the summer of '77", "DATE",
     "1977-SU"),
    # a day counted from a date known only to its month stays in that month; a figure
    # compared with a year before is no date for what follows
    ("In March 2023 the bank failed. A day earlier, depositors fled.", MAR_15_2026,
     "A day earlier", "DATE", "2023-03"),
    ("Prices rose 3% in January from a year earlier. A day earlier, a survey showed "
     "confidence fell.", MAR_15_2026, "A day earlier", "DATE", "2026-01"),
    # a day something ended is a day a weekend counts from
    ("The bull run, which began in March 2009, ended last Wednesday.\n\nOil fell after a "
     "price war broke out the previous weekend.", date(2020, 3, 16), "the previous weekend",
     "DATE", "2020-W10-WE"),
    # "since February 2007" starts a stretch up to now; "since 1996, when ..." tells of 1996
    ("The index fell 8%, its steepest drop since February 2007, wiping out its gains for the "
     "year.", date(2015, 8, 24), "the year", "DATE", "2015"),
    ("It was the first stoppage since 1996, when musicians struck for five weeks in the fall.",
     date(2015, 8, 24), "the fall", "DATE", "1996-FA"),
    # a holiday's weekend, a holiday with its year after "in", holidays said every year
    ("Violence rose over the Fourth of July weekend.", date(2015, 7, 8),
     "Fourth of July weekend", "DATE", "2015-W27-WE"),
    ("Police said riots broke out on Easter in 2008.", MAR_15_2026, "Easter", "DATE",
     "2008-03-23"),
    ("Millions headed home for Christmas\n\nThe roads were full.", MAR_15_2026, "Christmas",
     "DATE", "2025-12-25"),
    ("Every Easter, every Christmas, three chairs stay empty.", MAR_15_2026,
     "every Christmas", "SET", "XXXX-12-25"),
    ("Every Easter, every Christmas, three chairs stay empty.", MAR_15_2026, "Every Easter",
     "SET", "P1Y"),
    ("I think about it every single day.", MAR_15_2026, "every single day", "SET", "P1D"),
    ("Edinburgh's Hogmanay party drew crowds.", date(2016, 1, 2), "Hogmanay", "DATE",
     "2015-12-31"),
    # a late afternoon without its day is the day just told's, and so are the clock times
    # that follow
    ("On Monday, the Dow plunged in a late-afternoon rout, with most losses between 3 p.m. "
     "and 3:10 p.m.", date(2018, 2, 6), "3 p.m.", "TIME", "2018-02-05T15:00"),
    ("On Monday, the Dow plunged in a late-afternoon rout.", date(2018, 2, 6),
     "late-afternoon", "TIME", "2018-02-05TAF"),
    # years and centuries before the era: TIMEX3 "BC0753", "BC04" (not British Columbia's)
    ("The city was founded in 753 B.C. by the twins.", MAR_15_2026, "753 B.C.", "DATE",
     "BC0753"),
    ("He was born around 63 BC, historians say.", MAR_15_2026, "around 63 BC", "DATE",
     "BC0063"),
    ("Coins from the fifth century BCE were found.", MAR_15_2026, "the fifth century BCE",
     "DATE", "BC04"),
    # the week to or ending a day is the week of that day
    ("Stocks rose 55 million barrels in the week to April 17.", date(2020, 4, 21), "the week",
     "DATE", "2020-W16"),
    ("Sales fell in the week ending 20 December.", date(2020, 1, 7), "the week", "DATE",
     "2019-W51"),
    # a pay "a week" from a fund is a rate; "a months-long campaign" a vague length
    ("Workers will receive $200 a week from a strike fund.", MAR_15_2026, "a week", "SET",
     "P1W"),
    ("It followed a months-long campaign.", MAR_15_2026, "months-long", "DURATION", "PXM"),
    ("Many customers waited more than a year.", MAR_15_2026, "more than a year", "DURATION",
     "P1Y"),
    ("Crews are working two shifts a day.", MAR_15_2026, "a day", "SET", "P1D"),
    # the end of a thing named with a range of years is the thing's, the years a range; the
    # week after a holiday; more holidays and zones of a city's clock
    ("They marked the anniversary of the end of the 1950-53 Korean War.", MAR_15_2026,
     "1950-53", "DATE", "1950-01-01/1953-12-31"),
    ("Lanes reopen starting the week after Labor Day.", date(2024, 8, 6),
     "the week after Labor Day", "DATE", "2024-W37"),
    ("Crews worked on Canada Day.", date(2020, 7, 2), "Canada Day", "DATE", "2020-07-01"),
    ("The rocket lifted off at 9:30 a.m. Seoul time (0030 GMT) on Sunday.", date(2016, 2, 8),
     "9:30 a.m. Seoul time", "TIME", "2016-02-07T09:30"),
    ("An average of six people a year die there.", MAR_15_2026, "a year", "SET", "P1Y"),
    ("He ran up to 220 kilometres a week in the build-up.", MAR_15_2026, "a week", "SET",
     "P1W"),
    # from now to a day: the day ahead, whatever the verb of saying
    ("\"Between now and New Year's Day, every cubic foot counts,\" he said.", date(2024, 12, 14),
     "New Year's Day", "DATE", "2025-01-01"),
    # a fronted "Next year," frames its sentence's days as "Last year," does
    ("Next year, Hanukkah will begin on the evening of Dec. 12.", date(2016, 12, 31),
     "Dec. 12", "DATE", "2017-12-12"),
    # a past clause's range of days that would start after publication and end a season later
    # is this year's
    ("Police recorded 43 incidents between Jan. 1 and Dec. 18.", date(2016, 12, 31),
     "Jan. 1 and Dec. 18", "DATE", "2016-01-01/2016-12-18"),
    # "the same period last year" is the quarter told, else the year before; "the same time
    # last year" the publication's month a year before
    ("Deaths were up from 30 in the same period last year.", date(2020, 12, 2),
     "the same period last year", "DATE", "2019"),
    ("Shootings rose 40 percent from the same time last year.", date(2020, 12, 2),
     "the same time last year", "DATE", "2019-12"),
    # a day something was put off to is no day later clock times happen on; "through the end
    # of the decade" is a limit ahead, whatever the clause's tense
    ("The bank postponed the start of its sales to Oct. 31. The announcement, made shortly "
     "before 11 a.m., lifted gilts.", date(2022, 9, 28), "shortly before 11 a.m.", "TIME",
     "2022-09-28T11:00"),
    ("The ministry has set aside money for it through the end of the decade.",
     date(2026, 1, 14), "the end of the decade", "DATE", "202"),
    # a bound with a "when" clause is the day that clause's times are on; a day named for a
    # noun in another sentence is no day for a clock time
    ("Madrid stay top until Oct. 26, when Valdera host Atletico at 9 p.m. local time.",
     date(2019, 10, 14), "9 p.m. local time", "TIME", "2019-10-26T21:00"),
    ("Sterling fell as results from Thursday's referendum showed a vote to leave. It later "
     "recovered to trade at $1.37 by 5 p.m. in London.", date(2016, 6, 24), "5 p.m.", "TIME",
     "2016-06-24T17:00"),
    # "since" a bare date in a present-perfect clause runs up to now, whatever the story's
    # year; "N days earlier each year" is a length
    ("He joined in June 2024. The club have taken eight points since early October.",
     date(2026, 1, 12), "early October", "DATE", "2025-10"),
    ("The festival moves about 11 days earlier each year.", MAR_15_2026, "about 11 days",
     "DURATION", "P11D"),
    # a month "of that year", "of the following year" is that year's; a "when" clause frames
    # its own sentence only; a late afternoon takes only a day of its own sentence
    ("In 2006 the plant opened. It closed in December of the following year.", MAR_15_2026,
     "December", "DATE", "2007-12"),
    ("Talks have run since January 2020, when the sides swapped offers. The board released "
     "them on June 17.", date(2022, 7, 20), "June 17", "DATE", "2022-06-17"),
    ("Sterling slumped on Monday.\n\nIt rose to $1.08 by late afternoon.", date(2022, 9, 28),
     "late afternoon", "TIME", "2022-09-28TAF"),
    # "after midnight" on a day is in its first minutes, not at its end
    ("A man was seen shortly after midnight on Sept. 15.", date(2018, 9, 25),
     "midnight on Sept. 15", "TIME", "2018-09-15T00:00"),
    # "the full year" of a report in the past is the year just told; "the full year 2020"
    # is one expression
    ("Profits grew 15 percent in the fourth quarter of 2017 and 10 percent for the full "
     "year.", date(2018, 4, 15), "the full year", "DATE", "2017"),
    ("For the full year 2020, the chain lost $1.1 billion.", date(2021, 2, 8),
     "the full year 2020", "DATE", "2020"),
    # a story time a "when" clause tells ("since 1945, when ...") is taken up again in its
    # paragraph by "that year"; a fronted "That year," frames what follows
    ("It will be the first July election since 1945, when Churchill was swept from office. "
     "The count that year took three weeks, and results were not declared until July 26.",
     date(2024, 5, 22), "July 26", "DATE", "1945-07-26"),
    ("The party wanted to avoid a repeat of 2015, when the network held two debates. That "
     "year, the first debate, in Cleveland on Aug. 6, drew 24 million viewers.",
     date(2023, 6, 2), "Aug. 6", "DATE", "2015-08-06"),
    # "not until" a day tells when it happened at last, not a limit ahead
    ("The agency declared an emergency on Jan. 30, but it was not until March 11 that it "
     "called the outbreak a pandemic.", date(2020, 12, 23), "March 11", "DATE", "2020-03-11"),
    ("The results will not be known until Friday.", date(2020, 12, 23), "Friday", "DATE",
     "2020-12-25"),
    # a season spent, joined to another, or opening its sentence as what happened
    ("Lawmakers have spent the spring on other priorities.", date(2025, 6, 18), "the spring",
     "DATE", "2025-SP"),
    ("She spent the spring and most of the summer at home.", date(2020, 9, 22), "the spring",
     "DATE", "2020-SP"),
    ("Summer brought a second wave of infections.", date(2020, 12, 23), "Summer", "DATE",
     "2020-SU"),
    # "the final quarter of 2019", "the back half of last year" (not a game's "final quarter")
    ("Profit fell in the final quarter of 2019.", date(2021, 2, 8), "the final quarter of 2019",
     "DATE", "2019-Q4"),
    ("Sales slowed in the back half of last year.", date(2021, 2, 8),
     "the back half of last year", "DATE", "2020-H2"),
    # a record's bound ("since April 2008") is no time "a year earlier" counts from
    ("The jobless rate fell to 5.1 percent, its lowest level since April 2008. Wages rose 2.2 "
     "percent from a year earlier.", date(2015, 9, 4), "a year earlier", "DATE", "2014"),
    # "the week ahead", "the year ahead": the coming one
    ("The week ahead: Apple holds its developer conference.", date(2015, 6, 7),
     "The week ahead", "DATE", "2015-W24"),
    # "so long ago" a weekday: that weekday so long ago, one expression
    ("One year ago Thursday, the agency declared a pandemic.", date(2021, 3, 11),
     "One year ago Thursday", "DATE", "2020-03-11"),
    # a day of a month counted from publication; the second of two bare days
    ("The ministry said on the 30th of last month that exports rose.", date(2022, 7, 1),
     "the 30th of last month", "DATE", "2022-06-30"),
    ("The drills took place from the 20th to the 22nd.", date(2018, 8, 27), "the 22nd", "DATE",
     "2018-08-22"),
    # North Korea's calendar: Juche 1 is 1912, the bracketed year agreeing
    ("The party was founded on October 10, Juche 34 (1945).", date(2020, 10, 11),
     "October 10, Juche 34 (1945)", "DATE", "1945-10-10"),
    ("The plan runs until Juche 108 (2019).", date(2016, 5, 9), "Juche 108 (2019)", "DATE",
     "2019"),
    # the eve of the Lunar New Year; a day of every year
    ("Families gathered on Lunar New Year's Eve.", date(2024, 2, 12), "Lunar New Year's Eve",
     "DATE", "2024-02-09"),
    ("The North holds rallies each June 25.", date(2020, 6, 25), "each June 25", "SET",
     "XXXX-06-25"),
    # a fiscal year written FY, named by its year as "fiscal 2021" is
    ("The budget for FY2021 was approved.", date(2021, 3, 1), "FY2021", "DATE", "2021"),
    ("The FY19 plan failed.", date(2021, 3, 1), "FY19", "DATE", "2019"),
    # clock times of other habits: "1400hrs", a 24-hour span's end, "p.m." before a weekday
    # and its date
    ("He told journalists at 1400hrs on Monday.", date(2024, 3, 5), "1400hrs", "TIME",
     "2024-03-04T14:00"),
    ("Traffic was heavy between 14:00 and 18:00 on Sunday.", date(2017, 4, 18), "14:00",
     "TIME", "2017-04-16T14:00"),
    ("Traffic was heavy between 14:00 and 18:00.", date(2017, 4, 18), "18:00", "TIME",
     "2017-04-18T18:00"),
    ("The storm made landfall at 6:30 p.m. on Sunday, December 25.", date(2016, 12, 27),
     "6:30 p.m.", "TIME", "2016-12-25T18:30"),
]
# fmt: on


def _find(text: str, dct: date | None, expr: str, doc: Any = None) -> Any:
    for m, r in tag(text, dct, doc=doc):
        if m.text == expr:
            return m, r
    found = [m.text for m, _ in tag(text, dct, doc=doc)]
    raise AssertionError(f"{expr!r} not found in {text!r}; found {found}")


@pytest.mark.parametrize(("text", "dct", "expr", "value", "anchor", "uncertain"), NARRATIVE)
def test_narrative_reference(
    text: str, dct: date, expr: str, value: str, anchor: str, uncertain: bool
) -> None:
    _, r = _find(text, dct, expr)
    assert (r.value, r.anchor, r.uncertain) == (value, anchor, uncertain)


@pytest.mark.parametrize(("text", "dct", "expr", "value", "anchor", "uncertain"), TIMES_OF_DAY)
def test_time_of_day_in_its_own_clause(
    text: str, dct: date, expr: str, value: str, anchor: str, uncertain: bool
) -> None:
    _, r = _find(text, dct, expr)
    assert (r.value, r.anchor, r.uncertain) == (value, anchor, uncertain)


@pytest.mark.parametrize(("text", "dct", "expr", "typ", "value"), FORMS)
def test_timex3_forms(text: str, dct: date, expr: str, typ: str, value: str) -> None:
    m, r = _find(text, dct, expr)
    assert (m.type, r.value) == (typ, value)
    if typ in ("DURATION", "SET"):
        assert r.anchor is None and r.first is None


@pytest.mark.parametrize(
    ("text", "expr"),
    [
        # a number that is no clock time before a part of the day: the part alone
        ("The index fell 9 this morning.", "this morning"),
        ("Shares of the miner rose 3 Monday morning.", "Monday morning"),
        # a weekday night in the singular stays one night, not every one
        ("The bar was busy on Saturday night.", "Saturday night"),
    ],
)
def test_no_clock_time_without_a_clock(text: str, expr: str) -> None:
    m, _ = _find(text, MAR_15_2026, expr)
    assert m.type == "TIME"


@pytest.mark.parametrize(
    "text",
    [
        "The fair ran for three weekends.",
    ],
)
def test_a_count_of_weekends_is_no_set(text: str) -> None:
    assert all(m.type != "SET" for m, _ in tag(text, MAR_15_2026))


def test_the_fall_of_last_years_prices_is_no_season() -> None:
    found = [m.text for m, _ in tag("The fall of last year's prices hurt farmers.", MAR_15_2026)]
    assert "The fall of last year" not in found


@pytest.mark.parametrize(
    "text",
    [
        "He said that summer was the hottest on record.",
        "Prices that fall sharply worry the bank.",
        "In 2012, the dam was finished. The next fall in water levels was slow.",
    ],
)
def test_that_and_the_next_before_a_season_word_need_a_season(text: str) -> None:
    assert [m.text for m in find_timexes(text) if "fall" in m.text or "summer" in m.text] == []


@pytest.mark.parametrize(
    "text",
    [
        "He scored twice in the second half of the match.",
        "The first half of the film drags.",
        "The second half of the decade was calm.",
    ],
)
def test_a_half_of_something_else_is_no_half_year(text: str) -> None:
    assert [m.text for m in find_timexes(text) if "half" in m.text.lower()] == []


@pytest.mark.parametrize("text", ["He coined a term for it.", "The term limits apply to all."])
def test_a_term_as_a_word_is_no_duration(text: str) -> None:
    assert [m.text for m in find_timexes(text) if m.type == "DURATION"] == []


@pytest.mark.parametrize(
    "text", ["It was the most recent round of talks.", "The most recent talks failed."]
)
def test_the_most_recent_of_a_series_is_no_past_ref(text: str) -> None:
    assert [m.text for m, _ in tag(text, OCT_20_2025)] == []


@pytest.mark.parametrize(
    ("text", "expr", "value", "mod"),
    [
        ("They will begin talks early in 2027.", "early in 2027", "2027", "START"),
        ("Talks began late in 2018.", "late in 2018", "2018", "END"),
        ("The court ruled late on Friday.", "late on Friday", "2026-03-13", "END"),
        ("Exports rose late in February.", "late in February", "2026-02", "END"),
    ],
)
def test_early_or_late_in_a_unit_is_its_start_or_end(
    text: str, expr: str, value: str, mod: str
) -> None:
    _, r = _find(text, MAR_15_2026, expr)
    assert (r.value, r.mod) == (value, mod)


@pytest.mark.parametrize(
    ("text", "expr"),
    [
        ("He said that October was the worst month.", "October"),
        ("They bought mid-century furniture.", None),
        ("Prices that fall sharply are cut.", None),
    ],
)
def test_that_as_a_conjunction_points_to_no_date(text: str, expr: str | None) -> None:
    assert [m.text for m, _ in tag(text, OCT_20_2025)] == ([expr] if expr else [])


@pytest.mark.parametrize(
    "text", ["He was named player of the year.", "It won Album of the Year at the awards."]
)
def test_an_award_of_the_year_is_no_date(text: str) -> None:
    assert [m.text for m, _ in tag(text, OCT_20_2025)] == []


@pytest.mark.parametrize(
    "text",
    [
        "He finished a night shift.",
        "She kept her day job.",
        "The bank kept its overnight rate.",
    ],
)
def test_a_night_shift_is_no_length(text: str) -> None:
    assert [m.text for m, _ in tag(text, OCT_20_2025)] == []


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The van was doing 70 miles an hour.", "an hour"),
        ("The jet fell at more than 3,000 feet per minute.", "per minute"),
        ("He usually arrived at about a quarter to nine.", "about a quarter"),
        ("He testified to Congress as recently as 2014.", "recently"),
        ("Rates rose, most recently in August.", "recently"),
        ("About 2100 people fled the town.", "2100"),
        ("NASA also ranked 2019 second.", "2019 second"),
        ("Analysts called the chip Intel's future flagship.", "future"),
        ("Change will not happen overnight.", "overnight"),
        ("You cannot build readiness overnight.", "overnight"),
        ("Spot rates jumped almost overnight.", "overnight"),
        ("The agency's staff shrank by roughly a quarter last year.", "a quarter"),
        ("Japan marks Showa Day and Constitution Memorial Day in the spring.", "Memorial Day"),
        ("Banks moved loans to the Secured Overnight Financing Rate.", "Overnight"),
        ("They bought a Christmas tree at a Christmas market.", "Christmas"),
        ("Guards walk the halls every night of the week.", "the week"),
        ("It was bottled in spring water.", "spring"),
        ("Prices saw a fall in demand.", "fall"),
        ("In the 2013-14 school year, rates fell.", "school year"),
        ("A first-half double from Teixeira settled it.", "first-half"),
        ("England face India before the one-day international series.", "one-day"),
        ("Rovers host Sheffield Wednesday on Saturday.", "Wednesday"),
        ("Many workers said they were worried about January.", "about"),
        ("It was the busiest time of the year.", "the year"),
        ("Voters in Vancouver, B.C. went to the polls in the 2017 B.C. election.", "B.C."),
    ],
)
def test_a_rate_or_a_count_that_is_no_time(text: str, absent: str) -> None:
    """A speed, "a quarter to nine", the "recently" of "as recently as 2014" (the date that
    follows is the time), a number past 2099 with no "by" or "until"."""
    found = [m.text for m, _ in tag(text, MAR_15_2026)]
    assert not any(absent in t for t in found), found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("He took office on July 28, Peru's Independence Day.", False),
        ("The Mexican Independence Day parade drew crowds.", False),
        ("Canada's Thanksgiving dinner was cancelled.", False),
        ("Kyiv hosted a military parade for its Independence Day last August.", False),
        ("Fireworks marked America's Independence Day.", True),
        ("He was found adrift in the Atlantic last Thanksgiving.", True),
        ("On Independence Day, crowds gathered.", True),
    ],
)
def test_another_nations_holiday_is_not_the_us_day(text: str, found: bool) -> None:
    """The US day of "Independence Day" or "Thanksgiving" is not Peru's or Canada's."""
    values = [r.value for m, r in tag(text, MAR_15_2026) if m.recipe.get("holiday")]
    assert bool(values) is found, values


BLOG = (
    "Storm live updates\n\n"
    "6:15 a.m.: Forecasters extended the warning until 7 p.m. Tuesday.\n\n"
    "7:40 a.m.: Schools are closed, after a storm on Jan. 24 shut them for two days.\n\n"
    "Update, 9:05 a.m. ET: The airport said 400 flights had been canceled as of 9 a.m.\n"
)


def test_a_live_blogs_entry_times_are_of_its_own_day() -> None:
    """The clock time heading a blog entry is the blog's day, never the day an earlier entry
    talked about; a clock time inside the entry follows it."""
    found = {m.text: r.value for m, r in tag(BLOG, date(2016, 2, 9))}
    assert found["9:05 a.m. ET"] == "2016-02-09T09:05"
    assert found["9 a.m."] == "2016-02-09T09:00"


def test_a_live_blogs_weekday_heading_is_a_day_begun() -> None:
    blog = (
        "Thursday, 5:02 p.m.: The mayor opens the meeting.\n\n"
        "7:20 p.m.: The council breaks for dinner.\n\n"
        "Friday, 12:47 a.m.: The council approves the budget.\n"
    )
    found = {m.text: r.value for m, r in tag(blog, date(2018, 5, 18))}
    assert found["7:20 p.m."] == "2018-05-17T19:20"
    assert found["12:47 a.m."] == "2018-05-18T00:47"


def test_one_clock_time_opening_a_line_is_no_blog() -> None:
    text = "The ferry sank on March 9, 2011.\n\n9 a.m.: divers reached it, the report said.\n"
    found = {m.text: r.value for m, r in tag(text, MAR_15_2026)}
    assert found["9 a.m."] == "2011-03-09T09:00"


# fmt: off
#: A timeline of a year gone by, in the historical present, published in the next March.
TIMELINE = (
    "The floods: a timeline\n\n"
    "The river rose for a month before the levees gave way.\n\n"
    "Nov. 28, 2023 — Rain begins to fall across the valley.\n\n"
    "Dec. 14 — The river bursts its banks at Millbrook. Two days earlier the mayor had ordered "
    "sandbags.\n\n"
    "Dec. 30 — A second levee fails. That evening the army is called in.\n\n"
    "Jan. 9 — The water begins to fall. Schools reopen in February.\n\n"
    "March 2 — The inquiry opens.\n"
)
#: A box of dates ahead, in lines without verbs, published in January of the year it lists.
KEY_DATES = (
    "Key dates in the 2028 season\n\n"
    "The league published its calendar on Monday.\n\n"
    "Feb. 3 - Season opens in Lisbon.\n\n"
    "May 12-14 - Mid-season tournament. The draw is held on May 2.\n\n"
    "Sept. 30 - Final, in Madrid.\n"
)
#: A list that runs backwards: its latest entry first.
BACKWARDS = (
    "Recent attacks\n\n"
    "Feb. 6, 2025: A convoy is ambushed near the border.\n\n"
    "Jan. 20: Two soldiers are killed.\n\n"
    "Nov. 3: A checkpoint is shelled.\n"
)
# fmt: on


@pytest.mark.parametrize(
    ("text", "dct", "expr", "value"),
    [
        (TIMELINE, date(2024, 3, 12), "Dec. 14", "2023-12-14"),
        (TIMELINE, date(2024, 3, 12), "Two days earlier", "2023-12-12"),
        (TIMELINE, date(2024, 3, 12), "That evening", "2023-12-30TEV"),
        (TIMELINE, date(2024, 3, 12), "Jan. 9", "2024-01-09"),
        (TIMELINE, date(2024, 3, 12), "February", "2024-02"),
        (TIMELINE, date(2024, 3, 12), "March 2", "2024-03-02"),
        (KEY_DATES, date(2028, 1, 14), "Feb. 3", "2028-02-03"),
        (KEY_DATES, date(2028, 1, 14), "May 2", "2028-05-02"),
        (KEY_DATES, date(2028, 1, 14), "Sept. 30", "2028-09-30"),
        (BACKWARDS, date(2025, 2, 7), "Jan. 20", "2025-01-20"),
        (BACKWARDS, date(2025, 2, 7), "Nov. 3", "2024-11-03"),
    ],
)
def test_a_timelines_entries_follow_one_another(
    text: str, dct: date, expr: str, value: str
) -> None:
    """An entry of a timeline without a year lies in order after the one before (before it,
    in a list running backwards), whatever its present tense; what its entry tells lies in
    its year; a box of dates takes the year told before it."""
    _, r = _find(text, dct, expr)
    assert (r.value, r.anchor) == (value, "narrative")


def test_a_timelines_entries_keep_their_order_when_a_little_out_of_it() -> None:
    text = (
        "Key dates\n\nJan. 10, 2024 - First debate.\n\nMarch 5 - Super Tuesday.\n\n"
        "March 4 - The court may rule.\n\nJuly 15 - Convention opens.\n"
    )
    found = {m.text: r.value for m, r in tag(text, date(2024, 1, 10))}
    assert (found["March 4"], found["July 15"]) == ("2024-03-04", "2024-07-15")


def test_two_dated_lines_are_no_timeline() -> None:
    text = "The talks\n\nJan. 11, 2020: the first round.\n\nMarch 9: the talks resume.\n"
    found = {m.text: r for m, r in tag(text, date(2021, 3, 11))}
    assert found["March 9"].anchor != "narrative"


# fmt: off
#: A clock time takes the day told in its paragraph or the one before, or the lead's day;
#: not one a backstory paragraph further back told (published on Tuesday 4 July 2017).
CLOCK_PARAGRAPHS = (
    "SEOUL - North Korea fired a missile on Tuesday morning, the military said.\n\n"
    "The launch was the tenth this year.\n\n"
    "The last test came on Sunday, when a rocket fell into the sea.\n\n"
    "Analysts said the program had sped up since 2016.\n\n"
    "Officials met the envoy at noon.\n\n"
    "Moon convened the security council at 1:30 p.m. and left that evening.\n"
)
# fmt: on


def test_a_clock_time_takes_no_day_from_a_backstory_paragraph() -> None:
    found = {m.text: r.value for m, r in tag(CLOCK_PARAGRAPHS, date(2017, 7, 4))}
    assert found["1:30 p.m."] == "2017-07-04T13:30"  # the lead's Tuesday, not Sunday
    assert found["noon"] == "2017-07-04T12:00"
    text = (
        "The plant exploded on Oct. 3, 2019.\n\nNo one was hurt.\n\nFirefighters came at 4 p.m.\n"
    )
    found = {m.text: r.value for m, r in tag(text, date(2019, 10, 10))}
    assert found["4 p.m."] == "2019-10-03T16:00"  # a day told in the lead


def test_that_morning_reaches_back_to_the_day_told() -> None:
    text = (
        "The trial of the engineers opened on Thursday.\n\n"
        "The viaduct gave way on April 12, 2021, during the morning commute.\n\n"
        "Repairs had been budgeted.\n\nThey had not begun.\n\n"
        '"My son left home at 6:30 that morning," his mother said.\n'
    )
    found = {m.text: r.value for m, r in tag(text, date(2026, 2, 13))}
    assert found["that morning"] == "2021-04-12TMO"
    assert found["6:30"] == "2021-04-12T06:30"


@pytest.mark.parametrize(
    ("text", "dct", "expr", "value"),
    [
        (
            "Markets will close at 1 p.m. on New Year's Eve and reopen on Thursday.",
            date(2019, 12, 30),
            "1 p.m.",
            "2019-12-31T13:00",
        ),
        (
            "Returned tickets will be released at 10 a.m. next Wednesday.",
            date(2024, 3, 14),
            "10 a.m.",
            "2024-03-20T10:00",
        ),
        (
            "Its stores would open at 5 p.m. on Thanksgiving Day.",
            date(2016, 11, 3),
            "5 p.m.",
            "2016-11-24T17:00",
        ),
    ],
)
def test_a_clock_time_is_on_the_day_named_after_it(
    text: str, dct: date, expr: str, value: str
) -> None:
    assert _find(text, dct, expr)[1].value == value


def test_a_day_after_a_day_of_a_month_is_no_rate() -> None:
    """ "declared July 20 a day of mourning": not 20 a day."""
    found = [(m.text, m.type) for m, _ in tag("It declared July 20 a day of mourning.", None)]
    assert ("a day", "SET") not in found and ("July 20", "DATE") in found


def test_may_after_a_month_is_a_month_only_in_a_list_of_months() -> None:
    assert [m.text for m, _ in tag("In April, May said no.", OCT_20_2025)] == ["April"]


def test_year_range_has_two_years_as_parts() -> None:
    text = "Exports fell in 2009-2010."
    (m,) = find_timexes(text)
    at = text.index("2009")
    assert m.recipe["kind"] == "range" and m.recipe["parts"] == [[at, at + 4], [at + 5, at + 9]]
    a, b = range_endpoints(m.recipe, as_anchor(None), m.tense)
    assert (a.value, b.value) == ("2009", "2010")
    assert resolve(m, as_anchor(None)).value == "2009-01-01/2010-12-31"


def test_fronted_dates_open_their_sentence() -> None:
    text = "Prices rose. In 2012, he left. He has lived here since 2016. But in 2011 it fell."
    assert fronted(text, text.index("2012"))
    assert not fronted(text, text.index("2016"))
    assert fronted(text, text.index("2011"))
    assert fronted("2012 was a hard year.", 0)
    assert not fronted("The 2012 accord failed.", 4)


def test_paragraphs_by_blank_lines_else_by_lines() -> None:
    assert paragraph_starts("a\nb\n\nc") == [0, 5]
    assert paragraph_starts("a\nb\nc") == [0, 2, 4]


def test_anchor_provenance_of_a_range_follows_its_ends() -> None:
    _, r = _find("Talks ran from 2009 to 2010.", MAR_15_2026, "2009 to 2010")
    assert r.anchor == "explicit"
    m, r = _find("The summit will be held on Sept. 10-13.", MAR_15_2026, "Sept. 10-13")
    a, b = range_endpoints(m.recipe, as_anchor(MAR_15_2026), m.tense)
    assert (a.value, b.value) == ("2026-09-10", "2026-09-13")
    assert a.anchor == b.anchor == r.anchor == "publication"  # the 13th's month is the 10th's


# --- tense of the expression's own clause (needs the parser)


@pytest.fixture(scope="module")
def nlp() -> Language:
    from nkviewer.nlp.model import load_pipeline
    from nkviewer.nlp.parse import configure_pipeline

    return configure_pipeline(load_pipeline())


# fmt: off
TENSE: list[tuple[str, date, str, str]] = [
    # a plan in the simple past ("was due to", "were scheduled to", "was to") is still to come,
    # unless called off or belied ("will now expire")
    ("Shoigu was due to leave Pyongyang on Friday morning.", date(2023, 7, 27),
     "Friday morning", "2023-07-28TMO"),
    ("Obama was to meet Wednesday with a group of small business owners.", date(2013, 9, 26),
     "Wednesday", "2013-10-02"),
    ("The offer, which was set to expire on Monday, will now expire on Oct. 16.",
     date(2018, 10, 2), "Monday", "2018-10-01"),
    ("Formula One called off the race two hours before practice was due to begin on Friday.",
     date(2020, 3, 13), "Friday", "2020-03-13"),
    # a perfect under "if" is a condition to come
    ("Either side can walk away if the deal has not closed by Aug. 15.", date(2023, 3, 10),
     "Aug. 15", "2023-08-15"),
    # a happening called "for" a day, whatever words stand between; what is added or sold
    # "for" a month is for a month ahead; what was expected, its date after it, is to come
    # (a date of another verb before it tells nothing of when it stood)
    ("Unions called a four-hour strike for Friday afternoon.", date(2017, 4, 26),
     "Friday afternoon", "2017-04-28TAF"),
    ("Carriers have added thousands of flights for July and August.", date(2021, 6, 15),
     "August", "2021-08"),
    ("Delta said it expected further cancellations through Sunday.", date(2024, 7, 20),
     "Sunday", "2024-07-21"),
    ("Forecasters forecast more snow in the mountains on Friday.", date(2023, 2, 7), "Friday",
     "2023-02-10"),
    ("Ryanair said last month it expected to fly 90 percent of its capacity in the fourth "
     "quarter.", date(2021, 6, 15), "the fourth quarter", "2021-Q4"),
    # what comes "followed by" has the tense of what it follows; "later in the week" after a
    # day told in its sentence is that day's week
    ("A state funeral is expected in Dakar on Saturday, followed by burial the next day.",
     date(2023, 8, 2), "the next day", "2023-08-06"),
    ("The first landing is on Wednesday, followed by a second landing later in the week.",
     date(2025, 7, 13), "later in the week", "2025-W29"),
    # a plan called off: its day lies on either side of publication, the nearest
    ("A concert scheduled for Wednesday in Los Angeles was postponed.", date(2014, 11, 20),
     "Wednesday", "2014-11-19"),
    ("A concert scheduled for Wednesday in Los Angeles was postponed.", date(2014, 11, 17),
     "Wednesday", "2014-11-19"),
    # an expectation in the simple past is the writer's, of a thing still to come (unless the
    # sentence says it came to nothing); a date listed after another has its clause's tense
    ("Isaac was expected to pass through the Lesser Antilles on Thursday.", date(2018, 9, 11),
     "Thursday", "2018-09-13"),
    ("The plane was expected to land on Tuesday but was diverted to Oslo.",
     date(2018, 9, 13), "Tuesday", "2018-09-11"),
    ("Conditions were forecast to ease on Sunday and Monday.", date(2020, 1, 2), "Monday",
     "2020-01-06"),
    # ... so is one with no infinitive ("was expected back"), unless the sentence belies it
    ("Arafat flew to Cairo and was expected back in Gaza on Wednesday.", date(2000, 7, 25),
     "Wednesday", "2000-07-26"),
    ("French and British teams were expected at the weekend.", date(1995, 1, 18),
     "the weekend", "1995-W03-WE"),
    ("The verdict was expected on Monday but was delayed.", date(2019, 3, 13), "Monday",
     "2019-03-11"),
    # a plan called off in a clause of its own does not undo the expectation joined to it
    ("The airline said it had cancelled most flights for Monday and expected a similar level "
     "of disruption on Tuesday.", date(1998, 6, 1), "Tuesday", "1998-06-02"),
    # a month opening a past sentence is the last one, even when the parse finds no verb
    ("In January, the North proposed talks with the South.", date(2010, 12, 31), "January",
     "2010-01"),
    # no week of a month or a year told before: the publication's
    ("He took the post last September. He urged both sides to resume talks before the end "
     "of the week.", date(1998, 6, 1), "the end of the week", "1998-W23"),
    # a plan in the present before a day of a month: the one ahead
    ("The treaty is due to expire on 1 November.", date(2020, 12, 15), "1 November",
     "2021-11-01"),
    # what one offered or pledged to do lies after the offer
    ("The prime minister offered to hold elections on Nov. 14.", date(2010, 5, 5), "Nov. 14",
     "2010-11-14"),
    # a day declared one of mourning lies ahead of the declaring
    ("President Putin declared Monday a day of national mourning.", date(2002, 10, 26),
     "Monday", "2002-10-28"),
    ("He declared three days of national mourning starting on Thursday.", date(1999, 8, 18),
     "Thursday", "1999-08-19"),
    ("Sharon declared a day of mourning for Monday.", date(2003, 2, 2), "Monday",
     "2003-02-03"),
    # ... but "declared a day of mourning on Friday" tells the day of the declaring
    ("The government declared a day of national mourning on Friday.", date(2012, 3, 13),
     "Friday", "2012-03-09"),
    # "until" a day looks ahead, unless a past stretch ran until then and ended there
    ("The mayor imposed a curfew that remained in force until Thursday.", date(1999, 12, 4),
     "Thursday", "1999-12-02"),
    ("The company waited until Tuesday to tell customers.", date(2011, 4, 27), "Tuesday",
     "2011-04-26"),
    ("The party had blamed ETA for the attacks until Saturday.", date(2004, 3, 14),
     "Saturday", "2004-03-13"),
    ("Air France cancelled all flights until at least Monday.", date(2010, 4, 18), "Monday",
     "2010-04-19"),
    ("Network Rail warned passengers to travel only if necessary on Monday and Tuesday.",
     date(2022, 7, 15), "Tuesday", "2022-07-19"),
    # a second infinitive has the first's tense: a directive's target lies ahead
    ("CISA has since told them to keep those systems offline and to report back by noon "
     "Eastern time on Monday.", date(2020, 12, 20), "noon Eastern time on Monday",
     "2020-12-21T12:00"),
    # "voted to accept a deal on Monday": the day of the vote, not one ahead
    ("Striking workers voted to accept a new agreement on Monday.", date(2026, 2, 3),
     "Monday", "2026-02-02"),
    # a bare "spring" or "fall" after a preposition of time, ending its phrase
    ("A ruling is expected by spring.", date(2016, 11, 7), "spring", "2017-SP"),
    ("\"A trial in February means a ruling probably by spring,\" he said.", date(2016, 11, 7),
     "spring", "2017-SP"),
    # a holiday in a future clause is the one ahead, even through a noun
    ("The airline will add extra flights over Easter.", date(2018, 5, 19), "Easter",
     "2019-04-21"),
    # a festival of another calendar takes its clause's side, as Christmas does
    ("The family will gather again at Passover.", date(2024, 7, 3), "Passover", "2025-04-13"),
    ("Crowds celebrated Diwali in the capital.", date(2024, 7, 3), "Diwali", "2023-11-12"),
    # "we'd be back" is would; a second participle shares the first's "will be"; a "when"
    # clause after a month tells which side it lies on
    ("\"We told them we'd be back Monday,\" he said.", date(2018, 3, 2), "Monday",
     "2018-03-05"),
    ("The accounts will be audited by the state and published by 31 October.",
     date(2024, 6, 28), "31 October", "2024-10-31"),
    ("The move recalls October, when OPEC+ agreed to reduce its targets.", date(2023, 4, 3),
     "October", "2022-10"),
    ("The company resisted bargaining until February, when it agreed to negotiate.",
     date(2024, 12, 19), "February", "2024-02"),
    ("Testing capacity has increased sharply since June, when only a few labs could process "
     "samples.", date(2022, 7, 28), "June", "2022-06"),
    # a happening named with its year takes place in it; a plan "to have it contained by"
    # looks ahead
    ("The 2019 race will take place on April 28.", date(2018, 4, 23), "April 28",
     "2019-04-28"),
    # a gerund that is its clause's subject has the tense of the clause's verb
    ("A family taking out a loan in January would have paid $1,700 a month.",
     date(2022, 10, 13), "January", "2022-01"),
    ("Visiting the site in March will cost more.", date(2022, 10, 13), "March", "2023-03"),
    ("Fire managers said they hoped to have it fully contained by mid-July.",
     date(2012, 6, 28), "mid-July", "2012-07"),
    # a happening booked "for" a month lies ahead of the booking
    ("This summer was better, the bureau said, with several large conventions booked for "
     "October.", date(2023, 9, 15), "October", "2023-10"),
    # two weekdays of one span lie in order less than a week apart, whichever end the
    # clauses alone would have put on the other side of publication
    ("The control room, which works round the clock, received 300 complaints between "
     "Wednesday and Friday.", date(2022, 7, 15), "Wednesday", "2022-07-13"),
    ("Forecasters issued a red flag warning for the hills from 5 p.m. Saturday until 11 a.m. "
     "Monday.", date(2019, 10, 17), "5 p.m. Saturday", "2019-10-19T17:00"),
    # a holiday takes its clause's side of publication, as a month does
    ("Her last public appearance was on New Year's Eve.", date(2019, 12, 30), "New Year's Eve",
     "2018-12-31"),
    ("The shooting happened on Christmas Eve.", date(2023, 10, 24), "Christmas Eve",
     "2022-12-24"),
    ("The family will meet at Easter.", date(2019, 12, 30), "Easter", "2020-04-12"),
    ("Stores reopened the day after Christmas.", date(2023, 10, 24), "the day after Christmas",
     "2022-12-26"),
    # a timetable in the simple present lies ahead; other present clauses stay the nearest
    ("The trial starts in May.", date(2024, 9, 25), "May", "2025-05"),
    ("The new law takes effect in January.", date(2024, 9, 25), "January", "2025-01"),
    ("The festival opens in the summer.", date(2024, 9, 25), "the summer", "2025-SU"),
    ("Sales in June are up.", date(2024, 9, 25), "June", "2024-06"),
    # ... a day of a month too (a look-ahead piece written in December); not in a headline,
    # whose present tells what happened
    ("Americans vote on Nov. 3 in midterm elections.", date(2025, 12, 29), "Nov. 3",
     "2026-11-03"),
    ("The World Cup, which kicks off in Mexico City on June 11, has 48 teams.",
     date(2025, 12, 29), "June 11", "2026-06-11"),
    ("Brazil holds a presidential election in October.", date(2025, 12, 29), "October",
     "2026-10"),
    ("Villagers mark grim Christmas after typhoon", date(2016, 12, 27), "Christmas",
     "2016-12-25"),
    # a holiday's (long) weekend or week on its clause's side, by the week: one begun counts
    # as past even before the holiday itself
    ("Traffic was heavy over the Easter long weekend.", date(2021, 2, 8),
     "Easter long weekend", "2020-W15-WE"),
    ("Protesters prayed as Easter week began.", date(2000, 4, 17), "Easter week", "2000-W16"),
    ("Stores will stay open late during Christmas week.", date(2021, 2, 8), "Christmas week",
     "2021-W51"),
    # a month with its year right after it: "in December that year"
    ("The council demanded a halt in July 2006, and imposed sanctions in December that year.",
     date(2015, 7, 21), "December", "2006-12"),
    # "that year" is the year its sentence's own date names, not one told before it, nor the
    # month it qualifies
    ("Sanctions were imposed between 2017 and 2023. The panel was set up in June 2009, after "
     "a nuclear test in May of that year.", date(2024, 3, 28), "May", "2009-05"),
    # a deadline or a start date set in the past may lie ahead; a closing price is past
    ("The regulator opened an investigation, setting a deadline of March 23 to decide.",
     date(2016, 11, 4), "March 23", "2017-03-23"),
    ("A judge on Tuesday set an Aug. 26 start date for the trial.", date(2024, 3, 7),
     "Aug. 26", "2024-08-26"),
    ("Donald Tusk has set Monday as the deadline for British proposals.", date(2017, 12, 2),
     "Monday", "2017-12-04"),
    ("The offer is a 42 percent premium to the closing price on Tuesday.", date(2023, 5, 31),
     "Tuesday", "2023-05-30"),
    # a month of "this year" brings the story back to the publication's year
    ("The deal was signed in February 2020. In April of this year, the president pushed the "
     "date back to Sept. 11.", date(2021, 8, 23), "Sept. 11", "2021-09-11"),
    # a plural noun the parse takes for a verb is no timetable ("missile launches on Jan. 10")
    ("The council last held a meeting on North Korea's missile launches on Jan. 10.",
     date(2024, 3, 28), "Jan. 10", "2024-01-10"),
    # a happening's day told with a present "is" lies ahead (not one compared with)
    ("The general election is Nov. 5.", date(2024, 3, 6), "Nov. 5", "2024-11-05"),
    ("The deadline is later than the usual April 15.", date(2016, 4, 18), "April 15",
     "2016-04-15"),
    # a day something was put off to may lie on either side of the putting off
    ("The race had been scheduled for Wednesday morning and was moved to Friday.",
     date(2018, 2, 15), "Friday", "2018-02-16"),
    # a possessive day is a report of what happened, unless its happening is still to come
    ("Shares fell 3 percent after Friday's close.", date(2022, 12, 4), "Friday's",
     "2022-12-02"),
    ("Voters will cast ballots in Tuesday's election.", date(2022, 12, 4), "Tuesday's",
     "2022-12-06"),
    ("Candidates made a final push before Tuesday's runoff, which will decide the seat.",
     date(2022, 12, 4), "Tuesday's", "2022-12-06"),
    ("The deal expires at Monday's close.", date(2022, 12, 4), "Monday's", "2022-12-05"),
    # (a modal's guess or advice is no plan: "could take weeks", "should not be fooled")
    ("Police said the inquiry into Friday's crash could take weeks.", date(2019, 2, 2),
     "Friday's", "2019-02-01"),
    # past clause: the last such month begun by publication
    ("The envoy handed over an invitation in June.", MAR_15_2026, "June", "2025-06"),
    ("Officials met in March to discuss the plan.", MAR_15_2026, "March", "2026-03"),
    ("The talks collapsed in December.", MAR_15_2026, "December", "2025-12"),
    ("Fishermen reported a poor catch in the summer.", MAR_15_2026, "the summer", "2025-SU"),
    ("The company changed its auditor in December.", OCT_20_2025, "December", "2024-12"),
    ("The ministry ordered the inquiry in August.", JUN_10_2024, "August", "2023-08"),
    # future or modal clause: the first such month not over by publication
    ("The envoy will visit Seoul in June.", MAR_15_2026, "June", "2026-06"),
    ("The envoy will visit Seoul in February.", MAR_15_2026, "February", "2027-02"),
    ("He said he would travel to Oslo in April.", MAR_15_2026, "April", "2026-04"),
    ("The council may vote on the budget in January.", OCT_20_2025, "January", "2026-01"),
    ("The rules will take effect in the spring.", OCT_20_2025, "the spring", "2026-SP"),
    ("Exports could recover in May.", JUN_10_2024, "May", "2025-05"),
    # a plan seen from the past is past: "had been due to", "was likely to"
    ("The offer had been due to expire in January.", OCT_20_2025, "January", "2025-01"),
    ("The plant was likely to close in March.", OCT_20_2025, "March", "2025-03"),
    # a participle after "getting" has the tense of the verb it completes
    ("Factories are going to start getting squeezed in the autumn.", MAR_15_2026,
     "the autumn", "2026-FA"),
    # an intention reported in the past still looks ahead ("hoped": the small model's
    # lemma is "hop")
    ("Officials said they hoped to hold another meeting in the fall.", MAR_15_2026,
     "the fall", "2026-FA"),
    ("The union is hoping to settle in January.", OCT_20_2025, "January", "2026-01"),
    # what one is asked, urged, told or ordered to do lies ahead of the asking
    ("The minister urged both sides to resume talks in January.", OCT_20_2025, "January",
     "2026-01"),
    ("Lawmakers asked the government to publish the report before Christmas.", OCT_20_2025,
     "Christmas", "2025-12-25"),
    ("The court ordered the company to pay the fine by March.", OCT_20_2025, "March",
     "2026-03"),
    # a plan's past tense shifted back by a past verb of saying still stands when reported
    ("Officials said the minister was expected to visit in June.", OCT_20_2025, "June",
     "2026-06"),
    ("A spokesman said the union was prepared to keep negotiating through the weekend.",
     date(2019, 10, 16), "the weekend", "2019-W42-WE"),
    # a clause describing a thing of a named year dates within that year
    ("The 2015 agreement, signed in Vienna on July 14, capped the program.", OCT_20_2025,
     "July 14", "2015-07-14"),
    ("The 2018 summit, which was held in Singapore in June, ended vaguely.", OCT_20_2025,
     "June", "2018-06"),
    # ... not a fiscal year's, whose days straddle two calendar years (its timetable's
    # present looks ahead: the next Oct. 1)
    ("Fiscal 2027, which begins on Oct. 1, will be lean.", OCT_20_2025, "Oct. 1",
     "2026-10-01"),
    # "a year earlier" than a month is a figure compared, no story date for what follows
    ("Prices rose 2.8% in October from a year earlier. Strategists said they expected the yen "
     "to hold for the rest of the year.", date(2023, 11, 13), "the year", "2023"),
    # a day of a month in a future clause lies ahead
    ("This year's contests, on Nov. 8, will decide control of Congress.", date(2022, 1, 8),
     "Nov. 8", "2022-11-08"),
    ("Next year's summit will be held in Baku from Nov. 11 to Nov. 22.", date(2023, 12, 13),
     "Nov. 11 to Nov. 22", "2024-11-11/2024-11-22"),
    # ... not told as a report: a plan as it stood then
    ("The plant was likely to close in March.", OCT_20_2025, "March", "2025-03"),
    # a day of a month a past verb happened on lies before publication; a day it set (an
    # end, a deadline) stays the nearest
    ("She was last seen on the evening of May 2.", date(2022, 3, 28), "May 2", "2021-05-02"),
    ("Police arrested him on May 3.", date(2022, 3, 28), "May 3", "2021-05-03"),
    ("The company extended the offer to May 20.", date(2022, 3, 28), "May 20", "2022-05-20"),
    ("The offer had been set to expire May 6.", date(2022, 3, 28), "May 6", "2022-05-06"),
    ("Congress subpoenaed him to testify on April 10.", date(2022, 3, 28), "April 10",
     "2022-04-10"),
    # a month a past verb moved something to is where it now lies, not a past month
    ("The final test was pushed back to no earlier than March, officials said.",
     date(2022, 2, 28), "March", "2022-03"),
    ("The summit was postponed to May.", date(2022, 2, 28), "May", "2022-05"),
    # present or no clue: the nearest, as before
    ("The festival opens in June.", MAR_15_2026, "June", "2026-06"),
    # the date of a noun, not of the verb: no strict direction ("the June summit" may be ahead)
    ("They cancelled the June summit.", MAR_15_2026, "June", "2026-06"),
    # a forecast looks ahead, also when told in the past: "was forecast for", and "likely" or
    # "possible" in what a past verb of saying reports (published Sunday 15 March 2026)
    ("More sleet was forecast for the coast on Tuesday.", MAR_15_2026, "Tuesday",
     "2026-03-17"),
    ("Meteorologists said hail was likely across the plains through the weekend.",
     date(2026, 3, 17), "the weekend", "2026-W12-WE"),
    ("They warned that more flooding was possible over the weekend.", date(2026, 3, 17),
     "the weekend", "2026-W12-WE"),
    # ... but not the day a forecast was made, nor a forecast of the past
    ("The storm was forecast on Tuesday to weaken.", MAR_15_2026, "Tuesday", "2026-03-10"),
    ("Hail was likely across the plains last weekend.", date(2026, 3, 17), "last weekend",
     "2026-W11-WE"),
    # a happening called "for" a day, or one to be joined, is to come
    ("Unions called a general strike for Wednesday.", MAR_15_2026, "Wednesday", "2026-03-18"),
    ("The opposition urged voters to join a march on Saturday.", MAR_15_2026, "Saturday",
     "2026-03-21"),
    # a day something is set "for" lies ahead; "more than expected" is no plan; what is due
    # is to come
    ("The ceremony has been rescheduled for Tuesday.", MAR_15_2026, "Tuesday", "2026-03-17"),
    # ... an evening's bare clock time is p.m., on the day of its own clause whatever the
    # tenses
    ("The ceremony has been rescheduled for Tuesday evening at 6:30.", MAR_15_2026, "6:30",
     "2026-03-17T18:30"),
    ("Consumer borrowing rose more than expected in June.", date(2026, 8, 8), "June",
     "2026-06"),
    ("Voters face a federal election due by May.", date(2026, 8, 8), "May", "2027-05"),
    ("He paid the instalment due in March.", date(2026, 8, 8), "March", "2026-03"),
    # "starting in" a past span's start is past
    ("The hackers were active for five months, starting in late April.", MAR_15_2026,
     "late April", "2025-04"),
    # a holiday that is the subject of what was said is no day of the saying; a headline's
    # "expected to" looks ahead
    ("The airline said Good Friday would be its busiest day.", MAR_15_2026, "Good Friday",
     "2026-04-03"),
    ("Early Easter expected to bring busiest spring getaway", MAR_15_2026, "Easter",
     "2026-04-05"),
    # a thing named with its year, said to open on a day, opens in that year
    ("Lines have booked berths for the 2027 season, which opens on April 24.", MAR_15_2026,
     "April 24", "2027-04-24"),
    # what "is due" or "is likely" is to come
    ("The country's next review is due in January.", date(2026, 7, 8), "January", "2027-01"),
    # a present verb in an "if" clause is a condition to come
    ("The party can repeal the law if it wins the election in November.", MAR_15_2026,
     "November", "2026-11"),
    # a thing said to be possible or likely is to come, whatever verb tells of it
    ("The agency warned on Thursday of possible storms over the weekend.", date(2026, 3, 12),
     "the weekend", "2026-W11-WE"),
]
# fmt: on


# fmt: off
#: Without the parser: an "-ed" form between a determiner and its noun is an adjective, no
#: past tense; "ended" and "since" before a yearless day put it in the past; a fronted date
#: takes the tense of its main clause's verb even after a long subject.
TENSE_FROM_WORDS: list[tuple[str, date, str, str]] = [
    ("Talks on the amended contract resume in January.", OCT_20_2025, "January", "2026-01"),
    ("The dividend would be paid on a still undisclosed date in January.", OCT_20_2025,
     "January", "2026-01"),
    ("Pickets who blocked the depot in January were fined.", OCT_20_2025, "January", "2025-01"),
    ("The revised timetable was published in January.", OCT_20_2025, "January", "2025-01"),
    # a day after "ended" or "since" has passed, whatever the clause's verb: the latest one
    ("Net sales rose 4% in the quarter ended Dec. 31.", OCT_20_2025, "Dec. 31", "2024-12-31"),
    ("Prices have doubled since Nov. 2, the bureau reported.", OCT_20_2025, "Nov. 2",
     "2024-11-02"),
    ("The offer will stay open until Nov. 2.", OCT_20_2025, "Nov. 2", "2025-11-02"),
    # a fronted date is its main clause's, whose verb may come after a long subject
    ("In March, a month after the harbour festival and the yearly regatta on the north bank of "
     "the river, a fire in the old printing works destroyed the presses.", OCT_20_2025,
     "March", "2025-03"),
    # what is agreed lies after the agreement; the agreement's own date does not
    ("The two airlines agreed to merge their cargo arms in February.", OCT_20_2025,
     "February", "2026-02"),
    ("Regulators approved an agreement to sell the port in January.", OCT_20_2025,
     "January", "2026-01"),
    ("The two airlines agreed in February to merge their cargo arms.", OCT_20_2025,
     "February", "2025-02"),
    # a month right after its own past verb lies behind, however near the next one is
    ("The vote took place in June.", MAR_15_2026, "June", "2025-06"),
    ("The talks collapsed in April.", MAR_15_2026, "April", "2025-04"),
    ("The rally will be held in June.", MAR_15_2026, "June", "2026-06"),
    # a decimal point ends no clause, and an "-ed" form after an amount or in the object of a
    # modal's verb is an adjective, no past verb of its own
    ("The firm sold 1.5 million shares in November.", OCT_20_2025, "November", "2024-11"),
    ("The utility said it will redeem 4.5 million preferred shares in November.", OCT_20_2025,
     "November", "2025-11"),
    ("The utility plans to redeem two million preferred shares in November.", OCT_20_2025,
     "November", "2025-11"),
    ("The utility redeemed 300 preferred shares in November.", OCT_20_2025, "November",
     "2024-11"),
    ("The utility redeemed 4.5 million preferred shares in November.", OCT_20_2025,
     "November", "2024-11"),
    # a quotation is its speaker's clause: a date inside one takes the quoted verb's tense, not
    # the reporter's "said"; one that opens after a date lends it no verb (the wire services'
    # ``...'' marks as well as curly ones)
    ('The coach said, "On Monday the squad will fly to Lima."', MAR_15_2026, "Monday",
     "2026-03-16"),
    ("The union leader told reporters: \u201cThe strike on Friday will go ahead.\u201d",
     MAR_15_2026, "Friday", "2026-03-20"),
    ("The minister's office on Thursday ``We are asking for calm.''", date(2026, 3, 13),
     "Thursday", "2026-03-12"),
    ("The board is silent.'' The bank on Thursday ``Our staff are ready.''", date(2026, 3, 13),
     "Thursday", "2026-03-12"),
    # a clause of time put in the past by the sequence of tenses follows its main clause's plan
    ("The mayor said she would sign the order once the council voted Friday.", MAR_15_2026,
     "Friday", "2026-03-20"),
    ("Dealers will sell the bonds as soon as trading opened Monday.", MAR_15_2026, "Monday",
     "2026-03-16"),
    ("The fund planned to hold its stake until the market reopened on Tuesday.", MAR_15_2026,
     "Tuesday", "2026-03-17"),
    # ... but a past main clause keeps it past, and "once" as an adverb opens no clause
    ("The mayor signed the order once the council voted Friday.", MAR_15_2026, "Friday",
     "2026-03-13"),
    ("He would once again argue, as he did when the council met Friday.", MAR_15_2026,
     "Friday", "2026-03-13"),
    # "after" and "when" may open a real past: it stays past
    ("The chairman will resign after the board voted on Friday.", MAR_15_2026, "Friday",
     "2026-03-13"),
    ("Residents will never forget when the dam collapsed on Friday.", MAR_15_2026, "Friday",
     "2026-03-13"),
]
# fmt: on


@pytest.mark.parametrize(("text", "dct", "expr", "value"), TENSE_FROM_WORDS)
def test_tense_from_the_words(text: str, dct: date, expr: str, value: str) -> None:
    _, r = _find(text, dct, expr)
    assert r.value == value


@pytest.mark.model
@pytest.mark.parametrize(("text", "dct", "expr", "value"), TENSE)
def test_tense_of_its_own_clause_decides_direction(
    nlp: Language, text: str, dct: date, expr: str, value: str
) -> None:
    _, r = _find(text, dct, expr, doc=nlp(text))
    assert r.value == value


@pytest.mark.model
def test_strict_direction_is_clause_local(nlp: Language) -> None:
    """The verb that governs the date decides, not the sentence's first verb: "said" is past,
    the visit it reports is future."""
    text = "The minister said on Tuesday that the king will visit in February."
    _, r = _find(text, MAR_15_2026, "February", doc=nlp(text))
    assert r.value == "2027-02"
    m, _ = _find(text, MAR_15_2026, "February", doc=nlp(text))
    assert m.recipe.get("strict") is True and m.tense == "future"


# fmt: off
FRAMED: list[tuple[str, date, str, str, str]] = [
    # the date of the main verb, told in the past, sets the story's time too
    ("He moved to Berlin in 2012. In July, he married.", MAR_15_2026, "July", "2012-07",
     "narrative"),
    ("Police arrested him on March 3, 2012. He was freed in May.", MAR_15_2026, "May",
     "2012-05", "narrative"),
    # "the following month" counts from the month told, past a quarter told in between
    ("The company had warned in July that sales were slowing. That quarter, its shares fell, "
     "and it announced a buyback the following month.", date(2024, 10, 23),
     "the following month", "2024-08", "narrative"),
    # a past story's "that year" is not a target ahead told in a present clause
    ("The law, passed in 2015, requires cuts by 2030. That year, refiners sued.", MAR_15_2026,
     "That year", "2015", "narrative"),
    # ... also a time of day on such a day
    ("The module touched down at 4:17 p.m. EDT on July 20, 1969. The crew returned to Earth "
     "on July 24.", date(2019, 7, 20), "July 24", "1969-07-24", "narrative"),
    # ... not a period's start nor a noun's date
    ("He has lived in Berlin since 2012. In July, he married.", MAR_15_2026, "July", "2025-07",
     "publication"),
    ("The 2012 accord failed. In July, talks resumed.", MAR_15_2026, "July", "2025-07",
     "publication"),
    ("Officials who signed the deal in 2012 left. In July, talks resumed.", MAR_15_2026, "July",
     "2025-07", "publication"),
    # a second main verb joined to the first dates the story on
    ("The permit was granted in late 2019 and suspended in the summer of 2020. Hearings began "
     "in January.", MAR_15_2026, "January", "2021-01", "narrative"),
]
# fmt: on


@pytest.mark.model
@pytest.mark.parametrize(("text", "dct", "expr", "value", "anchor"), FRAMED)
def test_main_clause_date_sets_the_story_time(
    nlp: Language, text: str, dct: date, expr: str, value: str, anchor: str
) -> None:
    _, r = _find(text, dct, expr, doc=nlp(text))
    assert (r.value, r.anchor) == (value, anchor)


# fmt: off
#: A headline's "to"-future: a subject with an infinitive and no finite verb, on a line that
#: ends no sentence, is what is to happen; its bare weekday or month lies ahead. Published
#: Sunday 15 March 2026.
HEADLINE_FUTURE: list[tuple[str, str, str, str | None]] = [
    ("Mayor to open ferry bridge Saturday", "Saturday", "2026-03-21", "future"),
    ("Osterberg to host harbour talks in February", "February", "2027-02", "future"),
    ("Harbour board to vote on ferry fares Friday", "Friday", "2026-03-20", "future"),
    ("Old pier to be reopened on Thursday", "Thursday", "2026-03-19", "future"),
    ("Lighthouse keepers to strike on Tuesday over pay", "Tuesday", "2026-03-17", "future"),
    ("Island envoy to meet fishermen in Lund on Friday", "Friday", "2026-03-20", "future"),
    ("Ferry fares to rise in January, council says", "January", "2027-01", "future"),
    ("Council says ferry fares to rise in January", "January", "2027-01", "future"),
    ("Mayor to open bridge and close ferry on Friday", "Friday", "2026-03-20", "future"),
    # not a headline "to"-future: a finite verb, a full stop, a perfect, no subject
    ("Mayor opened ferry bridge Saturday", "Saturday", "2026-03-14", "past"),
    ("Mayor to open ferry bridge Saturday.", "Saturday", "2026-03-14", None),
    ("Mayor to have opened ferry bridge Saturday", "Saturday", "2026-03-14", "past"),
    ("Plans to widen the pier shelved in February", "February", "2026-02", "past"),
    ("How to watch the harbour regatta on Saturday", "Saturday", "2026-03-14", None),
]
# fmt: on


@pytest.mark.model
@pytest.mark.parametrize(("text", "expr", "value", "tense"), HEADLINE_FUTURE)
def test_a_headlines_to_future_lies_ahead(
    nlp: Language, text: str, expr: str, value: str, tense: str | None
) -> None:
    m, r = _find(text, MAR_15_2026, expr, doc=nlp(text))
    assert (r.value, m.tense) == (value, tense)


# fmt: off
#: "go" plans only as "be going to": "went to open" is past, "goes to meet" present. Published
#: Sunday 15 March 2026; a careful reader's tense and day for each.
GOING: list[tuple[str, str, str, str]] = [
    ("The mayor went to open the ferry landing on Monday.", "Monday", "2026-03-09", "past"),
    ("The envoy went to Lund on Friday.", "Friday", "2026-03-13", "past"),
    ("The council is going to vote on the fares on Tuesday.", "Tuesday", "2026-03-17",
     "future"),
    ("Fishermen are going to protest in Lund on Saturday.", "Saturday", "2026-03-21", "future"),
    # an intention as it stood in the past: its day is read backward
    ("The mayor was going to sign the lease on Thursday, but the council objected.",
     "Thursday", "2026-03-12", "past"),
    ("The keepers were going to strike on Monday.", "Monday", "2026-03-09", "past"),
    ("The envoy will go to Lund on Friday.", "Friday", "2026-03-20", "future"),
]
# fmt: on


@pytest.mark.model
@pytest.mark.parametrize(("text", "expr", "value", "tense"), GOING)
def test_only_be_going_to_is_a_future(
    nlp: Language, text: str, expr: str, value: str, tense: str
) -> None:
    m, r = _find(text, MAR_15_2026, expr, doc=nlp(text))
    assert (r.value, m.tense) == (value, tense)


@pytest.mark.model
def test_goes_to_is_present_not_future(nlp: Language) -> None:
    text = "Its staff goes to meet the dock workers on Friday."
    m, _ = _find(text, MAR_15_2026, "Friday", doc=nlp(text))
    assert m.tense == "present"


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        # without the parser, from the words: "went to" is no "going to"
        ("The mayor went to open the ferry landing on Monday.", "Monday", "2026-03-09"),
        ("The mayor was going to sign the lease on Thursday.", "Thursday", "2026-03-12"),
        ("The council is going to vote on the fares on Tuesday.", "Tuesday", "2026-03-17"),
    ],
)
def test_going_to_from_the_words(text: str, expr: str, value: str) -> None:
    _, r = _find(text, MAR_15_2026, expr)
    assert r.value == value


@pytest.mark.model
@pytest.mark.parametrize(("text", "expr", "value"), [*FLASHBACKS, *CHAINS])
def test_flashbacks_and_chains_with_the_parser(
    nlp: Language, text: str, expr: str, value: str
) -> None:
    _, r = _find(text, MAR_15_2026, expr, doc=nlp(text))
    assert (r.value, r.anchor) == (value, "narrative")


@pytest.mark.parametrize(
    ("text", "perfect"),
    [
        ("The day before, engineers had inspected it.", True),
        ("The previous autumn it had nearly closed.", True),
        ("Two weeks earlier, the ship had already been passed.", True),
        ("The previous year she had nearly quit.", True),
        ("The day before, she'd met the mayor.", True),
        ("The day before, engineers inspected it.", False),
        ("The day before, they had a meeting.", False),
        ("The day before, they had to leave.", False),
        ("The day before, he said he would go. They had a plan.", False),
    ],
)
def test_past_perfect_from_the_words(text: str, perfect: bool) -> None:
    from nkviewer.nlp.timex.tense import past_perfect

    assert past_perfect(text, 4, 14) is perfect


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "perfect"),
    [
        ("The day before, engineers had inspected it.", True),
        ("The day before, the plan had been approved.", True),
        ("The day before, engineers inspected it.", False),
        ("The day before, they had a meeting.", False),
    ],
)
def test_past_perfect_from_the_parse(nlp: Language, text: str, perfect: bool) -> None:
    from nkviewer.nlp.timex.tense import past_perfect

    assert past_perfect(text, 4, 14, nlp(text)) is perfect


def test_the_end_of_a_decade_long_thing_is_no_decade() -> None:
    text = "The war ended at the end of the decade-long truce."
    assert not [m.text for m, _ in tag(text, MAR_15_2026) if "end of the decade" in m.text]


@pytest.mark.parametrize(
    "text",
    [
        "Rep. April Jones asked a question.",
        "June Alvarez replied on the radio.",
        "The play was written by August Wilson.",
        "The March for Our Lives drew crowds.",
        "The Good Friday Agreement ended the fighting.",
        "The Summer Olympics open in Paris.",
        "Section 2021 of the code applies.",
        "Flight 1990 landed safely.",
        "The Agenda 2030 goals were set.",
    ],
)
def test_names_and_numbers_are_no_dates(text: str) -> None:
    assert [m.text for m, _ in tag(text, MAR_15_2026)] == []


@pytest.mark.parametrize(
    ("text", "expr"),
    [
        ("In May Congress passed the bill.", "May"),
        ("The vote was held in June Monday said.", "June"),
        ("Talks resumed in the March 2020 session.", "March 2020"),
        ("Prices fell on Good Friday.", "Good Friday"),
        ("Stores close on Easter Monday.", "Easter Monday"),
        ("The summer was hot.", "The summer"),
        ("He joined in 2021 and left in 1990.", "2021"),
    ],
)
def test_dates_beside_names_stay_dates(text: str, expr: str) -> None:
    assert expr in [m.text for m, _ in tag(text, MAR_15_2026)]


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("On March 3, 2024, Air Force One landed at 10:30.", "10:30", "2024-03-03T10:30"),
        ("On March 3, 2024, the bus left at 7:45 and arrived at 9:15.", "9:15", "2024-03-03T09:15"),
    ],
)
def test_a_bare_clock_time_after_a_preposition_of_time(text: str, expr: str, value: str) -> None:
    _, r = _find(text, MAR_15_2026, expr)
    assert r.value == value


@pytest.mark.parametrize(
    "text", ["The score was 10:30 at the break.", "Read John 3:16 aloud.", "It ended 2:1."]
)
def test_a_bare_clock_time_needs_its_preposition(text: str) -> None:
    assert [m.type for m, _ in tag(text, MAR_15_2026) if ":" in m.text] == []


def test_a_long_chain_of_parts_of_days_keeps_its_first_day() -> None:
    text = "The talks opened on Aug. 3, 2023. The next day they stalled. The next day they "
    text += "resumed. The next morning a deal was near. Late that night it was signed. "
    text += "Officials left at 9:15."
    _, r = _find(text, MAR_15_2026, "9:15")
    assert r.value == "2023-08-06T09:15"


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        (
            "On May 2, 2019, the rebels attacked. The next morning troops withdrew.",
            "The next morning",
            "2019-05-03TMO",
        ),
        (
            "On May 2, 2019, the rebels attacked. By the next afternoon it was over.",
            "the next afternoon",
            "2019-05-03TAF",
        ),
    ],
)
def test_the_next_part_of_a_day_needs_no_comma(text: str, expr: str, value: str) -> None:
    _, r = _find(text, MAR_15_2026, expr)
    assert r.value == value


def test_a_clock_time_in_a_past_clause_is_not_a_future_clauses_day() -> None:
    text = "The company will report results on Feb. 8. Its shares closed at 4 p.m. down 2%."
    _, r = _find(text, date(2024, 9, 27), "4 p.m.")
    assert r.value == "2024-09-27T16:00"


APR_16_2024 = date(2024, 4, 16)


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        # the weekday said with a yearless day picks the year whose day it is
        ("The concert on Friday, March 3, was cancelled.", "Friday, March 3", "2023-03-03"),
        ("They will meet on Tuesday, 14 May, in Rome.", "Tuesday, 14 May", "2024-05-14"),
        # two days joined by "and", day first
        ("Talks were held on 12 and 13 January.", "12", "2024-01-12"),
        ("Talks were held on 12 and 13 January.", "13 January", "2024-01-13"),
        # three months that make a quarter are that quarter; others the months between
        ("Profit rose in the October-December quarter.", "the October-December quarter", "2023-Q4"),
        ("The January-March quarter was weak.", "The January-March quarter", "2024-Q1"),
        ("Output rose in the November-January period.", "November", "2023-11"),
        ("Output rose in the November-January period.", "January", "2024-01"),
    ],
)
def test_days_with_weekdays_and_month_spans(text: str, expr: str, value: str) -> None:
    found = _values_with_range_ends(text, APR_16_2024)
    assert found.get(expr) == value, found


def _values_with_range_ends(text: str, dct: date) -> dict[str, str]:
    """Each expression's value, a range's two ends each under its own text (as TimeML)."""
    found = {}
    for m, r in tag(text, dct):
        parts = m.recipe.get("parts") if m.recipe.get("kind") == "range" else None
        if parts:
            ends = range_endpoints(m.recipe, as_anchor(dct), m.tense)
            for (start, end), one in zip(parts, ends, strict=True):
                found[text[start:end]] = one.value
        else:
            found[m.text] = r.value
    return found


@pytest.mark.parametrize(
    ("text", "expr", "value", "anchor"),
    [
        # a bare day of the month: the story's month, else the publication's on the clause's side
        ("The vote is scheduled for the 18th.", "the 18th", "2024-03-18", "publication"),
        ("Talks began on the 3rd and ended on the 9th.", "the 9th", "2024-03-09", "publication"),
        ("Talks began on the 20th.", "the 20th", "2024-02-20", "publication"),
        (
            "On May 2, 2019, the ceasefire took effect. By the 20th, it had collapsed.",
            "the 20th",
            "2019-05-20",
            "narrative",
        ),
    ],
)
def test_a_bare_day_of_the_month(text: str, expr: str, value: str, anchor: str) -> None:
    _, r = _find(text, date(2024, 3, 14), expr)
    assert (r.value, r.anchor) == (value, anchor)


@pytest.mark.parametrize(
    "text", ["He lives on the 4th floor.", "The 18th amendment passed.", "It fell on the 9th hole."]
)
def test_an_ordinal_before_its_noun_is_no_day(text: str) -> None:
    assert [m.text for m, _ in tag(text, date(2024, 3, 14))] == []


DEC_29_2023 = date(2023, 12, 29)  # a Friday


@pytest.mark.parametrize(
    ("text", "dct", "expr", "value"),
    [
        # a year with a day, said after it
        (
            "The court upheld that decision on 3rd February this year.",
            DEC_29_2023,
            "3rd February this year",
            "2023-02-03",
        ),
        ("The fire broke out on March 3 in 2019.", DEC_29_2023, "March 3 in 2019", "2019-03-03"),
        ("Leap day falls on Feb. 29 in 2028.", DEC_29_2023, "Feb. 29 in 2028", "2028-02-29"),
        # time zones as wire copy writes them
        (
            "Sales will start at 10 a.m. PT on Thursday.",
            DEC_29_2023,
            "10 a.m. PT on Thursday",
            "2024-01-04T10:00",
        ),
        # the coming weekend is this week's until it has begun
        (
            "A hearing is scheduled for the coming weekend.",
            DEC_29_2023,
            "the coming weekend",
            "2023-W52-WE",
        ),
        (
            "Crowds are expected over the upcoming weekend.",
            date(2023, 12, 30),
            "the upcoming weekend",
            "2024-W01-WE",
        ),
        # "last winter" written in January: the winter before the one begun in December
        ("Sales fell last winter.", date(2023, 1, 20), "last winter", "2021-WI"),
        ("Sales fell last winter.", DEC_29_2023, "last winter", "2022-WI"),
        # "a year earlier" than "last year"
        (
            "Last year, strikes cost 400 million euros, up from 150 million a year earlier.",
            DEC_29_2023,
            "a year earlier",
            "2021",
        ),
    ],
)
def test_more_shapes_of_news_dates(text: str, dct: date, expr: str, value: str) -> None:
    _, r = _find(text, dct, expr)
    assert r.value == value


def test_a_day_after_a_date_is_no_rate() -> None:
    text = "Talks broke down on Dec. 22, a day after the last strike ended."
    assert [m.type for m, _ in tag(text, DEC_29_2023)] == ["DATE", "DURATION"]


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        (
            "Rail workers will strike for 48 hours starting overnight Sunday.",
            "overnight Sunday",
            "2023-12-31TNI",
        ),
        (
            "Council members voted 9-4 ahead of Thursday's public hearing.",
            "Thursday's",
            "2024-01-04",
        ),
    ],
)
def test_a_night_named_by_its_day_and_a_day_ahead_of_the_clause(
    text: str, expr: str, value: str
) -> None:
    _, r = _find(text, DEC_29_2023, expr)
    assert r.value == value


@pytest.mark.model
def test_a_second_verb_shares_the_first_ones_auxiliary(nlp: Language) -> None:
    text = "The walkout will begin at 10 p.m. Sunday and end at 8 a.m. Wednesday."
    _, r = _find(text, DEC_29_2023, "8 a.m. Wednesday", doc=nlp(text))
    assert r.value == "2024-01-03T08:00"


DEC_31_2010 = date(2010, 12, 31)


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        # a past clause's range of months lies before publication, as its months do
        ("Exports jumped 35 percent in the January-November period.", "January", "2010-01"),
        ("Exports jumped 35 percent in the January-November period.", "November", "2010-11"),
        # rates with a counted noun
        ("The rig leaked 1.6 million barrels a day.", "a day", "P1D"),
        ("Workers earn $2 an hour.", "an hour", "PT1H"),
        # a holiday's weekend
        ("The Easter weekend will bring another lift.", "Easter weekend", "2011-W16-WE"),
        # a quotation's day from a longer reporting clause
        (
            '"Today we begin the work again," Abe told reporters at party headquarters late on '
            "Sunday.",
            "Today",
            "2010-12-26",
        ),
    ],
)
def test_wire_shapes(text: str, expr: str, value: str) -> None:
    found = _values_with_range_ends(text, DEC_31_2010)
    assert found.get(expr) == value, found


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "dct", "expr", "value"),
    [
        ("Production surged in January and February.", DEC_31_2010, "February", "2010-02"),
        # a habit is no timetable: any year's May (TimeBank: "usually conducted in the second
        # and fourth quarters" is XXXX-Q2, XXXX-Q4), not the next
        (
            "The season, which normally opens in May, was a loss.",
            date(2010, 7, 19),
            "May",
            "XXXX-05",
        ),
        ("The season opens in May.", date(2010, 7, 19), "May", "2011-05"),
    ],
)
def test_joined_months_and_habits_with_the_parser(
    nlp: Language, text: str, dct: date, expr: str, value: str
) -> None:
    _, r = _find(text, dct, expr, doc=nlp(text))
    assert r.value == value


def test_without_a_publication_date_what_is_said_stays() -> None:
    from nkviewer.ingest.document import PublishedDate

    text = "The armistice was signed on July 27. Talks resumed in March. Growth slowed in the "
    text += "first quarter. They met on Thursday evening. Prices rose in the summer."
    found = {m.text: resolve(m, PublishedDate.unknown()).value for m in find_timexes(text)}
    assert found == {
        "July 27": "XXXX-07-27",
        "March": "XXXX-03",
        "the first quarter": "XXXX-Q1",
        "Thursday evening": "XXXX-WXX-4TEV",
        "the summer": "XXXX-SU",
    }


def test_the_past_day_is_no_vague_past() -> None:
    """ "over the past day" is the last day, not `PAST_REF` for "the past"."""
    found = tag("Shelling eased over the past day.", OCT_20_2025)
    assert all(r.value != "PAST_REF" for _, r in found)


@pytest.mark.parametrize(
    "text", ["Spring Street was closed.", "The spring was clear and cold.", "Fall Out Boy played."]
)
def test_a_spring_of_water_or_a_name_is_no_season(text: str) -> None:
    assert not [m for m, _ in tag(text, date(2025, 6, 18)) if m.type == "DATE"]


def test_a_games_final_quarter_is_no_quarter_of_the_year() -> None:
    found = [m.text for m, _ in tag("The Lakers scored 30 points in the final quarter.", None)]
    assert found == []


@pytest.mark.parametrize(
    "text",
    [
        "The committee established under resolution 1718 met on Tuesday.",
        "Resolutions 1718, 1874 and 2094 were adopted unanimously.",
        "The 1718 Committee published its report.",
        "He was removed from the 1267 list.",
    ],
)
def test_a_resolutions_number_is_no_year(text: str) -> None:
    years = [m.text for m, _ in tag(text, date(2016, 3, 3)) if m.text[:1].isdigit()]
    assert years == []


def test_a_resolutions_year_in_brackets_and_a_years_list_are_years() -> None:
    text = "Resolution 2231 (2015) endorsed the deal. The 2023 list will be used again in 2029."
    years = [m.text for m, _ in tag(text, date(2016, 3, 3)) if m.text[:1].isdigit()]
    assert years == ["2015", "2023", "2029"]


# fmt: off
STORY_NAMES: list[tuple[Any, ...]] = [
    # "that year" names a year told with a thing ("the 2013 test") or with a month in the
    # sentence before, past months whose year was not told; months listed before "of
    # that year" are that year's
    ("After the 2013 test, Chinese banks froze some accounts, but border trade "
     "rebounded by the end of that year.", date(2016, 3, 3), "the end of that year",
     "2013"),
    ("Their first meeting, in Beijing in March 2018, came weeks before the summit. Kim "
     "returned to China in May and June of that year.", date(2019, 6, 23), "May",
     "2018-05"),
    ("Their first meeting, in Beijing in March 2018, came weeks before the summit. Kim "
     "returned to China in May and June of that year.", date(2019, 6, 23), "that year",
     "2018"),
    ("The team's 2020 season was short, and the lab was closed from March to June of "
     "that year.", date(2021, 8, 22), "March to June", "2020-03-01/2020-06-30"),
    # ... but not a span of years naming a period
    ("Ties soured in 2018 and 2019, after rulings on Japan's 1910-1945 colonial rule. "
     "That year, Japan tightened controls.", date(2026, 1, 14), "That year", "2019"),
    # a day a few days before the story's is of the story, told out of order
    ("The flag was hoisted on April 30, 1975. The campaign, launched on April 26, lasted "
     "five days.", date(2025, 4, 30), "April 26", "1975-04-26"),
    # "the same day" after a backstory told to the month: the lead's day
    ("A national meeting was held in Pyongyang on Monday.\n\nThe President liberated the "
     "country in August 1945.\n\nOn the same day, a banquet was given. Fireworks lit up "
     "the sky at 9 p.m.", date(2019, 4, 16), "the same day", "2019-04-15"),
    ("A national meeting was held in Pyongyang on Monday.\n\nThe President liberated the "
     "country in August 1945.\n\nOn the same day, a banquet was given. Fireworks lit up "
     "the sky at 9 p.m.", date(2019, 4, 16), "9 p.m.", "2019-04-15T21:00"),
    # "that day" of its own sentence's date, however coarse, not a day told before
    ("Shares rose on Tuesday. The companies had released findings in late September, "
     "sending shares up 40% that day.", date(2022, 11, 30), "that day", "2022-09"),
    # a clock time before "the next morning", or a zone before its day
    ("The certificate expired at 23:59 UTC on Dec. 30. Systems began failing shortly "
     "after 6 a.m. Central time the next morning.", date(2026, 1, 14),
     "shortly after 6 a.m. Central time the next morning", "2025-12-31T06:00"),
    ("Agencies must report back by noon Eastern time on Monday.", date(2020, 12, 20),
     "noon Eastern time on Monday", "2020-12-21T12:00"),
    ("The report is due on Friday at noon Eastern time.", date(2016, 8, 11),
     "Friday at noon Eastern time", "2016-08-12T12:00"),
    # a range of bare days in a sentence a year frames is of that year
    ("In 1955, Congress shifted the deadline from March 15 to April 15.", date(2026, 1, 7),
     "March 15 to April 15", "1955-03-15/1955-04-15"),
    # a day's part written after it, as agencies in Asia write it; a month before a Juche year
    ("The ceremony took place in Hanoi on April 30 morning.", date(2025, 4, 30),
     "April 30 morning", "2025-04-30TMO"),
    ("He founded the army in April Juche 21 (1932).", date(2019, 4, 16),
     "April Juche 21 (1932)", "1932-04"),
    # "that year" far from any year told: the year last written, not a weekday's
    ("In the winter of 1951, the snow fell for three days.\n\n\"My dad went out on Monday "
     "morning,\" she said.\n\nKruse was 11 that year.", date(2021, 2, 9), "that year",
     "1951"),
    # years are not counted from a weekday, whose year is only the publication's
    ("The snow began in the winter of 1951, and on Monday afternoon it stopped. Seventy "
     "years later, the storm survives in memories.", date(2021, 2, 9), "Seventy years later",
     "2021-WI"),
    # a day told in a relative clause after the main clause's is no day of what follows
    ("On Saturday, he held talks with Yoon, who took office on May 10. Yoon hosted a state "
     "dinner that night.", date(2022, 5, 24), "that night", "2022-05-21TNI"),
    ("Xi arrived in Hanoi on Sunday afternoon from Da Nang, which hosted the summit on "
     "November 11. His plane landed at 2:45 pm local time.", date(2017, 11, 13),
     "2:45 pm local time", "2017-11-12T14:45"),
    # a year counted from a year naming a thing, when no date of the story is told beside it
    ("Park won the 2012 presidential election. She took office in February the following "
     "year.", date(2017, 3, 10), "the following year", "2013"),
    ("Park won the 2012 presidential election. She took office in February the following "
     "year.", date(2017, 3, 10), "February", "2013-02"),
    ("In 2010, the court struck down parts of a 2006 statute. Four years later, voters held "
     "a poll.", date(2017, 10, 2), "Four years later", "2014"),
    ("Passover begins at sundown on Friday. Christians will mark Good Friday the same day, "
     "and Easter Sunday two days later.", date(2022, 4, 14), "the same day", "2022-04-15"),
    # a weekday listed after "next Tuesday" is the first such day after it
    ("The union called a strike for next Tuesday and Wednesday.", date(2019, 10, 15),
     "Wednesday", "2019-10-23"),
    # "Last Christmas," frames its sentence, as "Last year," does
    ("Last Christmas, a similar programme overran, leaving passengers without trains for "
     "most of Dec. 27.", date(2018, 12, 14), "Dec. 27", "2017-12-27"),
    # a gerund the parse takes for a preposition has its clause's tense
    ("Powell said in June that starting in January he would hold one after every meeting.",
     date(2018, 9, 26), "January", "2019-01"),
    # an itinerary: a part of the day of the future day told in the sentence before; a
    # clock time ending a paragraph takes no day from the next one
    ("Putin will travel to New Delhi on Monday. He will land in the late afternoon and "
     "leave the same night.", date(2021, 12, 5), "late afternoon", "2021-12-06TAF"),
    ("Sterling slumped on Monday.\n\nIt rose to $1.08 by late afternoon.", date(2022, 9, 28),
     "late afternoon", "2022-09-28TAF"),
    ("He will address the nation at about 7:30 p.m.\n\nOn Wednesday, he will meet students.",
     date(2018, 9, 20), "about 7:30 p.m.", "2018-09-20T19:30"),
    # a record's first year is what "that year" names
    ("Since 2013, the government has marked July 27 every year. That year, the president "
     "invited veterans.", date(2023, 7, 27), "That year", "2013"),
    # a period of a written year is of that year
    ("Flights fell 20 percent from the same period of 2019.", date(2022, 9, 28),
     "the same period of 2019", "2019"),
    ("Sales rose in the third quarter from the same quarter of 2019.", date(2021, 10, 28),
     "the same quarter of 2019", "2019-Q3"),
    # a clock time right before "the following day" is a time of that day
    ("The strike will begin at 7am on Wednesday, July 30, and end at 7am the following day.",
     date(2025, 7, 20), "7am the following day", "2025-07-31T07:00"),
    # a week's schedule written as headings runs forward from the first day on or after
    # publication; a recap of last week counts back
    ("Traders face a busy week.\n\nMONDAY: Export inspections at 10 a.m.\n\nTUESDAY: The "
     "crop report at 11 a.m.\n\nFRIDAY: The positions report.", date(2025, 3, 7), "FRIDAY",
     "2025-03-14"),
    ("Traders face a busy week.\n\nMONDAY: Export inspections at 10 a.m.\n\nTUESDAY: The "
     "crop report at 11 a.m.\n\nFRIDAY: The positions report.", date(2025, 3, 7), "11 a.m.",
     "2025-03-11T11:00"),
    ("Last week in the markets.\n\nMONDAY: Stocks fell.\n\nWEDNESDAY: Bonds rallied.",
     date(2025, 3, 8), "WEDNESDAY", "2025-03-05"),
    # a holiday's weekend: on a Monday, the weekend before it; a weekday or weekend told
    # before or after a holiday is counted from the holiday
    ("There were 60 shootings over the Fourth of July weekend.", date(2016, 7, 6),
     "Fourth of July weekend", "2016-W26-WE"),
    ("The record was set on the Sunday after Thanksgiving last year.", date(2019, 11, 27),
     "the Sunday after Thanksgiving last year", "2018-11-25"),
    ("Some counties will offer voting on the weekend before Christmas.", date(2020, 12, 9),
     "the weekend before Christmas", "2020-W51-WE"),
    ("Blocos parade on the weekend after Ash Wednesday.", date(2020, 2, 20),
     "the weekend after Ash Wednesday", "2020-W09-WE"),
    # schedule headings: a pair of days heading one line, a part of the day of the day
    # before it, and "The weekend:" after the days
    ("Here is what to look for.\n\nMONDAY: Output data.\n\nTUESDAY: A report.\n\nWEDNESDAY "
     "AND THURSDAY: Ministers meet.", date(2025, 3, 14), "THURSDAY", "2025-03-20"),
    ("Tuesday: Sunny.\n\nWednesday: Rain.\n\nWednesday night and Thursday: Snow.\n\nFriday: "
     "Flurries.\n\nThe weekend: Cold.", date(2025, 3, 10), "Wednesday night", "2025-03-12TNI"),
    ("Tuesday: Sunny.\n\nWednesday: Rain.\n\nWednesday night and Thursday: Snow.\n\nFriday: "
     "Flurries.\n\nThe weekend: Cold.", date(2025, 3, 10), "The weekend", "2025-W11-WE"),
]
# fmt: on


@pytest.mark.parametrize(("text", "dct", "expr", "value"), STORY_NAMES)
def test_the_year_and_day_a_story_names(text: str, dct: date, expr: str, value: str) -> None:
    _, r = _find(text, dct, expr)
    assert r.value == value
