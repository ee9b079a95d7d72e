# expect: dockerfile.non_root.no-user
FROM shlinkio/shlink:4.6.0
RUN echo hi
