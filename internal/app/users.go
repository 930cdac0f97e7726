package app

import (
	"context"
	"time"

	"github.com/iograph/iograph/internal/model"
)

// FirstLogin mints a one-time login token for name, valid for ttl. On a
// graph with no users at all name first becomes an admin, so that a first
// start needs no setup step; once any user exists, users are added only by
// admins and name must be one of them.
func (a *App) FirstLogin(ctx context.Context, name string, ttl time.Duration) (model.NewToken, error) {
	users, err := a.store.Users(ctx)
	if err != nil {
		return model.NewToken{}, err
	}
	if len(users) == 0 {
		if _, err := a.store.CreateUser(ctx, name, model.RoleAdmin, true); err != nil {
			return model.NewToken{}, err
		}
	}
	return a.store.CreateToken(ctx, name, model.TokenLogin, ttl, nil)
}
