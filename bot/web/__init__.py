"""The worker's HTTP side: webhook receiver, health check and metrics."""
