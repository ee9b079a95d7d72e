"""Conftest-style policy gate over Kubernetes manifests and Dockerfiles, evaluated by regopy."""
