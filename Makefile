# The two commands a newcomer needs: `make run` and `make test`.
GO ?= go

.PHONY: run stop test build generate fuzz web neo4j-start neo4j-stop neo4j-status neo4j-reset

FUZZTIME ?= 60s

## run: start Neo4j (unless NEO4J_URI is set), migrate, load the demo data, serve on :8080
run: build
	scripts/run

## stop: stop the Neo4j that `make run` started (Ctrl-C stops the server itself)
stop:
	scripts/neo4j stop

## test: start an isolated Neo4j, run every test against it, stop it
test:
	scripts/test

## fuzz: run every fuzz target for FUZZTIME each (make fuzz FUZZTIME=5s)
fuzz:
	scripts/fuzz $(FUZZTIME)

## build: compile bin/iograph
build:
	$(GO) build -o bin/iograph ./cmd/iograph

## generate: regenerate gqlgen's code after editing schema/ or gqlgen.yml
generate:
	$(GO) generate ./...

## web: rebuild the workbench (web/dist, committed and embedded) from web/src:
## npm ci, GraphQL types from schema/, type check, esbuild. Needs Node and npm.
web:
	cd web && npm ci --no-audit --no-fund && npm run build

neo4j-start:
	scripts/neo4j start
neo4j-stop:
	scripts/neo4j stop
neo4j-status:
	scripts/neo4j status
neo4j-reset:
	scripts/neo4j reset
