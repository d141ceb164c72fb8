"""sanctionwatch: screening against official sanctions lists and reading the news for transfers."""

__version__ = "0.1.0"
