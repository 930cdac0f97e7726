// Package web holds the browser-side files the server embeds: the workbench
// (dist/, built from the TypeScript in src/ by `make web`, committed so that
// building the server needs no Node) and GraphiQL for the Playground,
// vendored so that it works offline (see playground/README.md).
package web

import (
	"bytes"
	"crypto/sha512"
	"embed"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"time"
)

//go:embed playground/*.js playground/*.css
var files embed.FS

//go:embed dist/index.html dist/app.js dist/app.css dist/THIRD_PARTY.txt dist/playground-tabs.json
var dist embed.FS

// Dist is the built workbench, for the test that compares it with a fresh build.
var Dist fs.FS = dist

// workbenchPolicy keeps the workbench on this server: scripts, styles,
// images and connections are its own; ForceAtlas2's worker starts from a
// blob: URL; the PNG export draws through a blob: URL.
const workbenchPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
	"worker-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Workbench serves the workbench's page.
func Workbench() http.HandlerFunc {
	page := mustRead(dist, "dist/index.html")
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", workbenchPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(page)
	}
}

// WorkbenchAssets serves the workbench's script, stylesheet and licence
// notices under prefix, and nothing else of dist/.
func WorkbenchAssets(prefix string) http.Handler {
	served := map[string]bool{"app.js": true, "app.css": true, "THIRD_PARTY.txt": true}
	return http.StripPrefix(prefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := path.Clean(r.URL.Path)
		if !served[name] {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		// The page names each file with its content hash (?v=), so a new
		// build is fetched anew; within one, the browser revalidates.
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(mustRead(dist, "dist/"+name)))
	}))
}

// Assets serves the vendored GraphiQL files; mount it at prefix.
func Assets(prefix string) http.Handler {
	sub, _ := fs.Sub(files, "playground") // the directory is embedded, so Sub cannot fail
	return http.StripPrefix(prefix, http.FileServerFS(sub))
}

// PlaygroundTab is one tab the Playground opens with.
type PlaygroundTab struct {
	Query     string `json:"query"`
	Variables string `json:"variables,omitempty"`
}

// PlaygroundTabs are the demo's saved queries (demo/queries), copied into
// the bundle by `make web`.
func PlaygroundTabs() []PlaygroundTab {
	var tabs []PlaygroundTab
	if err := json.Unmarshal(mustRead(dist, "dist/playground-tabs.json"), &tabs); err != nil {
		panic("web: dist/playground-tabs.json: " + err.Error())
	}
	return tabs
}

// Playground is GraphiQL for endpoint with the explorer plugin, loading its
// scripts and styles from prefix (where Assets is mounted), each with its
// subresource integrity. It opens with the demo's queries as tabs; a link
// with ?query=…&variables=… (the workbench's "Show query") opens that
// query in a tab of its own.
func Playground(title, endpoint, prefix string) http.HandlerFunc {
	tabs, err := json.Marshal(PlaygroundTabs())
	if err != nil {
		panic(err)
	}
	data := map[string]any{"Title": title, "Endpoint": endpoint, "Tabs": template.JS(tabs)}
	for _, f := range []struct{ key, name string }{
		{"GraphiQL", "graphiql.min.js"}, {"GraphiQLCSS", "graphiql.min.css"}, {"React", "react.production.min.js"},
		{"ReactDOM", "react-dom.production.min.js"}, {"Explorer", "plugin-explorer.umd.js"}, {"ExplorerCSS", "plugin-explorer.css"},
	} {
		data[f.key] = template.URL(prefix + f.name)
		data[f.key+"SRI"] = sri(f.name)
	}
	var buf bytes.Buffer
	if err := playgroundPage.Execute(&buf, data); err != nil {
		panic(err)
	}
	page := buf.Bytes()
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(page)
	}
}

// playgroundPage follows gqlgen's GraphiQL page, adding the explorer plugin
// and the opening tabs, which gqlgen's options cannot set.
var playgroundPage = template.Must(template.New("playground").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}} — Playground</title>
<style>body{margin:0}#graphiql{height:100vh}.loading{height:100%;display:flex;align-items:center;justify-content:center;font:2rem system-ui,sans-serif}</style>
<script src="{{.React}}" integrity="{{.ReactSRI}}" crossorigin="anonymous"></script>
<script src="{{.ReactDOM}}" integrity="{{.ReactDOMSRI}}" crossorigin="anonymous"></script>
<link rel="stylesheet" href="{{.GraphiQLCSS}}" integrity="{{.GraphiQLCSSSRI}}" crossorigin="anonymous">
<link rel="stylesheet" href="{{.ExplorerCSS}}" integrity="{{.ExplorerCSSSRI}}" crossorigin="anonymous">
</head>
<body>
<div id="graphiql"><div class="loading">Loading…</div></div>
<script src="{{.GraphiQL}}" integrity="{{.GraphiQLSRI}}" crossorigin="anonymous"></script>
<script src="{{.Explorer}}" integrity="{{.ExplorerSRI}}" crossorigin="anonymous"></script>
<script>
  const demoTabs = {{.Tabs}};
  const params = new URLSearchParams(location.search);
  const query = params.get("query") || undefined;
  const variables = params.get("variables") || undefined;
  const defaultTabs = (query ? [{query, variables}] : []).concat(demoTabs);
  const fetcher = GraphiQL.createFetcher({url: location.origin + {{.Endpoint}}});
  ReactDOM.render(React.createElement(GraphiQL, {
    fetcher,
    defaultTabs,
    query,
    variables,
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
    isHeadersEditorEnabled: true,
    inputValueDeprecation: true,
  }), document.getElementById("graphiql"));
</script>
</body>
</html>
`))

// sri is a vendored file's subresource-integrity hash.
func sri(name string) string {
	sum := sha512.Sum384(mustRead(files, "playground/"+name))
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

func mustRead(fsys embed.FS, name string) []byte {
	b, err := fsys.ReadFile(name)
	if err != nil {
		panic("web: " + name + " is not embedded") // a build without the file is broken
	}
	return b
}
