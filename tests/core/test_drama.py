"""Plain-text plays: acts and scenes as sections, speeches whole and line-broken.

On extracts of Project Gutenberg's Hamlet, Macbeth and A Midsummer Night's Dream (see
tests/fixtures/real/README.md).
"""

from __future__ import annotations

from pathlib import Path

from reader.model import Document
from reader.readers import load_document, read_text
from reader.readers.drama import (
    drama_heading,
    is_play,
    is_speaker,
    keeps_lines,
    scene_title,
    speech_lines,
    split_speech,
)

REAL = Path(__file__).parent.parent / "fixtures" / "real"


def _load(name: str) -> Document:
    return load_document(REAL / f"{name}-gutenberg-extract.txt")


def test_acts_hold_scenes_with_their_places() -> None:
    doc = _load("macbeth")
    assert [(s.title, s.level) for s in doc.sections] == [
        ("ACT I.", 1),
        ("SCENE I. An open Place. Thunder and Lightning.", 2),
        ("SCENE II. A Camp near Forres.", 2),
        # the place wrapped onto a second line is still the title's
        ("SCENE III. The same. A Park or Lawn, with a gate leading to the Palace.", 2),
    ]


def test_a_cast_list_heading_is_the_acts_sibling() -> None:
    doc = _load("hamlet")
    assert [(s.title, s.level) for s in doc.sections] == [
        ("PERSONS REPRESENTED.", 1),
        ("ACT I.", 1),
        ("Scene I. Elsinore. A platform before the Castle.", 2),
    ]


def test_a_speech_is_its_speaker_and_its_lines() -> None:
    texts = [p.text for p in _load("hamlet").paragraphs]
    assert "Ber.\nWho's there?" in texts
    assert "Ber.\nSay.\nWhat, is Horatio there?" in texts
    assert "Ber.\nWell, good night.\nIf you do meet Horatio and Marcellus,\n" in "\n".join(texts)
    assert "[Enter Horatio and Marcellus.]" in texts  # a stage direction on its own


def test_the_cast_list_keeps_its_lines() -> None:
    texts = [p.text for p in _load("hamlet").paragraphs]
    assert "Gertrude, Queen of Denmark, and Mother of Hamlet.\nOphelia, Daughter to Polonius." in (
        texts
    )
    assert texts[0].startswith("Claudius, King of Denmark.\nHamlet, Son to the former")


def test_a_direction_on_its_own_line_parts_a_speech() -> None:
    texts = [p.text for p in _load("hamlet").paragraphs]
    start = next(i for i, text in enumerate(texts) if text.startswith("Pol.\nMadam"))
    assert texts[start].split("\n")[1:3] == [
        "Madam, I swear I use no art at all.",
        "That he is mad, 'tis true: 'tis true 'tis pity;",
    ]
    assert texts[start].endswith("Hath given me this: now gather, and surmise.")
    assert texts[start + 1] == "[Reads.]"
    # the prose read out is joined, the line breaks around it kept
    assert texts[start + 2] == (
        "'To the celestial, and my soul's idol, the most beautified Ophelia,'--\n"
        "That's an ill phrase, a vile phrase; 'beautified' is a vile phrase: but you shall hear."
        " Thus:"
    )


def test_speeches_in_verse_keep_their_lines() -> None:
    texts = [p.text for p in _load("macbeth").paragraphs]
    assert "FIRST WITCH.\nWhen shall we three meet again?\nIn thunder, lightning, or in rain?" in (
        texts
    )


def test_prose_mentioning_acts_is_not_a_play() -> None:
    text = "Act 2 of the bill says little.\n\nScene 3 was cut.\n\nACT of faith.\n"
    assert not is_play(text)
    doc = read_text("A note\n\n" + text)
    assert not doc.sections or all("Act" not in s.title for s in doc.sections)


