package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/iograph/iograph/internal/auth"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/store"
)

const usersUsage = `iograph users — who may sign in

  iograph users add NAME --role viewer|analyst|admin [--exists-ok]
        add a user; with --exists-ok an existing user is left as it is
  iograph users list
        name, role, disabled, created
  iograph users set-role NAME --role R
  iograph users disable NAME      every token and session of theirs stops working
  iograph users enable NAME
`

const tokensUsage = `iograph tokens — secrets that sign users in

  iograph tokens create USER [--expires 30d] [--note TEXT]
        issue an API token (Authorization: Bearer …); the secret is printed
        once and stored only as a hash
  iograph tokens list [--user USER] [--all]
        API tokens (--all: sessions and login links too), without secrets
  iograph tokens revoke ID
        stop a token at once (other servers: within 10 seconds)
  iograph tokens login-link USER [--url http://127.0.0.1:8080] [--expires 12h]
        print a one-time link that signs a browser in as USER
`

// runUsers and runTokens act as the command line's identity (auth.CLI) and
// write audit events like the API's mutations.
func runUsers(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return identityCommand(ctx, "users", usersUsage, args, stdout, stderr)
}

func runTokens(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return identityCommand(ctx, "tokens", tokensUsage, args, stdout, stderr)
}

func identityCommand(ctx context.Context, group, usage string, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return fmt.Errorf("%w: %s: give a subcommand", errUsage, group)
		}
		return nil
	}
	sub, rest := args[0], args[1:]
	fs := newFlagSet(group+" "+sub, stderr)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	role := fs.String("role", "", "users add, set-role: viewer, analyst or admin")
	existsOK := fs.Bool("exists-ok", false, "users add: leave an existing user as it is")
	expires := fs.String("expires", "", "tokens create: lifetime such as 30d or 12h (default: until revoked); login-link: default 12h")
	note := fs.String("note", "", "tokens create: what the token is for")
	user := fs.String("user", "", "tokens list: only this user's tokens")
	all := fs.Bool("all", false, "tokens list: sessions and login links too")
	base := fs.String("url", "http://127.0.0.1:8080", "tokens login-link: the server's address as a browser reaches it")
	rest, err := parseInterleaved(fs, rest)
	if err != nil {
		return err
	}
	want := map[string]int{"users add": 1, "users list": 0, "users set-role": 1, "users disable": 1, "users enable": 1,
		"tokens create": 1, "tokens list": 0, "tokens revoke": 1, "tokens login-link": 1}
	n, ok := want[group+" "+sub]
	if !ok {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: %s: unknown subcommand %q", errUsage, group, sub)
	}
	if len(rest) != n {
		return fmt.Errorf("%w: %s %s takes %d argument(s), got %d", errUsage, group, sub, n, len(rest))
	}
	var r model.Role
	if sub == "add" || sub == "set-role" {
		if r, err = model.ParseRole(*role); err != nil {
			return fmt.Errorf("%w: %s %s: --role: %v", errUsage, group, sub, err)
		}
	}
	ttl, err := parseLifetime(*expires)
	if err != nil {
		return fmt.Errorf("%w: %s %s: --expires: %v", errUsage, group, sub, err)
	}
	st, err := store.Open(ctx, n4j, newLogger(stderr, "text"))
	if err != nil {
		return err
	}
	defer st.Close(context.Background())

	action := group + " " + sub
	var target string
	if len(rest) > 0 {
		target = rest[0]
	}
	err = func() error {
		switch action {
		case "users add":
			u, err := st.CreateUser(ctx, target, r, *existsOK)
			if err == nil {
				fmt.Fprintf(stdout, "user %s (%s)\n", u.Name, strings.ToLower(string(u.Role)))
			}
			return err
		case "users list":
			us, err := st.Users(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tROLE\tDISABLED\tCREATED")
			for _, u := range us {
				fmt.Fprintf(tw, "%s\t%s\t%v\t%s\n", u.Name, strings.ToLower(string(u.Role)), u.Disabled, u.CreatedAt.Format(time.RFC3339))
			}
			return tw.Flush()
		case "users set-role", "users disable", "users enable":
			var rp *model.Role
			var dp *bool
			switch sub {
			case "set-role":
				rp = &r
			default:
				d := sub == "disable"
				dp = &d
			}
			u, err := st.UpdateUser(ctx, target, rp, dp)
			if err == nil {
				fmt.Fprintf(stdout, "user %s (%s)%s\n", u.Name, strings.ToLower(string(u.Role)), map[bool]string{true: " disabled"}[u.Disabled])
			}
			return err
		case "tokens create":
			var np *string
			if *note != "" {
				np = note
			}
			t, err := st.CreateToken(ctx, target, model.TokenAPI, ttl, np)
			if err != nil {
				return err
			}
			target = t.Token.ID
			fmt.Fprintf(stderr, "token %s for %s%s; the secret below is shown once:\n", t.Token.ID, t.Token.User, expiry(t.Token))
			fmt.Fprintln(stdout, t.Secret)
			return nil
		case "tokens list":
			kinds := []model.TokenKind{model.TokenAPI}
			if *all {
				kinds = append(kinds, model.TokenSession, model.TokenLogin)
			}
			var up *string
			if *user != "" {
				up = user
			}
			ts, err := st.Tokens(ctx, up, kinds, false, 10000)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tUSER\tKIND\tCREATED\tEXPIRES\tREVOKED\tNOTE")
			for _, t := range ts {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.User, strings.ToLower(string(t.Kind)),
					t.CreatedAt.Format(time.RFC3339), timeOr(t.ExpiresAt, "never"), timeOr(t.RevokedAt, "-"), deref(t.Note))
			}
			return tw.Flush()
		case "tokens revoke":
			t, err := st.RevokeToken(ctx, target)
			if err == nil {
				fmt.Fprintf(stdout, "revoked %s (%s)\n", t.ID, t.User)
			}
			return err
		default: // tokens login-link
			if ttl == 0 {
				ttl = 12 * time.Hour
			}
			t, err := st.CreateToken(ctx, target, model.TokenLogin, ttl, nil)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, LoginLink(*base, t.Secret))
			return nil
		}
	}()
	if sub != "list" {
		audit(ctx, st, action, target, map[string]any{"role": *role, "expires": *expires, "note": *note}, err, stderr)
	}
	return err
}

// LoginLink is the URL that exchanges a one-time secret for a session.
func LoginLink(base, secret string) string {
	return strings.TrimSuffix(base, "/") + "/login?token=" + secret
}

// audit records a command as the API records a mutation.
func audit(ctx context.Context, st *store.Store, action, target string, args map[string]any, err error, stderr io.Writer) {
	for k, v := range args {
		if v == "" || v == false {
			delete(args, k)
		}
	}
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if aerr := st.Audit(actx, auth.Event(ctx, action, target, args, err)); aerr != nil {
		fmt.Fprintf(stderr, "iograph: audit event for %q not written: %v\n", action, aerr)
	}
}

// parseLifetime reads 30d, 12h, 90m (Go durations plus whole days); "" is 0.
func parseLifetime(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n <= 0 || n > 3650 {
			return 0, fmt.Errorf("%q is not a number of days from 1 to 3650", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a lifetime like 30d or 12h", s)
	}
	return d, nil
}

func expiry(t model.Token) string {
	if t.ExpiresAt == nil {
		return ", valid until revoked"
	}
	return ", valid until " + t.ExpiresAt.Format(time.RFC3339)
}

func timeOr(t *time.Time, none string) string {
	if t == nil {
		return none
	}
	return t.Format(time.RFC3339)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
