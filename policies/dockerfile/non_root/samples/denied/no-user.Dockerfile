# expect: dockerfile.user.missing
FROM shlinkio/shlink:4.6.0
RUN echo hi
