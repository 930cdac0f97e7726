package model

import "time"

// Dataset is one release or export as loaded: a Twitter IO release, a
// share set, a CrowdTangle export, a platform's disclosure, an asset list.
type Dataset struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Synthetic bool   `json:"synthetic"`
	Accounts  int    `json:"accounts"`
	Loads     []Load `json:"loads"`
}

// Load is the provenance record of one file loaded into a dataset; its id is
// what every node and relationship lists in `loads`.
type Load struct {
	ID         string     `json:"id"`
	Kind       string     `json:"kind"`
	File       string     `json:"file"`
	Entry      string     `json:"entry"`
	SHA256     string     `json:"sha256"`
	Status     string     `json:"status"`
	Rows       int        `json:"rows"`
	Accepted   int        `json:"accepted"`
	Rejected   int        `json:"rejected"`
	Blank      int        `json:"blank"`
	StartedAt  *time.Time `json:"startedAt"`
	FinishedAt *time.Time `json:"finishedAt"`
}
