"""Pod Security Standards *restricted* security contexts."""

NONROOT_UID = 1001


def restricted_pod_security_context(*, uid: int = NONROOT_UID, fs_group: int | None = None) -> dict:
    """Pod-level context satisfying PSS restricted: non-root, non-zero uid, RuntimeDefault seccomp."""
    if uid == 0:
        raise ValueError("uid 0 is root; PSS restricted needs a non-zero runAsUser")
    ctx = {
        "runAsNonRoot": True,
        "runAsUser": uid,
        "runAsGroup": uid,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    if fs_group is not None:
        ctx["fsGroup"] = fs_group
    return ctx


def restricted_container_security_context() -> dict:
    """Container-level context: no escalation, all capabilities dropped, read-only root."""
    return {
        "allowPrivilegeEscalation": False,
        "privileged": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
