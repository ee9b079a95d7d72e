"""Pod Security Admission parity: the gate's PSS verdicts against the API server's, sample by sample."""
