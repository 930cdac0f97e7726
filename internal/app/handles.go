package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
)

// AccountByHandle answers account(handle:, platform:): the one account the
// evidence says held the handle. Handle-only records (a list's or a
// disclosure's `twitter:@name`) count as the account they resolve to, so
// the release's account and a takedown list naming its handle are one
// answer. Accounts on several platforms need platform; several accounts
// that held the handle on one platform are a BAD_INPUT listing each with
// what supports it.
func (a *App) AccountByHandle(ctx context.Context, handle string, platform *model.Platform) (*model.Account, error) {
	var p model.Platform
	if platform != nil {
		p = *platform
	}
	holders, err := a.store.HandleHolders(ctx, handle, p)
	if err != nil {
		return nil, err
	}
	switch len(holders) {
	case 0:
		return nil, apperr.New(apperr.NotFound, "no account with handle %q", handle)
	case 1:
		return &holders[0].Account, nil
	}
	return nil, ambiguousHandle(handle, p, holders)
}

// ambiguousHandle says why a handle names more than one account and how to
// choose.
func ambiguousHandle(handle string, platform model.Platform, holders []model.HandleHolder) error {
	ids := make([]string, len(holders))
	var platforms []model.Platform
	for i, h := range holders {
		ids[i] = h.Account.ID
		if !slices.Contains(platforms, h.Account.Platform) {
			platforms = append(platforms, h.Account.Platform)
		}
	}
	if platform == "" && len(platforms) > 1 {
		return apperr.New(apperr.BadInput, "handle %q matches %d accounts (%s); give platform or an id", handle, len(holders), strings.Join(ids, ", "))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "handle %q on %s was held by %d accounts: ", handle, strings.ToUpper(string(holders[0].Account.Platform)), len(holders))
	for i, h := range holders {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(h.Account.ID + " (" + support(h) + ")")
	}
	fmt.Fprintf(&b, ". Ask for one by id, e.g. account(id: %q); handleHolders(handle: %q, platform: %s) lists them with their evidence",
		ids[0], handle, strings.ToUpper(string(holders[0].Account.Platform)))
	return apperr.New(apperr.BadInput, "%s", b.String())
}

// support says, briefly, what makes h a holder of the handle.
func support(h model.HandleHolder) string {
	if len(h.Observations) == 0 {
		return "its current handle, no recorded observation"
	}
	parts := make([]string, 0, len(h.Observations))
	for _, o := range h.Observations {
		s := "@" + o.Handle + " in " + o.Source
		switch {
		case o.AsOf != nil:
			s += " as of " + *o.AsOf
		case o.LoadedAt != nil:
			s += ", loaded " + o.LoadedAt.Format("2006-01-02")
		}
		parts = append(parts, s)
	}
	out := strings.Join(parts, ", ")
	if n := len(h.Aliases); n > 0 {
		out += fmt.Sprintf("; %d handle-only record(s) resolved to it", n)
	}
	return out
}
