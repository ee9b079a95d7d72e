"""Reusable cdk8s constructs: one concern per class, keyword-only arguments."""