def test_drama_heading() -> None:
    assert drama_heading("ACT III.") == "act"
    assert drama_heading("Scene II. A room in the Castle.") == "scene"
    assert drama_heading("SCENE: In the end of the Fourth Act") is None
    assert drama_heading("Act 2 of the bill") is None


def test_drama_heading_with_a_dash_or_a_place_in_lower_case() -> None:
    # scene lines as Project Gutenberg's Timon of Athens, Much Ado About Nothing,
    # The Tempest, Julius Caesar and King John set them
    assert drama_heading("Scene I.--Athens. A Hall in TIMON'S House") == "scene"
    assert drama_heading("Scene II.-- The Same. A room of state in TIMON'S House.") == "scene"
    assert drama_heading("Scene II. --A room in LEONATO'S house.") == "scene"
    assert drama_heading("Scene 3.--LEONATO'S Garden.") == "scene"
    assert drama_heading("SCENE I.--Another part of the island") == "scene"
    assert drama_heading("SCENE III. within the tent of Brutus.") == "scene"
    assert drama_heading("SCENE 2.The same. A Room of State in the Palace.") == "scene"
    assert drama_heading("Act 2 of the bill") is None  # no full stop or dash: a sentence


def test_an_act_line_over_a_scene_line_is_two_headings() -> None:
    # The Tempest in Project Gutenberg's text: "ACT 1" / "SCENE 1" in one block
    lines = ["ACT 1", "SCENE 1", "[On a ship at sea; a tempestuous noise of thunder and lightning"]
    assert scene_title(lines) == 1
    text = "ACT 1\nSCENE 1\n[On a ship at sea]\n\nBOATSWAIN\nHere, master.\n\n"
    doc = read_text(
        text + "SCENE 2\n\nMIRANDA\nIf by your art.\n\nACT 2\n\nSCENE 1\n\nGONZALO\nBeseech you.\n"
    )
    assert [(s.title, s.level) for s in doc.sections] == [
        ("ACT 1", 1),
        ("SCENE 1", 2),
        ("SCENE 2", 2),
        ("ACT 2", 1),
        ("SCENE 1", 2),
    ]


def test_is_speaker() -> None:
    assert all(
        map(
            is_speaker,
            [
                "FIRST WITCH.",
                "Ber.",
                "LADY MACBETH.",
                "Cor. and Volt.",
                "1 Clown.",
                "MACBETH, LENNOX.",
            ],
        )
    )
    # some plays set every tag in capitals without the full stop
    assert all(map(is_speaker, ["OBERON", "FIRST FAIRY", "QUINCE"]))
    assert not any(map(is_speaker, ["Who's there?", "Give you good-night.", "Hamlet", "O"]))


def test_speech_lines_join_only_a_wrappers_breaks() -> None:
    prose = ["Here's a knocking indeed! If a man were porter of", "hell-gate, he should have"]
    assert speech_lines(prose, 70) == [prose]
    verse = ["Doubtful it stood;", "As two spent swimmers that do cling together"]
    assert speech_lines(verse, 70) == [[verse[0]], [verse[1]]]


def test_a_direction_right_under_the_speaker_stays_in_the_speech() -> None:
    song = ["Oph.", "[Sings.]", "And will he not come again?", "[Exit.]"]
    assert split_speech(song) == [song[:3], ["[Exit.]"]]


def test_verse_keeps_its_lines_where_a_long_line_was_wrapped() -> None:
    # Macbeth II.2: a direction lengthens two verse lines; the second was too long
    # for the page and goes on over the next ("Hark, more" / "knocking:")
    texts = [p.text for p in _load("macbeth").paragraphs]
    speech = next(text for text in texts if text.startswith("LADY MACBETH.\nMy hands"))
    assert speech.split("\n")[2:4] == [
        "To wear a heart so white. [Knocking within.] I hear knocking",
        "At the south entry:--retire we to our chamber.",
    ]
    assert "Hath left you unattended.--[Knocking within.] Hark, more knocking:" in speech
    assert speech.endswith("be not lost\nSo poorly in your thoughts.")


