# Multi-stage build of the iograph server; docker-compose.yml wires it to Neo4j.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/iograph ./cmd/iograph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/iograph /iograph
EXPOSE 8080
ENTRYPOINT ["/iograph"]
CMD ["serve"]
