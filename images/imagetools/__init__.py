"""Build, push and pin commands for the phpredis Shlink image (need a Docker daemon / registry)."""
