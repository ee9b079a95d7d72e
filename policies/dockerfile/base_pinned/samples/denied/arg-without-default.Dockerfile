# expect: dockerfile.base.unresolved-arg
ARG VERSION
FROM shlinkio/shlink:${VERSION}
USER 1001
