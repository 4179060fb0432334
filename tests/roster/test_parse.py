"""Reading HR exports: encodings, delimiters, headers and row shapes."""

from datetime import date

import pytest

from ambassador.roster.parse import FileError, parse

HEADER = "Email,Name,Office,Role,Language,Employee ID,Start date\n"


def test_utf8_with_bom_and_semicolons():
    data = "\ufeffE-mail;NAME;office\nasa@example.com;Åsa Öberg;Stockholm\n".encode()
    parsed = parse(data)
    assert parsed.encoding == "UTF-8" and parsed.delimiter == ";"
    assert parsed.rows[0].name == "Åsa Öberg" and parsed.rows[0].line == 2


def test_windows_1252_is_detected():
    data = "email,name,office\nasa@example.com,Åsa Öberg,Malmö\n".encode("cp1252")
    parsed = parse(data)
    assert parsed.encoding == "Windows-1252"
    assert parsed.rows[0].name == "Åsa Öberg" and parsed.rows[0].office == "Malmö"


def test_utf16_is_refused_clearly():
    with pytest.raises(FileError) as error:
        parse("email,name,office\n".encode("utf-16"))
    assert "CSV UTF-8" in str(error.value.message)


def test_bytes_that_are_neither_encoding_are_refused():
    with pytest.raises(FileError) as error:
        parse(b"email,name,office\nx@example.com,\x81\x8d,Oslo\n")
    assert "neither UTF-8 nor Windows-1252" in str(error.value.message)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"name,office\nA,B\n", "Missing column(s): email"),
        (b"email,name\na@example.com,A\n", "Missing column(s): office"),
        (b"email,email,name,office\n", "appears twice"),
    ],
)
def test_whole_file_problems(data, reason):
    with pytest.raises(FileError) as error:
        parse(data)
    assert reason in str(error.value.message)


def test_every_bad_row_is_named_with_its_line():
    data = (
        HEADER
        + "good@example.com,Good,Oslo,,,,\n"
        + "not-an-email,Bad,Oslo,,,,\n"
        + ",No email,Oslo,,,,\n"
        + "date@example.com,Date,Oslo,,,,31/12/2024\n"
        + "short@example.com,Short\n"
        + "\n"
        + "later@example.com,Later,Oslo,,,,2024-02-29\n"
    ).encode()
    parsed = parse(data)
    assert [(e.line, str(e.message)) for e in parsed.errors] == [
        (3, "“not-an-email” is not a valid email address."),
        (4, "The email is missing."),
        (5, "“31/12/2024” is not a date; write it as YYYY-MM-DD."),
        (6, "This line has 2 fields; the header has 7."),
    ]
    assert [r.line for r in parsed.rows] == [2, 8]
    assert parsed.rows[1].start_date == date(2024, 2, 29)


def test_a_quoted_field_may_hold_a_comma():
    data = b'email,name,office\n"a@example.com","Berg, Anna",Oslo\nb@example.com,B,Oslo\n'
    parsed = parse(data)
    assert parsed.rows[0].name == "Berg, Anna"
    assert parsed.rows[1].line == 3


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ('a@example.com,"Anna\nBerg",Oslo,', "name"),
        ("a@example.com,Anna\tBerg,Oslo,", "name"),
        ("a@example.com,Anna\u2028Berg,Oslo,", "name"),
        ("a@example.com,Anna \u202eBerg,Oslo,", "name"),
        ("a@example.com,Anna\x1bBerg,Oslo,", "name"),
        ('a@example.com,Anna,"Os\r\nlo",', "office"),
        ("a@example.com,Anna,Oslo,E\x0712", "employee id"),
    ],
)
def test_a_name_with_a_line_break_or_control_character_is_refused_on_its_line(row, column):
    parsed = parse(f"email,name,office,employee id\n{row}\nb@example.com,B,Oslo,\n".encode())
    assert [(e.line, str(e.message)) for e in parsed.errors] == [
        (2, f"The {column} has a line break, a tab or another control character; write it on one line.")
    ]
    assert [r.email for r in parsed.rows] == ["b@example.com"]


def test_names_in_every_script_are_one_line_text():
    parsed = parse("email,name,office\na@example.com,Ali\u200cReza Øberg-李,Oslo\n".encode())
    assert parsed.errors == [] and parsed.rows[0].name == "Ali\u200cReza Øberg-李"


def test_email_is_lowercased_and_values_trimmed():
    parsed = parse(b"email,name,office,role\n  Anna@Example.COM , Anna ,Oslo, Ambassador \n")
    row = parsed.rows[0]
    assert (row.email, row.name, row.role) == ("anna@example.com", "Anna", "ambassador")


def test_a_nul_byte_anywhere_is_refused():
    data = b"email,name,office\n" + b"a@example.com,A,Oslo\n" * 400 + b"b@example.com,B\x00,Oslo\n"
    with pytest.raises(FileError):
        parse(data)


def test_an_implausible_start_date_is_refused():
    parsed = parse(
        b"email,name,office,start date\na@example.com,A,Oslo,9999-12-31\nb@example.com,B,Oslo,1900-01-01\n"
    )
    assert [e.line for e in parsed.errors] == [2, 3]
    assert "not plausible" in str(parsed.errors[0].message)


@pytest.mark.parametrize(
    "value", ["20240101", "2024-W01-1", "2024-W01", "2024-001", "2024-1-5", "２０２４-01-01"]
)
def test_a_start_date_is_written_exactly_yyyy_mm_dd(value):
    parsed = parse(f"email,name,office,start date\na@example.com,A,Oslo,{value}\n".encode())
    assert [str(e.message) for e in parsed.errors] == [f"“{value}” is not a date; write it as YYYY-MM-DD."]
