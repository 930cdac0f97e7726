package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/config"
)

const (
	// MaxEchoBytes bounds how much of a request an error message may repeat
	// in one run: an id, a name, a search, a token of the document.
	MaxEchoBytes = apperr.MaxEcho
	// MaxMessageBytes bounds an error message as a whole (a message may list
	// several problems of a document, each clipped to MaxEchoBytes).
	MaxMessageBytes = 1000
)

// quoted matches what %q and gqlparser put between double quotes.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// boundMessage makes msg safe to send. Our own messages (ours: apperr's)
// quote what a client sent with %q, or clip it with apperr.Clip: every
// quoted run is shortened to MaxEchoBytes/2 and the whole message to
// MaxMessageBytes, so that a message listing several problems keeps them
// all. Messages of gqlparser and gqlgen (parse and validation errors,
// which repeat the document's tokens and values, not always quoted) are cut
// to MaxEchoBytes.
func boundMessage(msg string, ours bool) string {
	if !ours {
		return apperr.Clip(msg, MaxEchoBytes)
	}
	msg = quoted.ReplaceAllStringFunc(msg, func(q string) string {
		if len(q) <= MaxEchoBytes/2 {
			return q
		}
		return apperr.Clip(q[:len(q)-1], MaxEchoBytes/2) + `"`
	})
	return apperr.Clip(msg, MaxMessageBytes)
}

