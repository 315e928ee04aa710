"""Upset heard in plain words and sarcasm (mood.py), and calm problems kept calm: written for this test,
never trained on."""

from __future__ import annotations

import pytest

from activities.understanding import mood
from tests.understanding.conftest import understand

UPSET = [
    "this has dragged on for a month now and frankly I've had it up to here with the lot of you",
    "oh smashing, cut off again, you really are outdoing yourselves today",
    "I'm sat here crying because nobody will give me a straight answer",
]
CALM = [
    "my direct debit went out twice this month, could you look into it",
    "the engineer didn't turn up yesterday so I'd like to rebook",
    "no worries, that's fine, I'll try again tomorrow",
]


@pytest.mark.parametrize("text", UPSET)
def test_upset_in_plain_words_is_below_the_usual_threshold(text: str) -> None:
    assert understand("brightwave", text).sentiment < -0.4


@pytest.mark.parametrize("text", CALM)
def test_a_calm_problem_is_not_upset(text: str) -> None:
    assert understand("brightwave", text).sentiment > -0.4


def test_the_learned_reading_only_ever_lowers_vaders_score() -> None:
    assert mood.combined(0.3, 0.2) == 0.3  # not upset: VADER stands
    assert mood.combined(-0.9, 0.55) == -0.9  # VADER already lower
    assert mood.combined(0.5, mood.UPSET_AT_THRESHOLD) == pytest.approx(-0.4)
    assert mood.combined(0.0, 1.0) >= -1.0


# Sarcasm in set phrases (sentiment.py `_SARCASM`): praise said of bad news is read as fed up, and so are the
# turn's other praise and thanks; the same praise words said sincerely stay positive.
SARCASTIC = [
    "oh super, another voicemail, just what the doctor ordered",
    "ooh lovely, a questionnaire, that'll get my washing machine fixed",
    "well cheers for nothing, I'll sort it myself as usual",
    "my refund's late again, what a surprise, honestly thanks so much",
    "oh you're open till four on a weekday, how convenient for those of us with jobs",
]
SINCERE = [
    "oh brilliant, a lot quicker than I expected, thanks",
    "oh lovely, a relief to hear that, cheers",
    "great, thanks, that's me sorted for tomorrow",
]


@pytest.mark.parametrize("text", SARCASTIC)
def test_sarcasm_in_set_phrases_reads_as_upset(text: str) -> None:
    from activities.understanding.sentiment import SentimentScorer

    assert SentimentScorer().score(text) < -0.4


@pytest.mark.parametrize("text", SINCERE)
def test_the_same_praise_said_sincerely_stays_positive(text: str) -> None:
    from activities.understanding.sentiment import SentimentScorer

    assert SentimentScorer().score(text) > 0.3


def test_unbelievable_on_a_support_line_is_not_praise() -> None:
    from activities.understanding.sentiment import SentimentScorer

    assert SentimentScorer().score("unbelievable, the way this firm treats people") < -0.2


@pytest.mark.parametrize(
    "text",
    [
        "they've moved my slot again without so much as a text",
        "a hundred quid for a new fob, are you having a laugh",
        "knowing your lot it'll come the day after I've gone on holiday",
    ],
)
def test_grievance_and_cynicism_in_set_phrases_read_as_upset(text: str) -> None:
    from activities.understanding.sentiment import SentimentScorer

    assert SentimentScorer().score(text) < -0.4


def test_so_much_as_without_a_grievance_is_not_one() -> None:
    from activities.understanding.sentiment import SentimentScorer

    assert SentimentScorer().score("it's not so much as you'd notice, just curious") > -0.2


# Eighth round (sentiment.py `_EXCLAIMED` with `_FAILURE`): praise said as an exclamation in a turn that also
# reports a failure or a grievance is sarcasm, without any set phrase; the same praise with good news, thanks or
# negative words that are good news stays positive.
PRAISE_WITH_FAILURE = [
    "oh terrific, the portal now says my claim was never received",
    "marvellous. queued forty minutes and the counter's closed",
    "and the card reader's broken again, wonderful, just wonderful",
    "oh splendid, still buffering after all that",
    "perfect. so i'm meant to drive forty miles to pick it up, am i",
]
PRAISE_WITH_GOOD_NEWS = [
    "oh lovely, so there's no need for me to come in at all",
    "oh great, so it won't cost me anything extra",
    "brilliant, it's working again now",
    "oh wonderful, so the booking's still on for friday",
    "fantastic, nobody mentioned that option before, I'll do that",
]


