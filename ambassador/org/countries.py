"""Countries: one rule for every country picker and every country a form, file or service accepts.

A country is an ISO 3166-1 alpha-2 code: the 249 codes ISO has assigned, plus XK for Kosovo.

- Babel's (CLDR's) territory list is wider and is not used as the rule: it also holds groupings
  (EU European Union, EZ Eurozone, UN United Nations, QO Outlying Oceania), pseudo-locales (XA
  Pseudo-Accents, XB Pseudo-Bidi), ZZ Unknown Region, and codes ISO only reserves for parts of
  countries (AC Ascension, CP Clipperton, CQ Sark, DG Diego Garcia, EA Ceuta and Melilla, IC Canary
  Islands, TA Tristan da Cunha), whose people are covered by SH, FR, GG, IO and ES.
- XK is user-assigned in ISO 3166-1, but the European Commission, the IMF, SWIFT and CLDR use it
  for Kosovo, where telecoms have offices and staff; leaving it out would make such an office
  impossible to enter, so it is accepted.
- Babel only names the countries; the list is written out here so that a new CLDR release cannot
  quietly add a non-country to the pickers.
"""

from flask_babel import get_locale

ISO_3166_1 = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
    BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
    ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
    HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
    LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
    NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG
    SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
    UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split()
)
COUNTRIES = ISO_3166_1 | {"XK"}


def is_country(code) -> bool:
    """True for a country code as stored (two capital letters from the list above)."""
    return isinstance(code, str) and code in COUNTRIES


def country_choices() -> list[tuple[str, str]]:
    """Every country with its name in the current language, sorted by name (for pickers)."""
    names = get_locale().territories
    return sorted(((code, names.get(code, code)) for code in COUNTRIES), key=lambda pair: pair[1])
