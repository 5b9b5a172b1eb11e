"""The rules of civic-bot: catalogue, sites, the order lifecycle, dispatch, points.

Plain Python with no I/O of its own: everything that lasts goes through the
ports in :mod:`domain.ports`.
"""
