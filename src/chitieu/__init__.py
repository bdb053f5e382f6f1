"""chitieu: targets, results and reviews of Vietnamese ward and commune Party committees."""

__version__ = "0.1.0"
