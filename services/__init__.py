"""Use cases: what happens when an athlete checks in, logs a run, or a morning comes.

This layer sits between the adapters and the core (bot -> scheduler -> services -> storage ->
coach): it loads what the coach needs through storage, calls the pure core with "now" from
the clock, and records the outcome. Handlers and the scheduler call it; neither talks to the
coach and storage separately, so a morning push and /today always agree.
"""
