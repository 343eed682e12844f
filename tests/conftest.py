"""Shared fixtures. Role personas live in tests/personas.py."""
