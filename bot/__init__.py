"""The application shell: settings, assembly, transports, sweeper and the CLI."""
