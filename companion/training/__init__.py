"""The application's verbs, without Textual: what is due, finishing a session, replaying history.

- ``today.load_today(store, catalogue, day, session_key=None) -> Today``: the session due on a
  day (or the one named), its sets and targets, the warnings. Home, the session picker,
  ``companion next`` and every export read it.
- ``finish.next_targets`` / ``finish.finish``: the next targets from a session's sets, stored
  with the session in one write.
- ``replay.replay(plan, sessions)``: the targets from the recorded history alone;
  ``replay.rederive(store)`` keeps them after the history changed another way.
- ``swap.swap_sets``: the sets of an exercise done instead of the planned one.

Imports point down only: domain, io and store; never Textual or ``companion.ui``.
"""
