# Multi-stage build of iograph; docker-compose.yml wires it to Neo4j.
# The image runs scripts/run, as `make run` does with NEO4J_URI set: the
# schema, the same demo data (generated release, demo/ files, asset list,
# saved queries; skipped where already loaded), then the server.
# IOGRAPH_NO_DEMO=1 loads nothing.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/iograph ./cmd/iograph

FROM debian:bookworm-slim
RUN useradd --system --home-dir /iograph iograph && mkdir -p /iograph/.iograph && chown iograph /iograph/.iograph
WORKDIR /iograph
COPY --from=build /out/iograph bin/iograph
COPY scripts/run scripts/run
COPY demo demo
USER iograph
EXPOSE 8080
ENTRYPOINT ["scripts/run"]
