# expect: dockerfile.user.missing
FROM alpine:3.21 AS build
USER 1001
FROM shlinkio/shlink:4.6.0
RUN echo hi
