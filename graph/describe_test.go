package graph_test

import (
	"strings"
	"testing"

	"github.com/iograph/iograph/graph"
)

// The Playground is the API's manual: every type, field, argument, input
// field and enum value of our schema must say what it is.
func TestEveryTypeFieldAndArgumentIsDocumented(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	checked := 0
	for name, def := range schema.Types {
		if strings.HasPrefix(name, "__") || def.BuiltIn {
			continue
		}
		if strings.TrimSpace(def.Description) == "" && name != "Query" {
			t.Errorf("type %s has no description", name)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			checked++
			if strings.TrimSpace(f.Description) == "" {
				t.Errorf("field %s.%s has no description", name, f.Name)
			}
			for _, a := range f.Arguments {
				if strings.TrimSpace(a.Description) == "" {
					t.Errorf("argument %s.%s(%s) has no description", name, f.Name, a.Name)
				}
			}
		}
		for _, v := range def.EnumValues {
			if strings.TrimSpace(v.Description) == "" {
				t.Errorf("enum value %s.%s has no description", name, v.Name)
			}
		}
	}
	if checked < 50 {
		t.Fatalf("checked only %d fields", checked)
	}
}

// Applied directives are not visible through introspection, so the role a
// field needs must also be in its description, where the Playground shows it.
// Every mutation declares its role: one without @hasRole would be open to any
// signed-in user by accident.
func TestEveryRoleIsDeclaredAndDocumented(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	roles := 0
	for name, def := range schema.Types {
		if def.BuiltIn {
			continue
		}
		for _, f := range def.Fields {
			d := f.Directives.ForName("hasRole")
			if d == nil {
				if name == "Mutation" {
					t.Errorf("mutation %s declares no @hasRole", f.Name)
				}
				continue
			}
			roles++
			role := d.Arguments.ForName("role").Value.Raw
			if !strings.Contains(f.Description, "Needs the "+role+" role") {
				t.Errorf("%s.%s needs %s but its description does not say so: %q", name, f.Name, role, f.Description)
			}
		}
	}
	if roles < 15 {
		t.Fatalf("only %d fields declare a role", roles)
	}
}
