"""Matching's pure rules, no I/O: what is known of an edition (`facts`), how
one pair scores and why (`scoring`), every organisation's best partners
(`ranking`), and the languages the reasons are explained in (`language`)."""
