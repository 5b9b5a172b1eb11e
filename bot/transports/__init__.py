"""Transports: python-telegram-bot (`ptb`) and raw Bot API over aiohttp (`aiohttp`)."""
