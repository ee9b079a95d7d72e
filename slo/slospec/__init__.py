"""Shlink's SLOs as code: the typed spec (`model`) and the PromQL generated from it (`rules`)."""
