package model

import "time"

// HandleObservation is a source's statement that an account had a handle:
// a release's screen name, a list's or a disclosure's handle.
type HandleObservation struct {
	Handle   string // as the source wrote it
	Platform Platform
	Source   string // "Twitter release china_082019_1", "Meta", a list's source
	Dataset  string
	Evidence *string
	AsOf     *string    // the date the source gives ("2019-08", "2023-Q1")
	LoadedAt *time.Time // when iograph first loaded it
	// Key is the key of the handle's Handle node (the uid an account known
	// only by that handle has), to match observations with resolutions.
	Key string
}

// IdentityLink resolves a record known only by a handle to an account with
// an id that held the handle. Account is the other side of the link from
// the account it is listed on.
type IdentityLink struct {
	Account    Account
	Handle     string
	Confidence string // high, or contested when several accounts held the handle
	Evidence   string
	Source     string
	AsOf       *string
	ObservedAt *time.Time
	// Observations are the id-keyed account's observations of the handle,
	// on which the link rests.
	Observations []HandleObservation
}

// AccountIdentity is what the graph knows of an account's handles and records.
type AccountIdentity struct {
	Aliases       []IdentityLink
	SameAs        []IdentityLink
	HandleHistory []HandleObservation
}

// HandleHolder is an account that held a handle, with the observations that
// say so and the handle-only records resolved to it.
type HandleHolder struct {
	Account      Account
	Observations []HandleObservation
	Aliases      []Account
}
