"""Typed platform profiles: `load_profile(name)` returns a validated `Profile`."""

from urlplatform.config.load import ConfigError, load_profile, load_profile_file, profile_names
from urlplatform.config.model import Profile

__all__ = ["ConfigError", "Profile", "load_profile", "load_profile_file", "profile_names"]
