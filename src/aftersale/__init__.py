"""aftersale: the follow-up planner for the work that starts after the sale."""

__version__ = "0.1.0"
