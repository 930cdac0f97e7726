package resolvers

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
)

// Cursors are offsets, base64-encoded so clients treat them as opaque and
// the encoding can change (to keyset cursors) without breaking them.
const cursorPrefix = "offset:"

func encodeCursor(offset int) string {
	return base64.StdEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(offset)))
}

// pageArgs validates first/after and returns skip and limit.
func pageArgs(first *int, after *string, def, max int) (skip, limit int, err error) {
	limit = def
	if first != nil {
		limit = *first
	}
	if limit < 1 || limit > max {
		return 0, 0, apperr.New(apperr.BadInput, "first must be between 1 and %d, got %d", max, limit)
	}
	if after != nil && *after != "" {
		raw, derr := base64.StdEncoding.DecodeString(*after)
		n, cerr := strconv.Atoi(strings.TrimPrefix(string(raw), cursorPrefix))
		if derr != nil || cerr != nil || !strings.HasPrefix(string(raw), cursorPrefix) || n < 0 {
			return 0, 0, apperr.New(apperr.BadInput, "after %q is not a cursor returned by this API", *after)
		}
		skip = n + 1
	}
	return skip, limit, nil
}

func pageInfo(skip, n, total int) model.PageInfo {
	pi := model.PageInfo{HasPreviousPage: skip > 0, HasNextPage: skip+n < total}
	if n > 0 {
		s, e := encodeCursor(skip), encodeCursor(skip+n-1)
		pi.StartCursor, pi.EndCursor = &s, &e
	}
	return pi
}

// listSize validates the size of a ranked (unpaginated) list.
func listSize(first *int) (int, error) {
	n := 50
	if first != nil {
		n = *first
	}
	if n < 1 || n > 500 {
		return 0, apperr.New(apperr.BadInput, "first must be between 1 and 500, got %d", n)
	}
	return n, nil
}

// nestedSize validates the size of a list nested under each account.
func nestedSize(first *int) (int, error) {
	n := 10
	if first != nil {
		n = *first
	}
	if n < 1 || n > 100 {
		return 0, apperr.New(apperr.BadInput, "first must be between 1 and 100, got %d", n)
	}
	return n, nil
}
