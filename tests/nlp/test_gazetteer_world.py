"""The world gazetteer: every country, the G20's and other leaders' dated offices, international
organisations and news outlets, and the rules the data must keep (written independently of the
data files, so that they check them)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

import pytest

from nkviewer.nlp.gazetteer import KOREAN, Gazetteer, bundled_paths, load_gazetteer

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


# The 193 UN member states, by the short name the gazetteer uses.
UN_MEMBERS = """
Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|Austria
Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia
Bosnia and Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cape Verde|Cambodia
Cameroon|Canada|Central African Republic|Chad|Chile|China|Colombia|Comoros|Republic of the Congo
Costa Rica|Ivory Coast|Croatia|Cuba|Cyprus|Czech Republic|North Korea
Democratic Republic of the Congo|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador|Egypt
El Salvador|Equatorial Guinea|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia
Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary
Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|Kenya
Kiribati|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania
Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|Mauritius
Mexico|Micronesia|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nauru|Nepal
Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Macedonia|Norway|Oman|Pakistan|Palau|Panama
Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|South Korea|Moldova|Romania|Russia
Rwanda|Saint Kitts and Nevis|Saint Lucia|Saint Vincent and the Grenadines|Samoa|San Marino
São Tomé and Príncipe|Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia
Slovenia|Solomon Islands|Somalia|South Africa|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden
Switzerland|Syria|Tajikistan|Thailand|East Timor|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey
Turkmenistan|Tuvalu|Uganda|Ukraine|United Arab Emirates|United Kingdom|Tanzania|United States
Uruguay|Uzbekistan|Vanuatu|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe
"""
MEMBERS = [m.strip() for line in UN_MEMBERS.strip().splitlines() for m in line.split("|")]
OTHERS = ["Taiwan", "Palestine", "Kosovo", "Vatican City"]


def test_the_bundled_files_load_as_one_gazetteer(gaz: Gazetteer) -> None:
    names = [p.name for p in bundled_paths()]
    assert names[0] == "gazetteer.toml"
    assert {"gazetteer-countries.toml", "gazetteer-leaders.toml", "gazetteer-world.toml"} <= set(
        names
    )
    assert tuple(bundled_paths()) == gaz.paths
    kinds: dict[str, int] = {}
    for e in gaz.entries.values():
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    assert kinds["country"] >= 197
    assert kinds["person"] >= 700
    assert kinds["organisation"] >= 200
    assert len(gaz.roles) >= 150


def test_every_un_member_and_the_usual_others_is_a_country(gaz: Gazetteer) -> None:
    assert len(MEMBERS) == len(set(MEMBERS)) == 193
    for name in MEMBERS + OTHERS:
        e = gaz.entries.get(name)
        assert e is not None and e.kind == "country", name
        assert e.country == name, name  # its own side: its own lane


#: Countries without a demonym of their own ("Dominican" is the Dominican Republic's,
#: "Congolese" the DR Congo's, "Central African" mostly the region).
NO_DEMONYM = {"Dominica", "Republic of the Congo", "Central African Republic", "Vatican City"}


def test_every_country_has_a_demonym_of_its_own(gaz: Gazetteer) -> None:
    owners: dict[str, str] = {}
    for e in gaz.entries.values():
        if e.kind != "country":
            continue
        if e.name not in NO_DEMONYM and e.country == e.name:
            assert e.demonyms, e.name
        for d in e.demonyms:
            assert owners.setdefault(d, e.name) == e.name, f"{d}: {owners[d]} and {e.name}"


#: Countries whose capital is left out: ambiguous names (Santiago, Sofia, Victoria, Kingston,
#: Georgetown, San José, St. John's, St. George's), city states named like the country, Nauru
#: (no capital), Brussels (mostly the EU), Jerusalem (disputed) and Ramallah.
NO_CAPITAL = {
    "Antigua and Barbuda", "Belgium", "Bulgaria", "Chile", "Costa Rica", "Djibouti", "Grenada",
    "Guyana", "Israel", "Jamaica", "Luxembourg", "Monaco", "Nauru", "Palestine", "San Marino",
    "Seychelles", "Singapore", "São Tomé and Príncipe", "Vatican City",
}  # fmt: skip


def test_capitals_stand_for_their_countries(gaz: Gazetteer) -> None:
    with_capital = set(gaz.capital_of.values())
    missing = {m for m in MEMBERS + OTHERS if m not in with_capital}
    assert missing == NO_CAPITAL
    assert gaz.capital_of["Paris"] == "France"
    assert gaz.capital_of["Kyiv"] == "Ukraine" and gaz.forms["Kiev"] == "Kyiv"
    assert gaz.capital_of["Abu Dhabi"] == "United Arab Emirates"
    assert "Brussels" not in gaz.capital_of  # mostly the EU, which is no country
    assert "Jerusalem" not in gaz.capital_of  # disputed


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Kremlin", "Russia"),
        ("White House", "United States"),
        ("Cheong Wa Dae", "South Korea"),
        ("Downing Street", "United Kingdom"),
        ("Élysée Palace", "France"),
        ("Zhongnanhai", "China"),
    ],
)
def test_seats_of_government_are_places_standing_for_the_state(
    gaz: Gazetteer, name: str, country: str
) -> None:
    e = gaz.entries[name]
    assert (e.kind, e.label, e.capital_of, e.country) == ("place", "GPE", country, country)


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("EU", "European Union"),
        ("E.U.", "European Union"),
        ("the EU", "European Union"),
        ("U.N.", "United Nations"),
        ("UN", "United Nations"),
        ("UNSC", "UN Security Council"),
        ("UNGA", "UN General Assembly"),
        ("NATO", "NATO"),
        ("Nato", "NATO"),
        ("North Atlantic Treaty Organization", "NATO"),
        ("Britain", "United Kingdom"),
        ("UK", "United Kingdom"),
        ("U.K.", "United Kingdom"),
        ("the Kremlin", "Kremlin"),
        ("the White House", "White House"),
        ("the Blue House", "Cheong Wa Dae"),
        ("Elysee", "Élysée Palace"),
        ("UAE", "United Arab Emirates"),
        ("U.A.E.", "United Arab Emirates"),
        ("Türkiye", "Turkey"),
        ("Czechia", "Czech Republic"),
        ("Burma", "Myanmar"),
        ("Côte d'Ivoire", "Ivory Coast"),
        ("DRC", "Democratic Republic of the Congo"),
        ("The Netherlands", "Netherlands"),
        ("Swaziland", "Eswatini"),
        ("Timor-Leste", "East Timor"),
        ("GCC", "Gulf Cooperation Council"),
        ("IMF", "International Monetary Fund"),
        ("WHO", "World Health Organization"),
        ("G-7", "G7"),
        ("Group of 20", "G20"),
        ("COP 21", "COP21"),
        ("Cop26", "COP26"),
        ("AFP", "Agence France-Presse"),
        ("AP", "Associated Press"),
        ("The Associated Press", "Associated Press"),
        ("dpa", "Deutsche Presse-Agentur"),
        ("Kiev", "Kyiv"),
        ("Binyamin Netanyahu", "Benjamin Netanyahu"),
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
        ("Mohammed bin Zayed", "Mohamed bin Zayed Al Nahyan"),
        ("MBS", "Mohammed bin Salman"),
        ("Lula", "Luiz Inácio Lula da Silva"),
        ("AMLO", "Andrés Manuel López Obrador"),
        ("Jokowi", "Joko Widodo"),
        ("Gerhard Schroeder", "Gerhard Schröder"),
        ("Dmitri Medvedev", "Dmitry Medvedev"),  # generated given-name variant
        ("Roh Moo Hyun", "Roh Moo-hyun"),  # generated Korean variant
        ("Ayatollah Ali Khamenei", "Ali Khamenei"),
    ],
)
def test_short_forms_and_spellings_resolve_to_canonical_names(
    gaz: Gazetteer, spelling: str, canonical: str
) -> None:
    assert gaz.forms[spelling] == canonical


@pytest.mark.parametrize(
    ("demonym", "country"),
    [
        ("Israeli", "Israel"),
        ("Israelis", "Israel"),
        ("Emirati", "United Arab Emirates"),
        ("Bahraini", "Bahrain"),
        ("Moroccan", "Morocco"),
        ("Nigerien", "Niger"),
        ("Nigerian", "Nigeria"),
        ("Filipino", "Philippines"),
        ("Dutch", "Netherlands"),
        ("Britons", "United Kingdom"),
        ("Saudi", "Saudi Arabia"),
        ("South Sudanese", "South Sudan"),
    ],
)
def test_demonyms(gaz: Gazetteer, demonym: str, country: str) -> None:
    assert gaz.demonym_country[demonym] == country


# (country, title, day, holder): written from the record, not from the data files.
DATED = [
    ("United States", "president", date(2000, 6, 1), "Bill Clinton"),
    ("United States", "secretary of state", date(2003, 3, 20), "Colin Powell"),
    ("United States", "secretary of state", date(2025, 6, 1), "Marco Rubio"),
    ("United Kingdom", "prime minister", date(2003, 3, 20), "Tony Blair"),
    ("United Kingdom", "prime minister", date(2019, 1, 15), "Theresa May"),
    ("United Kingdom", "prime minister", date(2022, 10, 1), "Liz Truss"),
    ("United Kingdom", "foreign secretary", date(2017, 1, 1), "Boris Johnson"),
    ("United Kingdom", "king", date(2023, 5, 6), "Charles III"),
    ("United Kingdom", "queen", date(2012, 6, 4), "Elizabeth II"),
    ("France", "president", date(2010, 1, 1), "Nicolas Sarkozy"),
    ("France", "president", date(2015, 11, 13), "François Hollande"),
    ("France", "prime minister", date(2024, 10, 1), "Michel Barnier"),
    ("Germany", "chancellor", date(2004, 1, 1), "Gerhard Schröder"),
    ("Germany", "chancellor", date(2015, 9, 1), "Angela Merkel"),
    ("Germany", "chancellor", date(2023, 1, 1), "Olaf Scholz"),
    ("Germany", "foreign minister", date(2022, 2, 24), "Annalena Baerbock"),
    ("Italy", "prime minister", date(2009, 4, 6), "Silvio Berlusconi"),
    ("Italy", "prime minister", date(2021, 6, 1), "Mario Draghi"),
    ("Canada", "prime minister", date(2018, 6, 8), "Justin Trudeau"),
    ("Japan", "prime minister", date(2005, 9, 11), "Junichiro Koizumi"),
    ("Japan", "prime minister", date(2011, 3, 11), "Naoto Kan"),
    ("Japan", "emperor", date(2019, 10, 22), "Naruhito"),
    ("Australia", "prime minister", date(2010, 6, 23), "Kevin Rudd"),
    ("Australia", "prime minister", date(2010, 6, 25), "Julia Gillard"),
    ("India", "prime minister", date(2008, 11, 26), "Manmohan Singh"),
    ("India", "prime minister", date(2019, 8, 5), "Narendra Modi"),
    ("Indonesia", "president", date(2003, 1, 1), "Megawati Sukarnoputri"),
    ("Indonesia", "president", date(2004, 12, 26), "Susilo Bambang Yudhoyono"),
    ("Indonesia", "president", date(2018, 8, 1), "Joko Widodo"),
    ("Brazil", "president", date(2020, 3, 1), "Jair Bolsonaro"),
    ("Argentina", "president", date(2012, 4, 16), "Cristina Fernández de Kirchner"),
    ("Mexico", "president", date(2020, 1, 1), "Andrés Manuel López Obrador"),
    ("South Africa", "president", date(2010, 6, 11), "Jacob Zuma"),
    ("Saudi Arabia", "king", date(2010, 1, 1), "Abdullah bin Abdulaziz"),
    ("Saudi Arabia", "crown prince", date(2018, 10, 2), "Mohammed bin Salman"),
    ("Turkey", "president", date(2016, 7, 15), "Recep Tayyip Erdogan"),
    ("Turkey", "prime minister", date(2010, 1, 1), "Recep Tayyip Erdogan"),
    ("Russia", "prime minister", date(2005, 1, 1), "Mikhail Fradkov"),
    ("China", "president", date(2001, 9, 11), "Jiang Zemin"),
    ("China", "premier", date(2001, 12, 11), "Zhu Rongji"),
    ("South Korea", "president", date(2000, 6, 13), "Kim Dae-jung"),
    ("North Korea", "premier", date(2008, 1, 1), "Kim Yong-il"),
    ("Israel", "prime minister", date(2005, 8, 15), "Ariel Sharon"),
    ("Israel", "prime minister", date(2021, 12, 1), "Naftali Bennett"),
    ("Israel", "prime minister", date(2023, 10, 7), "Benjamin Netanyahu"),
    ("Iran", "president", date(2009, 6, 12), "Mahmoud Ahmadinejad"),
    ("Iran", "supreme leader", date(2015, 7, 14), "Ali Khamenei"),
    ("Iran", "supreme leader", date(2026, 4, 1), "Mojtaba Khamenei"),
    ("Iran", "foreign minister", date(2015, 7, 14), "Mohammad Javad Zarif"),
    ("Egypt", "president", date(2012, 12, 1), "Mohamed Morsi"),
    ("Egypt", "president", date(2011, 1, 25), "Hosni Mubarak"),
    ("United Arab Emirates", "president", date(2023, 12, 1), "Mohamed bin Zayed Al Nahyan"),
    ("Qatar", "emir", date(2017, 6, 5), "Tamim bin Hamad Al Thani"),
    ("Jordan", "king", date(2005, 1, 1), "Abdullah II"),
    ("Syria", "president", date(2011, 3, 15), "Bashar al-Assad"),
    ("Iraq", "prime minister", date(2010, 1, 1), "Nouri al-Maliki"),
    ("Ukraine", "president", date(2014, 1, 1), "Viktor Yanukovych"),
    ("Ukraine", "president", date(2022, 2, 24), "Volodymyr Zelensky"),
    ("Ukraine", "foreign minister", date(2022, 2, 24), "Dmytro Kuleba"),
    ("Pakistan", "president", date(2005, 1, 1), "Pervez Musharraf"),
    ("Pakistan", "prime minister", date(2020, 1, 1), "Imran Khan"),
    ("Afghanistan", "president", date(2010, 1, 1), "Hamid Karzai"),
    ("Spain", "prime minister", date(2008, 1, 1), "José Luis Rodríguez Zapatero"),
    ("Spain", "king", date(2015, 1, 1), "Felipe VI"),
    ("Netherlands", "prime minister", date(2014, 7, 17), "Mark Rutte"),
    ("Poland", "prime minister", date(2010, 4, 10), "Donald Tusk"),
    ("Poland", "president", date(2020, 1, 1), "Andrzej Duda"),
    ("Sweden", "prime minister", date(2010, 1, 1), "Fredrik Reinfeldt"),
    ("Norway", "prime minister", date(2011, 7, 22), "Jens Stoltenberg"),
    ("Switzerland", "president", date(2018, 6, 1), "Alain Berset"),
    ("Vietnam", "general secretary", date(2019, 2, 27), "Nguyen Phu Trong"),
    ("Philippines", "president", date(2017, 1, 1), "Rodrigo Duterte"),
    ("Thailand", "prime minister", date(2012, 1, 1), "Yingluck Shinawatra"),
    ("Singapore", "prime minister", date(2018, 6, 12), "Lee Hsien Loong"),
    ("Malaysia", "prime minister", date(2019, 1, 1), "Mahathir Mohamad"),
    ("Nigeria", "president", date(2016, 1, 1), "Muhammadu Buhari"),
    ("Ethiopia", "prime minister", date(2019, 10, 11), "Abiy Ahmed"),
    ("Kenya", "president", date(2008, 1, 1), "Mwai Kibaki"),
    ("Venezuela", "president", date(2010, 1, 1), "Hugo Chávez"),
    ("Cuba", "president", date(2015, 7, 20), "Raúl Castro"),
    ("Taiwan", "president", date(2020, 1, 11), "Tsai Ing-wen"),
    ("Belarus", "president", date(2020, 8, 9), "Alexander Lukashenko"),
    ("Venezuela", "president", date(2026, 2, 1), "Delcy Rodríguez"),
    ("South Korea", "foreign minister", date(2025, 10, 1), "Cho Hyun"),
]


@pytest.mark.parametrize(("country", "title", "day", "holder"), DATED)
def test_dated_roles(gaz: Gazetteer, country: str, title: str, day: date, holder: str) -> None:
    roles = [r for r in gaz.roles if r.country == country and title in r.titles]
    assert len(roles) == 1, (country, title)  # one office per description
    assert roles[0].holder(day) == holder


def test_nobody_holds_an_office_on_days_it_was_vacant(gaz: Gazetteer) -> None:
    def holder(country: str, title: str, day: date) -> str:
        return next(r for r in gaz.roles if r.country == country and title in r.titles).holder(day)

    assert holder("Turkey", "prime minister", date(2019, 1, 1)) == ""  # office abolished 2018
    assert holder("Iran", "president", date(2024, 6, 1)) == ""  # between Raisi and Pezeshkian
    assert holder("Afghanistan", "president", date(2022, 1, 1)) == ""  # the Taliban's rule
    assert holder("Afghanistan", "leader", date(2022, 1, 1)) == "Hibatullah Akhundzada"


def test_role_phrases_cover_world_descriptions(gaz: Gazetteer) -> None:
    phrases = {p for p, _ in gaz.role_phrases()}
    for p in (
        "british prime minister",
        "uk prime minister",
        "britain's foreign secretary",
        "german chancellor",
        "israeli prime minister",
        "iranian supreme leader",
        "president of france",
        "saudi crown prince",
        "uae president",
        "emirati president",
        "indian prime minister",
        "japanese emperor",
        "qatar's emir",
    ):
        assert p in phrases, p


#: Role holders whose birth date is not public.
BIRTH_UNKNOWN = {
    "Ri Son-gwon", "Kim Jae-ryong", "Pak Thae-song", "Cho Hyun", "Hibatullah Akhundzada",
}  # fmt: skip


def test_every_role_holder_has_a_birth_and_was_alive_in_office(gaz: Gazetteer) -> None:
    one_day = timedelta(days=1)
    for role in gaz.roles:
        for h in role.holders:
            person = gaz.entries[h.name]
            if person.born is None:
                assert h.name in BIRTH_UNKNOWN, f"{h.name} has no `born`"
                continue
            assert person.born < h.start, f"{h.name} in office before birth ({role.country})"
            if person.died is not None:
                assert h.start <= person.died, f"{h.name} in office after death ({role.country})"
                assert h.end is not None, f"{h.name} died but holds {role.titles[0]} still"
                assert h.end <= person.died + one_day, f"{h.name}: term ends after death"
            assert h.start - person.born > timedelta(days=365 * 17), f"{h.name} too young"


def test_terms_of_one_office_do_not_overlap(gaz: Gazetteer) -> None:
    for role in gaz.roles:
        terms = sorted(role.holders, key=lambda h: h.start)
        for a, b in pairwise(terms):
            assert a.end is not None and a.end <= b.start, (role.country, role.titles, a, b)


#: Heads of government whose office is no leadership of the country: North Korea's premiers
#: (and "leader" must keep meaning Kim Jong-un among several Kims).
NOT_LEADERS = {"Hong Song-nam", "Pak Pong-ju", "Kim Yong-il", "Choe Yong-rim", "Kim Jae-ryong",
               "Kim Tok-hun", "Pak Thae-song"}  # fmt: skip
HEAD_TITLES = {"president", "prime minister", "chancellor", "king", "emir", "supreme leader"}


def test_heads_of_state_and_government_are_leaders(gaz: Gazetteer) -> None:
    for role in gaz.roles:
        if not HEAD_TITLES & set(role.titles):
            continue
        for h in role.holders:
            if h.name not in NOT_LEADERS and h.start >= date(1995, 1, 1):
                assert gaz.entries[h.name].leader, (h.name, role.country, role.titles)


def test_no_korean_person_has_a_bare_surname_alias(gaz: Gazetteer) -> None:
    for e in gaz.entries.values():
        if e.kind == "person" and e.country in KOREAN:
            assert all(len(f.split()) >= 2 for f in e.forms), e.name


def test_surnames_that_are_common_words_are_not_resolved_alone(gaz: Gazetteer) -> None:
    assert gaz.entries["Theresa May"].surname != "May"  # the month
    for name in ("Charles III", "Elizabeth II", "Abdullah II", "Mohammed VI", "Felipe VI"):
        assert " " in gaz.entries[name].surname, name  # never one word: never matched alone
    assert gaz.entries["Mohammed bin Salman"].surname != "Salman"  # that is King Salman
    assert gaz.entries["Tsai Ing-wen"].surname == "Tsai"  # family name first
    assert gaz.entries["Thaksin Shinawatra"].surname == "Thaksin"  # called by given name


NEWS = [
    "Reuters", "Associated Press", "Agence France-Presse", "Xinhua", "TASS", "RIA Novosti",
    "Sputnik", "Interfax", "Korean Central News Agency", "Yonhap", "Kyodo News", "Jiji Press",
    "Deutsche Presse-Agentur", "ANSA", "EFE", "Press Trust of India",
    "Associated Press of Pakistan", "Anadolu Agency", "Emirates News Agency", "IRNA", "Bernama",
    "Antara", "Polish Press Agency",
    "Ukrinform", "UNIAN", "Bloomberg", "BBC", "CNN", "Fox News", "Al Jazeera",
    "The New York Times", "The Washington Post", "The Wall Street Journal", "Financial Times",
    "The Guardian", "Global Times", "People's Daily", "China Daily", "CGTN",
    "China Central Television", "Rodong Sinmun", "NHK", "KBS", "Le Monde", "Der Spiegel",
    "Voice of America", "Korean Central Television",
]  # fmt: skip


def test_news_outlets_are_flagged(gaz: Gazetteer) -> None:
    for name in NEWS:
        e = gaz.entries[name]
        assert (e.kind, e.news) == ("organisation", True), name
    assert gaz.forms["CCTV"] == "China Central Television"
    assert not gaz.entries["European Union"].news
    assert all(e.kind == "organisation" for e in gaz.entries.values() if e.news)


@pytest.mark.parametrize(
    "name",
    ["United Nations", "European Union", "European Commission", "European Council",
     "European Parliament", "NATO", "ASEAN", "African Union", "Arab League",
     "Gulf Cooperation Council", "OPEC", "World Trade Organization", "International Monetary Fund",
     "World Bank", "World Health Organization", "International Atomic Energy Agency", "UNESCO",
     "UNICEF", "UNHCR", "OSCE", "Council of Europe", "G7", "G20", "BRICS",
     "Shanghai Cooperation Organisation", "APEC", "OECD", "International Criminal Court",
     "International Court of Justice", "UNFCCC", "COP1", "COP29", "IPCC", "Interpol"],
)  # fmt: skip
def test_international_organisations_have_no_side(gaz: Gazetteer, name: str) -> None:
    e = gaz.entries[name]
    assert (e.kind, e.country, e.news) == ("organisation", "", False)


#: Capitalised common English words: no entry may be spelled like one (they start sentences).
def _words(text: str) -> list[str]:
    return text.split()


COMMON_WORDS = _words(
    """
