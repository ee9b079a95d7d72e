"""Which charts (ArgoCD Applications) a profile renders."""

from urlplatform.charts.shlink import ShlinkChart
from urlplatform.config import Profile


def chart_classes(profile: Profile) -> list[type]:
    """Chart classes in render order; each has `app_name` and takes `profile=`."""
    return [ShlinkChart]
