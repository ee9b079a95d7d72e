# expect: dockerfile.base_pinned.latest
# also: dockerfile.base_pinned.no-digest  (a digest would override the tag)
FROM shlinkio/shlink:latest
USER 1001