A About After Again Against All Also An And Any Are As At Back Be Because Been Before Being Best
Between Both But By Can Come Could Day Did Do Down Each Even First For From Get Give Go Good Great
Had Has Have He Her Here High His How If In Into Is It Its Just Know Last Like Long Make Man Many
May Me More Most Much Must My New No Not Now Of Off Old On One Only Or Other Our Out Over People
Said Same See She Should So Some Still Such Take Than That The Their Them Then There These They
This Those Through Time To Two Under Up Us Use Very Was Way We Well Were What When Where Which
While Who Will With Would Year You Your Today Monday Tuesday Wednesday Thursday Friday Saturday
Sunday January February March April June July August September October November December Spring
Summer Autumn Winter North South East West Center Centre Union Council Court Bank Party State
States Kingdom Republic Congress Parliament Assembly Government President Minister King Queen
Prince Emperor Leader Army Navy Police News Times Post Press Daily Today Radio Television Mail
Sun Star Mirror Independent Nation World Globe Herald Guardian Observer Express Journal Chronicle
Tribune Record Telegraph Standard Reporter Agency Office House Palace Hall Street Square Park
Gulf Coast Island Islands Bay River Sea Ocean Lake Mountain Valley Capital City Town Village
Peace War Trade Energy Oil Gas Gold Silver Turkey China Chile Jordan Chad Georgia Guinea Niger
Mali Togo Peru Panama Cuba Dominica Congo Victoria Male Sofia Santiago Kingston Georgetown
"""
)
ALLOWED = {"Turkey", "China", "Chile", "Jordan", "Chad", "Georgia", "Guinea", "Niger", "Mali",
           "Togo", "Peru", "Panama", "Cuba", "Dominica"}  # fmt: skip


def test_no_spelling_is_a_common_word(gaz: Gazetteer) -> None:
    common = {w for w in COMMON_WORDS if w not in ALLOWED}
    common |= {w.upper() for w in common if len(w) > 2} | {w.lower() for w in common}
    common -= {"WHO", "US"}  # the World Health Organization, the United States: kept on purpose
    bad = sorted(f for f, owner in gaz.forms.items() if f in common)
    assert not bad, bad
    assert not [d for d in gaz.demonym_country if d in common]
    for name in ("Congo", "Victoria", "Santiago", "Sofia", "Emirates", "Male", "Holland"):
        assert name not in gaz.forms, name


def test_country_names_that_are_common_words_get_no_further_aliases(gaz: Gazetteer) -> None:
    for name in ("Jordan", "Chad", "Georgia", "Niger", "Mali", "Togo", "Peru", "Panama", "Chile"):
        extra = [f for f in gaz.entries[name].forms if f != name and len(f.split()) == 1]
        assert not extra, (name, extra)


def test_the_files_keep_one_line_entries_valid(gaz: Gazetteer) -> None:
    """Every entity of the world files is one line, so a diff shows one entry per line."""
    for path in bundled_paths()[1:]:
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.startswith("{ name = "):
                assert re.fullmatch(r"\{ name = .* \},", line), line


# --------------------------------------------------------------------------- in the pipeline


@pytest.fixture(scope="module")
def nlp() -> Language:
    from nkviewer.nlp.model import load_pipeline
    from nkviewer.nlp.parse import configure_pipeline

    return configure_pipeline(load_pipeline())


def _parse(nlp: Language, text: str, day: date):  # type: ignore[no-untyped-def]
    from nkviewer.ingest.document import Document, PublishedDate
    from nkviewer.nlp.parse import parse_document

    doc = Document("w1", "/tmp/w1.txt", text, published=PublishedDate.day(day, "manifest"))
    return parse_document(doc, nlp)


def _at(parsed, needle: str):  # type: ignore[no-untyped-def]
    pos = parsed.document.text.index(needle)
    found = [e for e in parsed.entities if e.start == pos]
    assert found, (needle, [(e.text, e.start) for e in parsed.entities])
    return found[0]


@pytest.mark.model
def test_world_descriptions_and_seats_of_government_resolve(nlp: Language) -> None:
    text = (
        "The British prime minister met the German chancellor in Brussels on Monday. "
        "The Kremlin rejected the proposal, and the Élysée said talks would go on. "
        "Reuters reported that the UAE and Bahrain had joined."
    )
    p = _parse(nlp, text, date(2015, 3, 2))
    assert _at(p, "The British prime minister").canonical == "David Cameron"
    assert _at(p, "the German chancellor").canonical == "Angela Merkel"
    kremlin = _at(p, "Kremlin")
    assert (kremlin.canonical, kremlin.kind) == ("Russia", "country")
    assert _at(p, "the Élysée").canonical == "France"
    reuters = _at(p, "Reuters")
    assert (reuters.canonical, reuters.kind) == ("Reuters", "organisation")
    assert _at(p, "the UAE").canonical == "United Arab Emirates"
    assert _at(p, "Brussels").canonical == "Brussels"  # a place, not a government


@pytest.mark.model
def test_the_same_description_names_the_holder_of_the_day(nlp: Language) -> None:
    text = "The Israeli prime minister spoke to the Indian prime minister."
    early = _parse(nlp, text, date(2005, 6, 1))
    late = _parse(nlp, text, date(2022, 9, 1))
    assert _at(early, "The Israeli prime minister").canonical == "Ariel Sharon"
    assert _at(early, "the Indian prime minister").canonical == "Manmohan Singh"
    assert _at(late, "The Israeli prime minister").canonical == "Yair Lapid"
    assert _at(late, "the Indian prime minister").canonical == "Narendra Modi"


@pytest.mark.model
def test_a_month_is_not_theresa_may(nlp: Language) -> None:
    text = "British Prime Minister Theresa May visited Berlin. In May, Britain voted."
    p = _parse(nlp, text, date(2017, 6, 1))
    month = p.document.text.index("May, Britain")
    assert not any(e.start == month and e.kind == "person" for e in p.entities)
