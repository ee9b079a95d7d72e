# expect: dockerfile.non_root.root-user
FROM shlinkio/shlink:4.6.0
USER 1001
USER root
