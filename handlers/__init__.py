"""Handlers: turn one inbound event into a domain call or a flow step, per audience."""
