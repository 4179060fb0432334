"""Finding a person in free text: whole words, any case, as HTML and JSON write them."""

import json

from markupsafe import escape

from ambassador.personal import Erasure, Mentions

ANN = Erasure(person_id=7, email="ann.oberg@example.com", names=("Ann O'Berg", "Ann Åberg"))
SEVEN = "erased-7"


def test_a_mention_is_replaced_in_any_case_but_only_as_a_whole_word():
    mentions = Mentions([ANN])
    text = "ANN O'BERG asked ann.oberg@example.com; Ann O'Bergström and xann.oberg@example.com did not."
    assert (
        mentions.scrub(text) == f"{SEVEN} asked {SEVEN}; Ann O'Bergström and xann.oberg@example.com did not."
    )


def test_html_and_json_forms_of_a_name_are_found():
    mentions = Mentions([ANN])
    assert mentions.scrub(f"<p>Hello {escape(ANN.names[0])},</p>") == f"<p>Hello {SEVEN},</p>"
    assert mentions.scrub(json.dumps({"name": "Ann Åberg"})) == json.dumps({"name": SEVEN})
    assert mentions.scrub_json({"rows": [["ann åberg", 3]]}) == {"rows": [[SEVEN, 3]]}


def test_a_text_whose_lower_case_is_longer_is_still_scrubbed():
    mentions = Mentions([ANN])
    text = "İstanbul office: Ann Åberg"  # "İ".lower() is two characters
    assert mentions.scrub(text) == f"İstanbul office: {SEVEN}"
    assert mentions.found_in(text) and not mentions.found_in("İstanbul office: Anna")


def test_several_people_at_once_each_get_their_own_pseudonym():
    bo = Erasure(person_id=9, email="bo@example.com", names=("Bo Ek",))
    mentions = Mentions([ANN, bo])
    assert mentions.scrub("Bo Ek and Ann Åberg (bo@example.com)") == f"erased-9 and {SEVEN} (erased-9)"


def test_a_name_too_short_to_tell_from_a_word_is_left_in_free_text():
    mentions = Mentions([Erasure(person_id=3, email="li@example.com", names=("Li",))])
    assert mentions.scrub("Li asked li@example.com about Li Wang") == "Li asked erased-3 about Li Wang"
    assert not Mentions([]).found_in("anything") and Mentions([]).scrub("anything") == "anything"
