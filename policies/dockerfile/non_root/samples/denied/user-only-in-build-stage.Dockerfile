# expect: dockerfile.non_root.no-user
FROM alpine:3.21 AS build
USER 1001
FROM shlinkio/shlink:4.6.0
RUN echo hi