// httpStatus is the HTTP status of a request refused with an error of kind
// k before any GraphQL ran.
func httpStatus(k apperr.Kind) int {
	switch k {
	case apperr.BadRequest, apperr.BadInput, apperr.LimitExceeded:
		return http.StatusBadRequest
	case apperr.PayloadTooLarge:
		return http.StatusRequestEntityTooLarge
	case apperr.UnsupportedMediaType:
		return http.StatusUnsupportedMediaType
	case apperr.MethodNotAllowed:
		return http.StatusMethodNotAllowed
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// refuse answers a request the transport cannot run, in the shape of every
// GraphQL error: {"errors":[{"message":…,"extensions":{"code":…}}]}.
func refuse(w http.ResponseWriter, err error) {
	kind := apperr.KindOf(err)
	if kind == apperr.MethodNotAllowed {
		w.Header().Set("Allow", "GET, POST, OPTIONS")
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(httpStatus(kind))
	writeResponse(w, &graphql.Response{Errors: gqlerror.List{{
		Message: boundMessage(apperr.Message(err), true), Extensions: map[string]any{"code": string(kind)},
	}}})
}

// writeResponse writes resp as json.Marshal would, except that data, which
// gqlgen wrote itself as compact JSON, is copied as it is: json.Marshal
// validates and compacts a json.RawMessage byte by byte, 70 ms of a 9 MB
// network answer. The keys come in graphql.Response's order.
func writeResponse(w io.Writer, resp *graphql.Response) {
	head := []byte{'{'}
	if len(resp.Errors) > 0 {
		e, err := json.Marshal(resp.Errors)
		if err != nil { // messages and codes we made; cannot happen short of a bug
			e = []byte(`[{"message":"internal error","extensions":{"code":"INTERNAL"}}]`)
		}
		head = append(append(append(head, `"errors":`...), e...), ',')
	}
	head = append(head, `"data":`...)
	data := []byte(resp.Data)
	if len(data) == 0 {
		data = []byte("null")
	}
	tail := []byte{'}'}
	rest, err := json.Marshal(struct {
		Label      string         `json:"label,omitempty"`
		Path       ast.Path       `json:"path,omitempty"`
		HasNext    *bool          `json:"hasNext,omitempty"`
		Extensions map[string]any `json:"extensions,omitempty"`
	}{resp.Label, resp.Path, resp.HasNext, resp.Extensions})
	if err == nil && len(rest) > 2 {
		tail = append(append([]byte{','}, rest[1:len(rest)-1]...), '}')
	}
	for _, b := range [][]byte{head, data, tail} {
		if _, err := w.Write(b); err != nil {
			return // the client left; nothing to tell it
		}
	}
}

// transports are /graphql's, in the order gqlgen tries them: the first that
// supports a request serves it.
func transports(lim config.Limits) []graphql.Transport {
	return []graphql.Transport{transport.Options{}, getQuery{}, postJSON{maxBody: lim.MaxBodyBytes}, otherMethods{}}
}

// postJSON is POST /graphql: one JSON request {"query", "operationName",
// "variables", "extensions"} of at most maxBody bytes. It replaces gqlgen's
// POST transport, whose errors carry no code and quote the whole body.
type postJSON struct{ maxBody int64 }

func (postJSON) Supports(r *http.Request) bool { return r.Method == http.MethodPost }

func (t postJSON) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	params, err := readPOST(w, r, t.maxBody)
	if err != nil {
		refuse(w, err)
		return
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, params, false)
}

// jsonTypes are the request content types POST accepts: JSON, and the
// GraphQL-over-HTTP response type some clients also send as theirs.
var jsonTypes = map[string]bool{"application/json": true, "application/graphql-response+json": true}

// readPOST reads and decodes a POST body: labelled JSON, at most maxBody
// bytes, one request. A larger body is not read past maxBody, and the
// connection closes after the answer.
func readPOST(w http.ResponseWriter, r *http.Request, maxBody int64) (*graphql.RawParams, error) {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !jsonTypes[ct] {
		return nil, apperr.New(apperr.UnsupportedMediaType, "POST /graphql takes a JSON body: send Content-Type: application/json")
	}
	if r.ContentLength > maxBody {
		return nil, tooLarge(maxBody)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if errors.As(err, new(*http.MaxBytesError)) {
		return nil, tooLarge(maxBody)
	}
	if err != nil {
		return nil, apperr.Wrap(apperr.BadRequest, err, "the body could not be read")
	}
	return decodeRequest(body)
}

func tooLarge(maxBody int64) error {
	return apperr.New(apperr.PayloadTooLarge, "the body is larger than %d bytes", maxBody)
}

// request is the JSON of one GraphQL request. Pointers tell a missing
// member from an empty one; variables and extensions are objects.
type request struct {
	Query         *string        `json:"query"`
	OperationName *string        `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    map[string]any `json:"extensions"`
}

// decodeRequest turns a body into parameters, or a BAD_REQUEST error that
// says what is wrong without quoting the body.
func decodeRequest(body []byte) (*graphql.RawParams, error) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return nil, apperr.New(apperr.BadRequest, `the body is empty: send {"query": "…"}`)
	case trimmed[0] == '[':
		return nil, apperr.New(apperr.BadRequest, "batched requests are not supported: send one operation per request")
	case trimmed[0] != '{':
		return nil, apperr.New(apperr.BadRequest, `the body is not a JSON object like {"query": "…"}`)
	}
	var req request
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		return nil, badJSON(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, apperr.New(apperr.BadRequest, "the body holds more than one JSON value")
	}
	p := &graphql.RawParams{Variables: req.Variables, Extensions: req.Extensions}
	if req.Query != nil {
		p.Query = *req.Query
	}
	if req.OperationName != nil {
		p.OperationName = *req.OperationName
	}
	return p, nil
}

// badJSON describes a decoding error by position and member, never by the
// text found there.
func badJSON(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return apperr.Wrap(apperr.BadRequest, err, "the body is not valid JSON (at byte %d)", syntax.Offset)
	case errors.As(err, &typ):
		want := map[string]string{"query": "a string", "operationName": "a string", "variables": "an object", "extensions": "an object"}
		field, _, _ := strings.Cut(typ.Field, ".")
		if w, ok := want[field]; ok {
			return apperr.Wrap(apperr.BadRequest, err, "%s must be %s", field, w)
		}
		return apperr.Wrap(apperr.BadRequest, err, "the body has a member of the wrong JSON type (at byte %d)", typ.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return apperr.Wrap(apperr.BadRequest, err, "the body ends in the middle of its JSON")
	}
	return apperr.Wrap(apperr.BadRequest, err, "the body is not valid JSON")
}

// getQuery is GET /graphql?query=…&variables=…: queries only, so that a
// link can never change data.
type getQuery struct{}

func (getQuery) Supports(r *http.Request) bool { return r.Method == http.MethodGet }

func (getQuery) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	params, err := readGET(r.URL.RawQuery)
	if err != nil {
		refuse(w, err)
		return
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, params, true)
}

func readGET(rawQuery string) (*graphql.RawParams, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, apperr.Wrap(apperr.BadRequest, err, "the URL's query string is malformed")
	}
	p := &graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName")}
	for _, m := range []struct {
		name string
		dst  *map[string]any
	}{{"variables", &p.Variables}, {"extensions", &p.Extensions}} {
		name, dst := m.name, m.dst
		v := q.Get(name)
		if v == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(v))
		dec.UseNumber()
		if err := dec.Decode(dst); err != nil {
			return nil, apperr.Wrap(apperr.BadRequest, err, "%s must be a JSON object", name)
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, apperr.New(apperr.BadRequest, "%s must be one JSON object", name)
		}
	}
	return p, nil
}

// otherMethods answers every method the transports before it do not take.
type otherMethods struct{}

func (otherMethods) Supports(*http.Request) bool { return true }
func (otherMethods) Do(w http.ResponseWriter, r *http.Request, _ graphql.GraphExecutor) {
	refuse(w, apperr.New(apperr.MethodNotAllowed, "/graphql takes GET and POST requests"))
}

// execute runs params as gqlgen's own transports do, with the response
// content type the client accepts.
func execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, params *graphql.RawParams, queriesOnly bool) {
	ctx := r.Context()
	ctype := responseType(r.Header.Get("Accept"))
	params.Headers = r.Header
	rc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		w.Header().Set("Content-Type", ctype)
		status := http.StatusOK
		if errcode.GetErrorKind(errs) == errcode.KindProtocol {
			status = http.StatusUnprocessableEntity
			if ctype == graphQLResponseJSON {
				status = http.StatusBadRequest
			}
		}
		w.WriteHeader(status)
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs))
		return
	}
	if queriesOnly && rc.Operation.Operation != ast.Query {
		refuse(w, apperr.New(apperr.MethodNotAllowed, "GET runs queries only; send a %s with POST", rc.Operation.Operation))
		return
	}
	w.Header().Set("Content-Type", ctype)
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeResponse(w, responses(ctx))
}

const graphQLResponseJSON = "application/graphql-response+json"

// responseType is application/json unless the client accepts only the
// GraphQL-over-HTTP type, as gqlgen decides.
func responseType(accept string) string {
	if accept == "" {
		return "application/json"
	}
	for part := range strings.SplitSeq(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "*/*", "application/*", "application/json":
			return "application/json"
		case graphQLResponseJSON:
			return graphQLResponseJSON
		}
	}
	return graphQLResponseJSON
}

var (
	_ graphql.Transport = postJSON{}
	_ graphql.Transport = getQuery{}
	_ graphql.Transport = otherMethods{}
)
