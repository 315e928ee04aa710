"""What the AI says outside a query type's own answer: every line a policy may override (`messages:`).

Kept apart from the rest of the policy schema because it is wording, not rules: the replies for each
decision (`replies.py`) and the call's callback and verification turns read it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator


class Messages(BaseModel):
    """What the AI says outside a query type's answer; every line can be overridden."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    clarify: str = (
        "Sorry, I want to make sure I get this right. Could you tell me a bit more about what you need help with?"
    )
    # {options}: the caller-style example phrasings of the two query types the turn is torn between.
    clarify_between: str = "Just to be sure I help with the right thing: do you mean something like {options}?"
    offer_specialist: str = "I'm sorry this has been frustrating. Would you like me to connect you with a specialist?"
    offer_declined: str = (
        "No problem, I'll stay with you and keep working on it. Tell me what's happening now and we'll take it "
        "from there."
    )
    empathise: str = (
        "I'm really sorry, I can hear how frustrating this is. I'm here to help: tell me what would put it right "
        "and I'll do everything I can."
    )
    offer_reask: str = (
        "Sorry, I didn't quite catch that. Would you like me to put you through to a specialist? Just say yes or no."
    )
    # Said first when the caller read out card details (redacted at the edge, never recorded).
    card_details_spoken: str = (
        "Please don't read card details out to me: for your security I can't take them by voice, and I haven't "
        "kept them."
    )
    # Said after it when the policy names a payments queue (`card_payments`): the line's secure route.
    card_payments_offer: str = (
        "If you'd like to pay by card, I can put you through to our payments team, who'll take the details "
        "securely. Would you like that?"
    )
    # After the warning, when the caller said nothing but card details and there is no payments queue to offer.
    after_card_details: str = "What else can I help you with today?"
    # A looked-up answer (an action) that the caller says is wrong: looked up again and said again.
    retry: str = "I'm sorry that didn't sort it out. Let's try once more: {answer}"
    # A fixed answer that did not work and no next step (`retry_answer`) left: ask, never read the same step.
    retry_no_step_left: str = (
        "I'm sorry that didn't sort it out. So I don't just repeat myself: what happens when you try it? "
        "Tell me what you see and I'll work out what's different."
    )
    thanks: str = "You're welcome. Is there anything else I can help you with?"
    goodbye: str = "Thanks for calling. Goodbye!"
    affirm_without_question: str = "Great. What else can I help you with today?"
    deny_without_question: str = "No problem. Is there anything else I can help you with?"
    prompt: str = "Hello! What can I help you with today?"
    callback: str = (
        "Our team can't take your call right this moment, so we've booked a callback: "
        "a specialist will ring you back with everything you've told me."
    )
    after_hours: str = (
        "Our specialists are closed right now, so we've booked a callback for when we open. "
        "They'll have everything you've told me."
    )
    # Actions and authentication (docs/actions.md).
    action_failed: str = "I'm sorry, I couldn't get that from our systems just now. Could you ask me again in a moment?"
    auth_prompt: str = "Before I can help with that, I need to check it's you. {question}"
    auth_retry: str = "Sorry, I couldn't verify those details. Let's try again. {question}"
    auth_not_heard: str = "Sorry, I didn't catch that. {question}"
    auth_verified: str = "Thanks, you're verified."
    # Offered instead of booking outright when a queue is closed ({opens}: e.g. "Monday at 08:00").
    callback_offer_after_hours: str = (
        "Our specialists are closed right now and open {opens}. Would you like one of them to call you back "
        "then? They'll have everything you've told me, so you won't need to explain again."
    )
    # Offered to a caller on hold once the queue's `max_wait_s` has passed.
    callback_offer_wait: str = (
        "Sorry for the wait. Would you like a callback instead of holding? "
        "The specialist will have everything you've told me."
    )
    callback_booked_after_hours: str = (
        "Done: a specialist will call you back {opens}, with everything you've told me. Thanks for calling."
    )
    callback_booked_wait: str = (
        "Done: the next available specialist will call you back, with everything you've told me. Thanks for calling."
    )
    callback_declined: str = "No problem. You're welcome to call again once we're open {opens}. Goodbye!"
    callback_keep_holding: str = (
        "No problem, please stay on the line: a specialist will be with you as soon as possible."
    )
    callback_reask: str = "Sorry, I didn't catch that. Shall I book a callback for {opens}? Yes or no?"
    # A closed queue with `after_hours: voicemail` ({opens}: when it opens; {key}: the key that ends the message).
    voicemail_prompt: str = (
        "Our specialists are closed right now and open {opens}. Please leave your name and what you need after "
        "the tone, then press {key} or hang up, and a specialist will call you back."
    )
    voicemail_left: str = (
        "Thanks, we've got your message: a specialist will call you back {opens}, with everything you've told me. "
        "Goodbye!"
    )
    voicemail_empty: str = (
        "We didn't get a message, so no callback is booked. Please call again once we're open {opens}. Goodbye!"
    )

    @model_validator(mode="after")
    def _question_placeholders(self) -> Messages:
        # Formatted in the workflow: a stray placeholder must stop the line at start, not fail a turn.
        for name in ("auth_prompt", "auth_retry", "auth_not_heard"):
            try:
                getattr(self, name).format(question="")
            except (KeyError, IndexError, ValueError):
                raise ValueError(f"messages.{name}: only {{question}} may appear in braces") from None
        return self