def test_a_letters_signature_keeps_its_line() -> None:
    texts = [p.text for p in _load("hamlet").paragraphs]
    assert any(
        "'Thine evermore, most dear lady, whilst this machine is to him,\nHAMLET.'" in text
        for text in texts
    )


def test_speech_lines_keep_verse_whose_long_line_was_wrapped() -> None:
    verse = [
        "My hands are of your color, but I shame",
        "To wear a heart so white. [Knocking within.] I hear knocking",
        "At the south entry:--retire we to our chamber.",
        "A little water clears us of this deed:",
        "How easy is it then! Your constancy",
        "Hath left you unattended.--[Knocking within.] Hark, more",
        "knocking:",
    ]
    assert speech_lines(verse, 51) == [[line] for line in verse[:5]] + [verse[5:]]
    # prose, most lines opening in lower case, is still joined
    prose = [
        "Neither to you nor any one; having no witness to confirm my",
        "speech. Lo you, here she comes!",
    ]
    assert speech_lines(prose, 65) == [prose]


def test_a_tag_in_capitals_without_a_full_stop_is_a_speaker() -> None:
    # A Midsummer Night's Dream sets QUINCE, BOTTOM on lines of their own
    texts = [p.text for p in _load("midsummer").paragraphs]
    # a prose speech is joined, its speaker kept on a line of his own
    assert (
        "BOTTOM\nYou were best to call them generally, man by man, according to the scrip."
    ) in texts
    assert "QUINCE\nIs all our company here?" in texts
    # a direction on a line of its own parts the speech, as under any speaker
    start = texts.index("OBERON\nWhat thou seest when thou dost wake,")
    assert texts[start + 1] == "[Squeezes the flower on TITANIA'S eyelids.]"
    assert texts[start + 2].startswith("Do it for thy true-love take;\nLove and languish")


def test_a_speech_going_on_after_a_direction_is_cut_at_its_directions_too() -> None:
    # Hamlet I.1: the speech resumes untagged after [Re-enter Ghost.]
    texts = [p.text for p in _load("hamlet").paragraphs]
    start = texts.index("[Re-enter Ghost.]")
    assert texts[start + 1].startswith("I'll cross it, though it blast me.--Stay, illusion!\n")
    assert texts[start + 1].endswith("For which, they say, you spirits oft walk in death,")
    assert texts[start + 2 : start + 4] == [
        "[The cock crows.]",
        "Speak of it:--stay, and speak!--Stop it, Marcellus!",
    ]


def test_a_song_whose_lines_go_to_numbered_singers_keeps_its_lines() -> None:
    # As You Like It IV.2 in Project Gutenberg's text: "1." and "2." are singers,
    # not verse numbers
    song = [
        "1. What shall he have that kill'd the deer?",
        "2. His leather skin and horns to wear.",
        "1. Then sing him home:",
        "[The rest shall bear this burden.]",
        "Take thou no scorn to wear the horn;",
        "It was a crest ere thou wast born.",
        "1. Thy father's father wore it;",
        "2. And thy father bore it;",
        "All.  The horn, the horn, the lusty horn,",
        "Is not a thing to laugh to scorn.",
    ]
    assert keeps_lines(song)
    # a wrapped line of prose opening with a number is still prose
    assert not keeps_lines(["The sum came to", "12 pounds, and he paid it"])


def test_a_tag_a_blank_line_parts_from_its_speech_is_still_the_speech() -> None:
    """Henry V: ``BEDFORD.``, a blank line, then ``'Fore God, ...``: a tag, not a heading."""
    doc = load_document(REAL / "henry-v-gutenberg-extract.txt")
    assert [s.title for s in doc.sections] == [
        "ACT II.",
        "SCENE II. Southampton. A council-chamber.",
    ]
    speeches = [p.text for p in doc.paragraphs]
    assert "BEDFORD.\n'Fore God, his Grace is bold, to trust these traitors." in speeches
    assert not any(text == "BEDFORD." for text in speeches)
