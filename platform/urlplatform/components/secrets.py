"""The secrets app: the Vault ClusterSecretStore External Secrets reads (homelab only)."""

from dataclasses import dataclass

from urlplatform.components.base import OwnApp
from urlplatform.components.external_secrets import EXTERNAL_SECRETS

SECRETS = OwnApp(app="secrets", namespace=EXTERNAL_SECRETS.namespace, wave=-5, vault_only=True)


@dataclass(frozen=True, kw_only=True)
class SecretStore:
    """The ClusterSecretStore consumers name, and how often their ExternalSecrets poll it."""

    name: str
    refresh_interval: str


# One poll interval for every credential: both sides of a shared credential (e.g. Shlink's DB password and
# PGO's user Secret) pick up a Vault rotation within the same bound.
VAULT_STORE = SecretStore(name="vault", refresh_interval="1m")
