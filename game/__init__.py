"""Open Sesame: an agent-based social simulation game about social-credit scoring."""

__version__ = "0.2.0"
