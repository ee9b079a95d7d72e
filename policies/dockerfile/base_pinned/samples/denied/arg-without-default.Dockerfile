# expect: dockerfile.base_pinned.unresolved-arg
# also: dockerfile.base_pinned.no-digest  (an unresolved reference carries no digest)
ARG VERSION
FROM shlinkio/shlink:${VERSION}
USER 1001
