# expect: dockerfile.base_pinned.untagged
# also: dockerfile.base_pinned.no-digest  (a digest would pin it)
FROM shlinkio/shlink
USER 1001
