"""How an internal name (a query type, a method, a queue) is said to a person.

Callers, agents and the helpdesk read names such as ``bill_dispute`` as words; every module that speaks one uses
this, so the same name is never said two ways.
"""


def humanize(name: str) -> str:
    return name.replace("_", " ").replace("-", " ")
