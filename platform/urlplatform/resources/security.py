"""Pod Security Standards *restricted* security contexts, as typed Kubernetes structs."""

from cdk8s_plus_31 import k8s

NONROOT_UID = 1001
RUNTIME_DEFAULT_SECCOMP = k8s.SeccompProfile(type="RuntimeDefault")


def restricted_pod_security_context(*, uid: int = NONROOT_UID, fs_group: int | None = None) -> k8s.PodSecurityContext:
    """Pod-level context satisfying PSS restricted: non-root, non-zero uid, RuntimeDefault seccomp."""
    if uid == 0:
        raise ValueError("uid 0 is root; PSS restricted needs a non-zero runAsUser")
    return k8s.PodSecurityContext(run_as_non_root=True, run_as_user=uid, run_as_group=uid,
                                  seccomp_profile=RUNTIME_DEFAULT_SECCOMP, fs_group=fs_group)


def restricted_container_security_context() -> k8s.SecurityContext:
    """Container-level context: no escalation, all capabilities dropped, read-only root."""
    return k8s.SecurityContext(allow_privilege_escalation=False, privileged=False, read_only_root_filesystem=True,
                               run_as_non_root=True, capabilities=k8s.Capabilities(drop=["ALL"]),
                               seccomp_profile=RUNTIME_DEFAULT_SECCOMP)
