"""Reusable cdk8s constructs (typed Kubernetes resources): one concern per class, keyword-only arguments."""
