"""Pieces of the read API shared by every resource."""
