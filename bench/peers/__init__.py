"""Peer form libraries for the page benchmark (see README.md)."""