@pytest.mark.parametrize("text", PRAISE_WITH_FAILURE)
def test_praise_said_of_a_failure_reads_as_upset(text: str) -> None:
    from activities.understanding.sentiment import SentimentScorer

    assert SentimentScorer().score(text) < -0.4


@pytest.mark.parametrize("text", PRAISE_WITH_GOOD_NEWS)
def test_praise_with_good_news_stays_positive(text: str) -> None:
    from activities.understanding.sentiment import SentimentScorer

    assert SentimentScorer().score(text) > 0.3


def test_the_feeling_words_reading_leaves_praise_said_of_a_failure_out() -> None:
    """What weighs a failure report against a rant reads the feeling words only: "still beeping" stays a report."""
    from activities.understanding.sentiment import SentimentScorer

    feeling, whole = SentimentScorer().readings("oh brilliant, still flashing red at me")
    assert whole < -0.4 < feeling


@pytest.mark.parametrize(
    "text",
    [
        "brilliant, ta very much, that's a weight off my mind",
        "right, i'll fill it in tonight, thank you, you've been ever so kind",
    ],
)
def test_sincere_thanks_is_never_read_upset(text: str) -> None:
    assert understand("brightwave", text).sentiment > 0


@pytest.mark.parametrize(
    "text",
    [
        "my dad is beside himself about the letter",
        "with the baby teething as well i can't think straight",
        "eighty quid for a replacement fob, that's a rip-off",
        "i'm worried out of my mind about the deposit",
        "we're stuck in limbo waiting on the paperwork",
    ],
)
def test_distress_and_price_grievance_in_plain_idioms_read_as_upset(text: str) -> None:
    from activities.understanding.sentiment import SentimentScorer

    assert SentimentScorer().score(text) < -0.4


def test_a_grievance_of_silence_reads_as_upset() -> None:
    from activities.understanding.sentiment import SentimentScorer

    assert SentimentScorer().score("they moved the date and not a peep to either of us") < -0.4
    assert SentimentScorer().score("not a word of a lie, it came this morning") > -0.4


@pytest.mark.parametrize(
    "text", ["so if it's cancelled you'll text me then", "ok so you're putting me on the next sailing then"]
)
def test_the_arrangement_said_back_is_not_upset(text: str) -> None:
    assert understand("brightwave", text).sentiment > -0.4


def test_the_arrangement_said_back_with_feeling_words_is_still_read() -> None:
    assert understand("brightwave", "right so if it's off again you'll text me, this is a disgrace").sentiment < -0.4


@pytest.mark.parametrize(
    "text", ["honestly i can't take much more of this", "we can't bear it any longer", "i can't stand another week"]
)
def test_despair_at_the_end_of_ones_rope_reads_as_upset(text: str) -> None:
    from activities.understanding.sentiment import SentimentScorer

    assert SentimentScorer().score(text) < -0.4
    assert SentimentScorer().score("i can't take it in till saturday, is that ok") > -0.4


# A practical question about a grim subject, asked calmly (calm_ask.py): the learned head hears the subject (rats,
# droppings: P(upset) 0.6-0.75 on these), the caller says nothing about the service, so VADER's calm reading stands.
PRACTICAL = [
    "how much would it cost to get rid of rats in the loft",
    "we've found mice droppings in the kitchen, when could somebody come round",
]
# The same subjects with a repeat, waiting or blame in the turn: still heard upset.
COMPLAINING = [
    "how many more times do I need to ring before someone turns up for the flood",
    "I've rung three times about the rats and nobody has come, what do I have to do",
]


@pytest.mark.parametrize("text", PRACTICAL)
def test_a_practical_question_about_a_grim_subject_is_not_upset(text: str) -> None:
    assert understand("brightwave", text).sentiment > -0.4


@pytest.mark.parametrize("text", COMPLAINING)
def test_a_question_that_complains_about_the_service_is_still_upset(text: str) -> None:
    assert understand("brightwave", text).sentiment < -0.4
