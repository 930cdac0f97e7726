// Package web holds the browser-side files the server embeds: GraphiQL for
// the Playground, vendored so it works offline (see playground/README.md).
package web

import (
	"crypto/sha512"
	"embed"
	"encoding/base64"
	"io/fs"
	"net/http"

	"github.com/99designs/gqlgen/graphql/playground"
)

//go:embed playground/*.js playground/*.css
var files embed.FS

// Assets serves the vendored files; mount it at prefix.
func Assets(prefix string) http.Handler {
	sub, _ := fs.Sub(files, "playground") // the directory is embedded, so Sub cannot fail
	return http.StripPrefix(prefix, http.FileServerFS(sub))
}

// Playground is GraphiQL for endpoint, loading its scripts and styles from
// prefix (where Assets is mounted), each with its subresource integrity.
func Playground(title, endpoint, prefix string) http.HandlerFunc {
	url := func(name string) string { return prefix + name }
	return playground.Handler(title, endpoint,
		playground.WithGraphiqlVersion(url("graphiql.min.js"), url("graphiql.min.css"), sri("graphiql.min.js"), sri("graphiql.min.css")),
		playground.WithGraphiqlReactVersion(url("react.production.min.js"), url("react-dom.production.min.js"),
			sri("react.production.min.js"), sri("react-dom.production.min.js")),
		playground.WithGraphiqlPluginExplorerVersion(url("plugin-explorer.umd.js"), url("plugin-explorer.css"),
			sri("plugin-explorer.umd.js"), sri("plugin-explorer.css")),
	)
}

// sri is a file's subresource-integrity hash.
func sri(name string) string {
	b, err := files.ReadFile("playground/" + name)
	if err != nil {
		panic("web: " + name + " is not embedded") // a build without the file is broken
	}
	sum := sha512.Sum384(b)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}
