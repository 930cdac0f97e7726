package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/neo4jtest"
)

// There is no Docker engine on the development machines, so this test is
// what keeps docker-compose.yml and the Dockerfile true to the code.
func TestComposeFileAgreesWithCode(t *testing.T) {
	raw, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       string            `yaml:"build"`
			Environment map[string]string `yaml:"environment"`
			Ports       []string          `yaml:"ports"`
			Healthcheck *struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
			DependsOn map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(raw, &compose); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	db, ok := compose.Services["neo4j"]
	if !ok {
		t.Fatal("no neo4j service")
	}
	if db.Image != neo4jtest.Image {
		t.Errorf("neo4j image %q, tests use %q", db.Image, neo4jtest.Image)
	}
	for _, p := range []string{":7687:7687", ":7474:7474"} {
		if !slices.ContainsFunc(db.Ports, func(s string) bool { return strings.HasSuffix(s, p) }) {
			t.Errorf("neo4j ports %v lack %s", db.Ports, p)
		}
	}
	if db.Healthcheck == nil || len(db.Healthcheck.Test) == 0 {
		t.Error("neo4j has no healthcheck")
	}
	if !strings.Contains(db.Environment["NEO4J_AUTH"], config.DevPassword) {
		t.Errorf("NEO4J_AUTH %q does not default to the documented dev password", db.Environment["NEO4J_AUTH"])
	}

	app, ok := compose.Services["iograph"]
	if !ok {
		t.Fatal("no iograph service")
	}
	if app.Build != "." {
		t.Errorf("iograph builds from %q, want the Dockerfile at the root", app.Build)
	}
	if app.DependsOn["neo4j"].Condition != "service_healthy" {
		t.Errorf("iograph does not wait for a healthy neo4j: %+v", app.DependsOn)
	}
	for name := range app.Environment {
		if !slices.Contains(config.EnvNames, name) {
			t.Errorf("compose sets %s, which iograph does not read (it reads %v)", name, config.EnvNames)
		}
	}
	for _, name := range []string{"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "IOGRAPH_ADDR"} {
		if app.Environment[name] == "" {
			t.Errorf("compose does not set %s for iograph", name)
		}
	}
	if !strings.HasPrefix(app.Environment["NEO4J_URI"], "bolt://neo4j:") {
		t.Errorf("NEO4J_URI %q does not point at the neo4j service", app.Environment["NEO4J_URI"])
	}
	port := strings.TrimPrefix(app.Environment["IOGRAPH_ADDR"], ":")
	if !slices.ContainsFunc(app.Ports, func(s string) bool { return strings.HasSuffix(s, ":"+port) }) {
		t.Errorf("iograph listens on %s but publishes %v", port, app.Ports)
	}
	if app.Healthcheck == nil || !slices.Contains(app.Healthcheck.Test, "healthcheck") {
		t.Error("iograph healthcheck does not use `iograph healthcheck`")
	}

	if _, ok := app.Environment["IOGRAPH_NO_DEMO"]; ok {
		t.Error("compose sets IOGRAPH_NO_DEMO: it would serve an empty graph, unlike make run")
	}

	// The image starts as make run does: scripts/run, with the binary where
	// that script calls it and the demo files it loads.
	df, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	run, err := os.ReadFile("../../scripts/run")
	if err != nil {
		t.Fatal(err)
	}
	bin := regexp.MustCompile(`(?m)^iograph=(\S+)$`).FindSubmatch(run)
	if bin == nil {
		t.Fatal("scripts/run no longer names its binary as iograph=PATH")
	}
	for _, want := range []string{"./cmd/iograph", "COPY --from=build /out/iograph " + string(bin[1]) + "\n",
		"COPY scripts/run scripts/run\n", "COPY demo demo\n", `ENTRYPOINT ["scripts/run"]`, "EXPOSE " + port} {
		if !strings.Contains(string(df), want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	for _, demo := range regexp.MustCompile(`\bdemo/[^\s"*]+`).FindAll(run, -1) {
		if _, err := os.Stat("../../" + string(demo)); err != nil {
			t.Errorf("scripts/run loads %s: %v", demo, err)
		}
	}
	if app.Healthcheck != nil && !slices.Contains(app.Healthcheck.Test, string(bin[1])) {
		t.Errorf("iograph healthcheck %v does not run %s", app.Healthcheck.Test, bin[1])
	}
}
