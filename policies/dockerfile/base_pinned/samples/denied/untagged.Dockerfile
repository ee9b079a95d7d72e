# expect: dockerfile.base_pinned.untagged
FROM shlinkio/shlink
USER 1001
