"""Test fixtures only: stand-ins for things unreachable from this machine."""
