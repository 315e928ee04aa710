"""Per-turn sentiment from VADER, whose lexicon ships inside the `vaderSentiment` wheel.

VADER suits short, informal, spoken-style turns ("this is ridiculous", "you are
useless") and needs no model download. Its lexicon also tells the classifier
which words are feelings rather than topics, so "furious" and "terrible" are
not mistaken for a subject the policy does not cover.
"""

from __future__ import annotations

import re

from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer

from activities.understanding.caller_state import EVENT_WEIGHT, speaks_of_state

_FED_UP = "fedupidiom"  # the one word each idiom and sarcastic phrase is read as (`_heard`)

# Support-line complaints VADER under-rates or misreads ("this is a joke" is not amusement).
_SUPPORT_LEXICON = {
    "rubbish": -2.0, "joke": -1.5, "ridiculous": -2.0, "shambles": -2.5, "disgrace": -2.5, "appalling": -2.5,
    "unacceptable": -2.0, "shocking": -2.0, "hopeless": -2.0, "nightmare": -2.2, "sick": -1.5, "ripoff": -2.5,
    "incompetent": -2.5, "pathetic": -2.5, "fedup": -2.0, _FED_UP: -4.0,
    # VADER reads "unbelievable" as praise (+0.8); on a support line it is nearly always about the service.
    "unbelievable": -2.0, "shambolic": -2.5, "diabolical": -2.5, "laughable": -1.5, "pointless": -1.5,
    "robbery": -2.0, "gutted": -2.0,
    # VADER has "disgrace" (-2.2) but not "disgraceful", which a support line hears far more often.
    "disgraceful": -2.5,
}  # fmt: skip
# Upset said in idioms whose words VADER reads as neutral ("I'm at my wits' end", "doing my head in"): each is
# read as one fed-up word. Near-certain wording only; the learned reading (mood.py) hears the rest.
_IDIOMS = re.compile(
    r"\b(?:at my wits'? ?end|(?:at )?the end of my tether|(?:had|have had|had it) up to here|"
    r"(?:i have|i've|ive) (?:just )?had enough|doing my head in|driving me (?:mad|crazy|round the bend|up the wall)|"
    r"fobbed off|messed (?:about|around)|(?:given|giving) (?:me )?the run ?around|from pillar to post|"
    r"(?:gives?|give) a (?:toss|monkey'?s|damn|stuff)|couldn'?t care less|"
    r"sick (?:and tired|to death|to the back teeth) of|"
    r"banging my head against a (?:brick )?wall|beyond a joke|last straw|not good enough|"
    # grievance and cynicism in set phrases ("without so much as a letter", "knowing your lot, it'll be late")
    r"(?:without|not even|not) so much as an?|(?:you're|you are|are you|youre) having a laugh|takes the biscuit|"
    r"adding insult to injury|(?:the )?cheek of (?:it|you)|knowing (?:you lot|your lot|this (?:lot|firm|company))|"
    r"what else is new|same old (?:story|excuses?)|par for the course|"
    # distress and price grievance in plain idioms ("she's beside herself", "i can't think straight", "a rip off")
    r"beside (?:my|him|her|them)sel(?:f|ves)|(?:can'?t|cannot|can not) (?:cope|think straight)|rip[- ]?off|"
    # despair at the end of one's rope ("i can't take much more", "i can't bear it any more"), not "can't take it in"
    r"(?:can'?t|cannot|can not) (?:take (?:much|any) ?more|(?:bear|stand|take) (?:it|this) any ?(?:more|longer)|"
    r"(?:bear|stand) (?:it|this|another|much more|any ?more))|"
    r"(?:going|stressed|worried|scared|frightened) out of (?:my|his|her|our) (?:mind|wits)|in limbo|"
    r"not (?:a|one|a single) (?:word|peep|sausage|dicky ?bird)(?! of a lie)|"
    # plain fed-up and distress idioms VADER reads as neutral or glad ("don't you dare ask me", "i'm in bits here",
    # "it's just not on", "i can't be doing with all this", "a specialist, oh that'll be the day", "you couldn't make
    # it up"); "not on" only closing a clause ("it's not on the app" is a report, not a grievance)
    r"(?:don'?t you|how) dare|that'?ll be the day|(?:could ?n'?t|could not|can'?t) make (?:it|this|that) up|"
    r"(?:i'?m|i am|she'?s|he'?s|we'?re|they'?re|she is|he is)(?: (?:honestly|absolutely|completely|all|just))? in bits|"
    r"it'?s (?:just |simply |really )?not on(?=\s*(?:[,.!?]|$))|"
    r"(?:can'?t|cannot) (?:handle|be doing with|deal with) (?:this|all this|it|any ?more)(?! for me| myself)|"
    # weariness and grievance in plain set phrases ("it's one thing after another", "paying through the nose",
    # "i'm that cross", "so that's it, is it"): "cross" only said of a person, never "cross the road"
    r"one (?:thing|problem) after another|through the nose|"
    # a deal called rigged, the caller mocked ("the whole thing's a stitch-up", "you're taking the mickey now")
    r"(?:an?|the|this|that|it'?s|total|right|absolute|complete) stitch[- ]?up|stitch(?:ed|ing) (?:me|us|people) up|"
    r"taking the (?:mick|mickey|michael|micky|piss)\b|"
    r"(?:i'?m|i am|we'?re|she'?s|he'?s)(?: (?:so|that|really|very|absolutely|proper|getting))? cross\b"
    r"(?! (?:over|the|it|off)\b)|"
    r"so that'?s (?:it|that),? is it|"
    # distress said of oneself ("i'm in a right state", "she's in such a state"), never of a thing ("the garden's in
    # a right state"); a question refused ("don't you ask me what it's about", "oh don't start with the questions",
    # "you know full well"); help dismissed with a rhetorical tag ("well that's no use, is it")
    r"(?:i'?m|i am|she'?s|he'?s|we'?re|they'?re|she is|he is)(?: (?:just|really|honestly|all))? in "
    r"(?:a right|such a|a real|a proper|a terrible|an awful|a bit of a) state|"
    r"don'?t you (?:ask me|tell me|start)|(?:oh |just )?don'?t start (?:with|on) (?:me|all|the|that|this)|"
    r"you know full well|(?:that'?s|that is|it'?s|this is) (?:no|not much|not a lot of) (?:use|good|help)"
    r"(?: to (?:me|anyone|us))?,? (?:is it|at all|whatsoever)|"
    # the service called a joke ("this is a joke", "your website's an absolute joke", "you lot are a shambles"):
    # VADER reads "this is a joke" at -0.36, just above the usual threshold
    r"(?:it'?s|that'?s|this is|that is|it is|you lot are|you'?re|you are|your \w+(?:'s| is| are))"
    r"(?: (?:just|all|an?|absolute|complete|total|utter|bloody))* (?:joke|farce|shambles))\b",
    re.IGNORECASE,
)
# Sarcasm in set phrases: praise words said of bad news ("oh great, another letter", "oh lovely, a form to fill
# in"), thanks for nothing, mock surprise. Each is read as one fed-up word, and the praise word goes with it, so
# VADER no longer hears it as praise. Near-certain wording only: a praise word followed by "a" is kept for what
# callers say sincerely ("oh brilliant, a lot quicker", "lovely, a relief").
_PRAISE = (
    r"(?:great|brilliant|wonderful|marvellous|fantastic|lovely|perfect|super|smashing|terrific|excellent|fab|"
    r"fabulous|amazing|splendid|charming)"
)
_SARCASM = re.compile(
    rf"\b(?:(?:oh|ooh|ah|well) (?:that'?s |how )?{_PRAISE}[,.!]* (?:another\b|more of the same\b|"
    r"an? (?!lot\b|bit\b|little\b|few\b|couple\b|relief\b|weight\b|great\b|good\b|nice\b|real\b|quick\b|big\b)))|"
    r"\b(?:thanks a bunch|(?:thanks|cheers|ta) for nothing|what a (?:surprise|shock)|surprise,? surprise|"
    r"who(?:'d| would) have thought|(?:living|livin') the dream|feeling the love|"
    r"(?:really|very|so) well thought (?:out|through)|how (?:convenient|fancy)|"
    # ironic thanks and mock praise of a reply ("a decade a customer, and that's the thanks we get", "oh that's rich")
    r"(?:this|that)(?: is|'s| was) (?:all )?the thanks (?:i|we|you|my \w+|our \w+) (?:get|gets|got)|"
    r"(?:oh |well )?that'?s (?:a bit )?rich|"
    # a remedy mocked ("a form, because that'll fix everything", "because that really makes up for it")
    r"because (?:that|this)(?:'ll| will| is going to|'s going to| really)? (?:make all the difference|"
    r"fix(?:es)? everything|sort(?:s)? everything|solve(?:s)? everything|make(?:s)? up for it)|"
    # mock forecast ("well that'll go well, won't it")
    r"that'?ll go (?:down )?well,? won'?t it)\b",
    re.IGNORECASE,
)
# Mock delight said of bad news ("a third survey to fill in, just what we wanted", "more forms, exactly what i was
# hoping for"): sarcasm unless the turn thanks or settles, and not said of the reply ("that's exactly what i
# wanted", "just what i needed to know" are sincere).
_WANTED = re.compile(
    r"(?<!that's )(?<!thats )(?<!that is )(?<!it's )(?<!its )\b(?:just|exactly|precisely) what (?:i|we) "
    r"(?:need|needed|want|wanted|was after|was hoping|were hoping)\b(?! to (?:know|hear|ask|check))",
    re.IGNORECASE,
)
# Sarcasm without a set phrase: a praise word said as an exclamation ("oh wonderful ...", "..., brilliant, ...",
# "fantastic.", "just marvellous") in a turn that also reports a failure or a grievance (it won't open, shut,
# cancelled, another / the same again, still beeping, supposed to). Not with thanks, a goodbye or "sorted", and not
# when the negative words are good news ("so it won't cost anything", "no need to come in", "same time as before").
_EXCLAIMED = re.compile(
    rf"(?:(?:^|[.,!?;])\s*(?:(?:oh|ooh|well|yeah|right|and|so)\s+)*{_PRAISE}(?=\s*(?:[.,!?]|$))|"
    rf"\b(?:oh|ooh)\s+(?:that'?s\s+|how\s+)?{_PRAISE}\b|"
    rf"\b(?:absolutely|just|really)\s+{_PRAISE}(?=\s*(?:[.,!?]|$|isn'?t it|that is)))",
    re.IGNORECASE,
)
_FAILURE = re.compile(
    r"\b(?:another|(?<!working )(?<!open )(?<!back )again|(?:the )?same(?! time| day| place| as| price| one| again)|"
    r"shut|closed|cancell?ed|broken|crashed|supposed to|meant to|still (?:not|no|nothing|\w+ing)|"
    r"never (?:received|arrived|came|come|turned|showed|got|been|sent|rang|called|replied|answered|worked|opened)|"
    r"(?:doesn'?t|does not|won'?t|will not|isn'?t|is not|can'?t|cannot|hasn'?t|has not|haven'?t|didn'?t) "
    r"(?:work|open|load|start|come|arrive|turn|show|let|go|connect|even|been|get|got)\w*|"
    r"no (?!need|charge|fee|rush|problem|worries|hurry|bother|longer)\w+ (?:for|at|on|in|left|anywhere))\b",
    re.IGNORECASE,
)
# Grievance said without a failure word, which makes a praise exclamation beside it sarcastic just the same
# ("brilliant. all i asked for was a date", "oh lovely, about as useful as the old one").
_GRIEVANCE = re.compile(
    r"\b(?:(?:i|we) only (?:wanted|asked|needed|want to know)|all (?:i|we) (?:wanted|asked|needed)|"
    r"about as (?:well|useful|helpful|much use|quick|reliable|good) as|flipping|flaming|blooming|bloody)\b",
    re.IGNORECASE,
)
# Praise said with a mocking tag, sarcastic unless the turn thanks or settles: "that's lovely, that is" (the British
# "..., that is" tag after praise of bad news), a rhetorical "..., is it" / "do i" / "shall i" closing a turn that
# exclaims praise ("a tracking link, oh brilliant, that's going to put the tables up is it"), and praise tacked onto
# such a tag ("so i just hope for the best do i, great").
_RHETORICAL_TAG = r"(?:is it|do i|shall i|does it|will it)"
_MOCK_TAG = re.compile(
    rf"\b(?:that'?s|that is) (?:just |really )?{_PRAISE},? that is\b|"
    # praise of the service closing the turn with the British "..., that" tag ("great service that", "really good
    # value that")
    rf"\b(?:really |very )?(?:{_PRAISE}|good) (?:value|service|customer service),? that\s*[.!?]*\s*$|"
    rf"\b{_RHETORICAL_TAG},? {_PRAISE}\s*[.!?]*\s*$",
    re.IGNORECASE,
)
_RHETORICAL_END = re.compile(rf"\b{_RHETORICAL_TAG}\s*[.!?]*\s*$", re.IGNORECASE)
# ("well" is not "we'll": "oh marvellous, about as well as before" is no settling word.)
_SINCERE = re.compile(
    r"\b(?:thanks?|thank you|cheers|ta|bye|sorted|fine|no problem|no worries|that'?s all|that'?s everything|"
    r"i'?ll|we'll|that'?ll do|that works|relief|phew)\b",
    re.IGNORECASE,
)
# Thanks or a goodbye: in a turn whose feeling words read positive and no set phrase made sarcastic, it is sincere
# (the learned reading, which hears praise in plain words as sarcasm too often, does not make it upset).
_THANKS = re.compile(r"\b(?:thanks|thank you|cheers|ta|ta-ra|tara|bye)\b", re.IGNORECASE)
# The caller says back the arrangement just given ("right so if it's off you'll text me", "ok so you're moving me to
# the later one"): checking it, not complaining, whatever the learned reading hears in a bare practical turn.
_RESTATED = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|right|alright|oh|ah|yeah|so)[ ,]+)+(?:so )?(?:if\b|you'?ll\b|you'?re (?:moving|putting|"
    r"switching|swapping|sending|booking|passing|transferring|popping)\b|i'?ll just\b|i just (?:wait|pop|leave)\b)",
    re.IGNORECASE,
)
_NOTHING_SHORT = re.compile(r"\bnothing (?:short|less) (?:of|than)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z']+")
_EMOTIVE = 1.0  # |valence| from which a word is a feeling, not a topic ("wrong" -2.1, "pay" -0.4)


def complains(text: str) -> bool:
    """A set phrase of grievance, sarcasm, a fed-up idiom or a reported failure anywhere in the turn."""
    return any(rx.search(text) for rx in (_FAILURE, _GRIEVANCE, _IDIOMS, _SARCASM))


class SentimentScorer:
    """Compound VADER score in -1..1 for one utterance; build once (loading the lexicon takes ~50 ms)."""

    def __init__(self) -> None:
        self._vader = SentimentIntensityAnalyzer()
        self._vader.lexicon.update(_SUPPORT_LEXICON)

    def score(self, text: str) -> float:
        return self._score(text, praise_with_failure=True)

    def readings(self, text: str) -> tuple[float, float]:
        """(the feeling words' score, the turn's score as the caller's state). The first leaves out praise said of a
        failure the turn reports ("oh brilliant, still beeping"): upset, but what weighs a failure report against a
        rant reads it."""
        heard = self._heard(text, praise_with_failure=True)
        whole = self._compound(heard)
        feeling = self._score(text, praise_with_failure=False) if _FAILURE.search(text) else whole
        return feeling, self._as_said(text, heard, whole)

    @staticmethod
    def _as_said(text: str, heard: str, score: float) -> float:
        """`score` as the caller's state: a bad event told with nothing of how they feel about it ("the scooter
        died on me") weighs `EVENT_WEIGHT` of its feeling words' score (caller_state.py); a fed-up idiom or sarcasm
        (`heard` holds each as one fed-up word) is how the caller speaks, not what happened. The feeling reading
        (`readings`' first) keeps the words' full weight: what weighs a failure report against a rant reads it."""
        if score >= 0 or speaks_of_state(text) or _FED_UP in heard:
            return score
        return score * EVENT_WEIGHT

    def fed_up(self, text: str) -> bool:
        """A fed-up idiom or sarcasm heard in the turn (each is read as one fed-up word)."""
        return _FED_UP in self._heard(text, praise_with_failure=True)

    @staticmethod
    def sincere_thanks(text: str, score: float) -> bool:
        """Thanks or a goodbye in a turn whose score (`score`'s) is positive: not to be read upset."""
        return score > 0 and bool(_THANKS.search(text))

    @staticmethod
    def keeps_vaders_reading(text: str, score: float) -> bool:
        """Sincere thanks, or the arrangement said back whose feeling words are not upset (`score` above the usual
        -0.4, "so if it's cancelled you'll text me"): the learned reading does not make it upset."""
        return SentimentScorer.sincere_thanks(text, score) or (score > -0.4 and bool(_RESTATED.search(text)))

    def _score(self, text: str, praise_with_failure: bool) -> float:
        return self._compound(self._heard(text, praise_with_failure))

    def _compound(self, heard: str) -> float:
        """VADER's compound score of the turn as `_heard` gives it."""
        return max(-1.0, min(1.0, float(self._vader.polarity_scores(heard)["compound"])))

    def _heard(self, text: str, praise_with_failure: bool) -> str:
        """The turn as VADER is given it: idioms and sarcasm made one fed-up word, sarcastic praise left out."""
        # "nothing short of robbery" is robbery: VADER's negation would read "nothing" as turning it round.
        text = _NOTHING_SHORT.sub("", text)
        text = _IDIOMS.sub(_FED_UP, text)
        text, sarcastic = _SARCASM.subn(f"{_FED_UP} ", text)
        # Read once: the text changes below only where a substitution makes the turn sarcastic, which ends the
        # checks that read it.
        sincere = _SINCERE.search(text) is not None
        if not sarcastic and not sincere:
            text, sarcastic = _WANTED.subn(f" {_FED_UP} ", text)
            if not sarcastic:
                text, sarcastic = _MOCK_TAG.subn(f" {_FED_UP} ", text)
        grievance = _FAILURE.search(text) or _GRIEVANCE.search(text) or _RHETORICAL_END.search(text)
        if praise_with_failure and not sarcastic and grievance and not sincere:
            text, sarcastic = _EXCLAIMED.subn(f" {_FED_UP} ", text)
        if sarcastic:  # then its other praise and thanks are sarcastic too: they are left unheard
            text = _WORD.sub(lambda m: "" if self._vader.lexicon.get(m[0].lower(), 0.0) > 0 else m[0], text)
        return text

    def strongly_negative(self, text: str, below: float = -1.5) -> bool:
        """A word of the turn that VADER reads at `below` or lower ("terrible" -2.1): a feeling, not a subject."""
        return any(self._vader.lexicon.get(w.lower(), 0.0) <= below for w in _WORD.findall(text))

    def is_emotive(self, word: str) -> bool:
        """A word that expresses how the caller feels (or intensifies it) rather than what they ask about."""
        return self.is_feeling(word) or word in BOOSTER_DICT

    def is_feeling(self, word: str) -> bool:
        """A feeling word ("furious", "useless", "lovely"), not an intensifier ("so", "really", "little")."""
        return abs(self._vader.lexicon.get(word, 0.0)) >= _EMOTIVE
