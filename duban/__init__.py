"""duban (督办): from the official document that announces a plan to the reports that close it."""

__version__ = "0.1.0"
