"""Hand-made word lists: the small amount of English the embedded back-end knows beyond the policy.

Kept general on purpose (support-line vocabulary, not one company's): the policy's
own examples teach the domain, these lists only bridge everyday paraphrases
("quicker" ~ "faster", "invoice" ~ "bill") and say which words carry no intent
("erm", "thing", "you know").
"""

from __future__ import annotations

CONTRACTIONS: dict[str, str] = {
    "can't": "can not", "cant": "can not", "won't": "will not", "wont": "will not", "shan't": "shall not",
    "ain't": "is not", "let's": "let us", "dont": "do not", "doesnt": "does not", "didnt": "did not",
    "isnt": "is not", "hasnt": "has not", "havent": "have not", "wasnt": "was not", "im": "i am",
    "ive": "i have", "thats": "that is", "whats": "what is", "its not": "it is not", "gonna": "going to",
    "wanna": "want to", "gotta": "got to", "lemme": "let me", "gimme": "give me",
}  # fmt: skip

# Multi-word paraphrases rewritten before tokenising (regex -> replacement, on cleaned text).
PHRASES: list[tuple[str, str]] = [
    (r"wi fi", "wifi"),
    (r"e mail", "email"),
    (r"log(ging)? (in|on)|sign(ing)? in", "login"),
    (r"cut(s|ting)? (out|off)|keeps? dropping out", "drop"),
    (r"(has|have|had|someone|somebody|they) (got|gotten|broken|broke|hacked|get) into", "hack into"),
    (r"how much", "price"),
    (r"money back", "refund"),
    (r"rip(ped)? (me )?off", "ripoff"),
    (r"fed up", "fedup"),
    (r"get rid of", "cancel"),
    (r"(end|close|stop) (my|the|our|this) (contract|account|service|subscription|plan|membership)", "cancel \\3"),
    (r"bank holidays?|public holidays?", "holiday"),
    (r"top(ping)? up", "topup"),
    (r"send (it )?back", "return"),
    (r"not (very )?(happy|satisfied|pleased)", "unhappy"),
    (r"opening (hours|times)|business hours|open hours", "hours open"),
]

# surface word -> synonym-group head (looked up on the word and on its stem).
_GROUPS: dict[str, str] = {
    "speed": "quick quicker quickest fast faster fastest speedy speedier speeds quickly rapid mbps megabit megabits",
    "slow": "slower slowest sluggish laggy lag lagging crawling buffering",
    "internet": "broadband wifi wireless connection connectivity net web",
    "router": "hub modem",
    "plan": "package packages tier deal bundle tariff subscription contract",
    "bill": "invoice invoices billing statement statements",
    "charge": "charged charges fee fees surcharge",
    "cancel": "terminate termination cancellation quit discontinue",
    "phone": "mobile cell cellphone telephone",
    "home": "house flat apartment property address",
    "move": "moving relocate relocating relocation moved",
    "hack": "hacked hacker hackers compromised breached hijacked",
    "password": "passcode passwords",
    "pay": "payment paying paid payments",
    "card": "visa mastercard amex",
    "outage": "outages blackout",
    "fix": "repair sort solve resolve mend fixed",
    "broken": "faulty damaged defective",
    "wrong": "incorrect mistake mistaken error inaccurate",
    "refund": "reimburse reimbursement compensation",
    "book": "booking reserve reservation schedule",
    "reschedule": "rebook postpone rearrange",
    "flight": "flights plane fly flying",
    "bag": "bags luggage baggage suitcase suitcases",
    "price": "cost costs pricing prices",
    "upgrade": "improve boost",
    "weekend": "saturday sunday weekends",
    "tv": "television telly",
    "child": "children kid kids son daughter",
    "teeth": "tooth",
    "deliver": "delivery shipping ship shipped dispatch dispatched",
    "order": "purchase purchased bought",
    "high": "higher highest",
    "weight": "heavy heavier kilo kilos kg kgs",
    "arrive": "arrival arriving arrives arrived land landing landed",
    "complaint": "complain complaining complained",
    "located": "based situated location whereabouts",
    "unhappy": "dissatisfied displeased",
}
SYNONYMS: dict[str, str] = {w: head for head, words in _GROUPS.items() for w in words.split()}

# Words that carry no intent: function words, fillers, pleasantries and the dialog acts' own words.
STOPWORDS: frozenset[str] = frozenset(
    """a an the and or but if so then than to of in on at by for with from about as into over under
    i me my mine myself we us our you your yours he him his she her it its they them their this that
    these those there here is am are was were be been being do does did doing have has had having
    will would shall should can could may might must what which who whom whose when where why how
    not no nor very too just only also any some all each every more most much many few such own same
    again further once both other another would like want wanted wanting need needed get got getting
    let make made know tell telling said say saying think thought see look looking go going went come
    yes yeah yep yup ya sure ok okay alright nope nah please thanks thank cheers ta hi hello hey hiya
    bye goodbye morning afternoon evening lovely great brilliant perfect fantastic awesome nice cool
    someone somebody anyone anybody everyone people wonderful amazing fine good well oh ah aw right
    actually really literally basically just quite maybe perhaps probably still now before after since ago
    today tonight currently bit lot lots way kind sort
    one two three four five six seven eight nine ten eleven twelve twenty thirty half quarter oclock clock
    am pm""".split()
)
VAGUE: frozenset[str] = frozenset(
    """thing things stuff something anything everything nothing whatever whatsit thingy erm um umm uh
    uhh er err hmm mm mmm eh anyway anyways issue problem question query help calling ring rang
    wondering wonder guess mean""".split()
)
VAGUE_PHRASES: list[str] = [
    r"you know",
    r"i mean",
    r"(the )?other day",
    r"sort of",
    r"kind of",
    r"and that",
    r"or something",
    r"and all that",
    r"to do with",
    r"i was wondering",
]
