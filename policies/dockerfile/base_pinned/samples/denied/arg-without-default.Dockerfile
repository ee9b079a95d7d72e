# expect: dockerfile.base_pinned.unresolved-arg
ARG VERSION
FROM shlinkio/shlink:${VERSION}
USER 1001
