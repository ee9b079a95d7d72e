"""Which charts (ArgoCD Applications) a profile renders, in render order."""

from urlplatform.charts.certificates import CertificatesChart
from urlplatform.charts.data import DataChart
from urlplatform.charts.gitops import AppsChart, RootChart
from urlplatform.charts.mesh import MeshChart
from urlplatform.charts.observability import ObservabilityChart
from urlplatform.charts.secrets import SecretsChart
from urlplatform.charts.shlink import ShlinkChart
from urlplatform.config import Profile


def chart_classes(profile: Profile) -> list[type]:
    """Chart classes; each has `app_name` and takes `profile=`. The kind profile has no Vault store."""
    charts = [RootChart, AppsChart, CertificatesChart, DataChart, MeshChart, ObservabilityChart, ShlinkChart]
    if profile.uses_vault:
        charts.insert(2, SecretsChart)
    return charts
