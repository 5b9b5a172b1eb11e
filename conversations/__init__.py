"""Conversations: a small flow engine and the flows, each declared top to bottom."""
