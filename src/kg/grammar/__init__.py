"""The grammar of mentions: how a rule's match grows into a whole name.

One module per target (:mod:`~kg.grammar.person`, :mod:`~kg.grammar.organisation`,
:mod:`~kg.grammar.place`, :mod:`~kg.grammar.event`, :mod:`~kg.grammar.agreement`), the
word tests they share (:mod:`~kg.grammar.shapes`, :mod:`~kg.grammar.role`,
:mod:`~kg.grammar.names`), the sentence view they read (:mod:`~kg.grammar.view`), and
the one table of growers by name (:mod:`~kg.grammar.registry`) that the rule loader
validates against. The stage that runs
the rules is :func:`kg.mentions.find_mentions`.
"""
