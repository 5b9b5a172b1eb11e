"""A local Telegram Bot API server for tests, demos and benchmarks, and its client.

``SandboxServer`` answers the Bot API on loopback; ``SandboxClient`` acts as
simulated users through the server's control API and reads what the bot did.
"""

from .client import SandboxClient, SimUser
from .ratelimit import Limits
from .server import SANDBOX_TOKEN, SandboxServer
from .transcript import Button, CallbackAnswer, ChatMessage, format_transcript

__all__ = [
    "SANDBOX_TOKEN",
    "Button",
    "CallbackAnswer",
    "ChatMessage",
    "Limits",
    "SandboxClient",
    "SandboxServer",
    "SimUser",
    "format_transcript",
]
