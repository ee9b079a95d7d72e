"""One cdk8s Chart per ArgoCD Application; `CHARTS` lists them in render order."""
