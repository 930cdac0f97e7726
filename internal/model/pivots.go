package model

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

// Interval is a timeline's bucket size.
type Interval string

const (
	IntervalHour Interval = "HOUR"
	IntervalDay  Interval = "DAY"
	IntervalWeek Interval = "WEEK"
)

// Millis returns the bucket size and the alignment offset in milliseconds:
// weeks start on Monday (the epoch was a Thursday).
func (i Interval) Millis() (size, offset int64) {
	switch i {
	case IntervalHour:
		return 3_600_000, 0
	case IntervalWeek:
		return 7 * 86_400_000, -3 * 86_400_000
	}
	return 86_400_000, 0
}

// MarshalGQL writes the enum value.
func (i Interval) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(i))) }

// UnmarshalGQL reads an enum value.
func (i *Interval) UnmarshalGQL(v any) error {
	switch s, _ := v.(string); Interval(s) {
	case IntervalHour, IntervalDay, IntervalWeek:
		*i = Interval(s)
		return nil
	}
	return fmt.Errorf("%v is not HOUR, DAY or WEEK", v)
}

// TimeBucket is the number of posts in one bucket of a timeline.
type TimeBucket struct {
	Start time.Time
	Posts int
}

// CreationBatch is a day on which several accounts were created.
type CreationBatch struct {
	Date     Date
	Count    int
	Accounts []Account
}

// ClientCount is a client app with how many accounts and posts used it.
type ClientCount struct {
	Name     string
	Accounts int
	Posts    int
}

// PivotCount is a hashtag or domain with how many posts (and, within a
// dataset, accounts) share it.
type PivotCount struct {
	Value    string
	Posts    int
	Accounts *int
}

// ClientUse is how often one account posted from one client app.
type ClientUse struct {
	Name    string
	Posts   int
	FirstAt *time.Time
	LastAt  *time.Time
}
