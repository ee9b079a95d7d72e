FROM golang:1.23.4 AS build
RUN go build ./...
FROM gcr.io/distroless/static:nonroot
USER nonroot:nonroot
