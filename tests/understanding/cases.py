"""Held-out phrasings (never in the policies' examples) for the embedded back-end's tests.

Written before tuning, in callers' own words: fillers, rambling, ASR-ish typos.
`IN_SCOPE` rows are (policy, utterance, expected query type); the accuracy test
reports the share the classifier gets right with confidence >= 0.5.
"""

from __future__ import annotations

BRIGHTWAVE = "brightwave"
DENTAL = "riverside_dental"

IN_SCOPE: list[tuple[str, str, str]] = [
    # Brightwave Broadband
    (BRIGHTWAVE, "hi, what time does your phone team close tonight?", "opening_hours"),
    (BRIGHTWAVE, "um are you lot open on a saturday", "opening_hours"),
    (BRIGHTWAVE, "so basically what are your hours over the weekend", "opening_hours"),
    (BRIGHTWAVE, "till what time can I ring customer services", "opening_hours"),
    (BRIGHTWAVE, "is there a quicker broadband package I could move to?", "plan_upgrade"),
    (BRIGHTWAVE, "I'd like to upgrade to a faster deal please", "plan_upgrade"),
    (BRIGHTWAVE, "do you have a better speed tier than what I've got", "plan_upgrade"),
    (BRIGHTWAVE, "how do I pay my bill by direct debit?", "payment_methods"),
    (BRIGHTWAVE, "can I pay by bank transfer?", "payment_methods"),
    (BRIGHTWAVE, "er is it possible to pay my invoice with a credit card", "payment_methods"),
    (BRIGHTWAVE, "what ways can I make a payment", "payment_methods"),
    (BRIGHTWAVE, "my wifi keeps cutting out every few minutes", "slow_internet"),
    (BRIGHTWAVE, "the internet is crawling, it's so slow I can't even stream anything", "slow_internet"),
    (BRIGHTWAVE, "my conection keeps droping all evening", "slow_internet"),
    (
        BRIGHTWAVE,
        "this is ridiculous, I've been cut off three times today, how do I check for an outage?",
        "outage_check",
    ),
    (BRIGHTWAVE, "is the network down in my area right now", "outage_check"),
    (BRIGHTWAVE, "nobody on my road has any internet, is there a fault near us", "outage_check"),
    (BRIGHTWAVE, "we're moving to a new house next month, what do I do about my broadband", "moving_home"),
    (BRIGHTWAVE, "I need to update my address because we relocated", "moving_home"),
    (BRIGHTWAVE, "my bill this month is way higher than it should be", "bill_dispute"),
    (BRIGHTWAVE, "you've charged me the wrong amount on my invoice", "bill_dispute"),
    (BRIGHTWAVE, "so um yeah I was looking at my statement and there's a charge that looks wrong", "bill_dispute"),
    (BRIGHTWAVE, "somebody has got into my account and changed the password", "account_hacked"),
    (BRIGHTWAVE, "I think someone's hacked into my brightwave account", "account_hacked"),
    (BRIGHTWAVE, "I want to cancel my contract", "cancel_contract"),
    (BRIGHTWAVE, "I'm thinking of leaving, how do I terminate my broadband", "cancel_contract"),
    (BRIGHTWAVE, "please close my account, I'm going to a different provider", "cancel_contract"),
    # Riverside Dental
    (DENTAL, "hiya, could I book in for a check up sometime next week", "book_appointment"),
    (DENTAL, "I'd like to make a booking to see a dentist", "book_appointment"),
    (DENTAL, "um have you got any appointments available on monday", "book_appointment"),
    (DENTAL, "I'm new to the area and want to join your practice as a patient", "book_appointment"),
    (DENTAL, "I can't come in on wednesday, can I change my appointment", "reschedule_appointment"),
    (DENTAL, "so basically I need to move my check up to a different day", "reschedule_appointment"),
    (DENTAL, "could I rebook my appointment for later in the month", "reschedule_appointment"),
    (DENTAL, "what time do you open on saturdays", "opening_times"),
    (DENTAL, "are you lot open in the evenings at all", "opening_times"),
    (DENTAL, "what are the surgery's hours", "opening_times"),
    (DENTAL, "how much would a filling cost me", "treatment_prices"),
    (DENTAL, "what's the price for teeth whitening", "treatment_prices"),
    (DENTAL, "erm how expensive is a check up with you", "treatment_prices"),
    (DENTAL, "where exactly is the practice", "parking_directions"),
    (DENTAL, "is there a car park near the surgery", "parking_directions"),
    (DENTAL, "what's the best way to get to the clinic by bus", "parking_directions"),
    (DENTAL, "I've got really bad tooth ache and I can't sleep", "dental_emergency"),
    (DENTAL, "half my face has swollen up overnight", "dental_emergency"),
    (DENTAL, "I chipped my tooth and it's agony", "dental_emergency"),
    (DENTAL, "I'd like to complain about the dentist I saw yesterday", "complaint"),
    (DENTAL, "I'm really not happy with the treatment I got", "complaint"),
]

# Clearly about something the policy does not cover.
OUT_OF_SCOPE: list[tuple[str, str]] = [
    (BRIGHTWAVE, "what's the weather going to be like tomorrow in town?"),
    (BRIGHTWAVE, "the weather forecast, for tomorrow"),
    (BRIGHTWAVE, "can you recommend a good pizza restaurant nearby"),
    (BRIGHTWAVE, "who won the football match last night"),
    (DENTAL, "I need to renew my car insurance policy"),
    (DENTAL, "what's the weather going to be like tomorrow in town?"),
]

# Unclear: vague or empty of content. Never out of scope, never confident.
UNCLEAR: list[tuple[str, str]] = [
    (BRIGHTWAVE, "erm so yeah it's about that thing from the other day"),
    (BRIGHTWAVE, "the thing, you know, with the stuff"),
    (BRIGHTWAVE, "um yeah so I was just calling about the er, the thing"),
    (BRIGHTWAVE, "hmm I'm not sure really"),
    (DENTAL, "it's about the thing from before"),
    (DENTAL, "yeah so basically erm you know"),
]

# Torn between two query types: low confidence, both in the candidates.
TORN: list[tuple[str, str, set[str]]] = [
    (BRIGHTWAVE, "I want to cancel my contract or maybe upgrade my plan", {"cancel_contract", "plan_upgrade"}),
]
