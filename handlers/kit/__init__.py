"""The handler kit: what every feature module builds on, and none of them.

The router, a handler's context and services, the transport ports, declarative
presses, rendering, long-list chunking and the flow runner (`finishers`). Feature
modules in `handlers/` import the kit; the kit imports no feature module
(tests/unit/test_import_layers.py).
"""
