// Package gen writes synthetic releases in the exact formats iograph loads,
// so that loaders, queries and coordination detectors can be exercised at
// any scale without real data, and so that detectors can be scored against a
// known answer.
//
// TwitterIO writes a Twitter "information operations" release: a users file
// and a tweets file with the real files' quirks (hashed ids below 5,000
// followers, snowflake ids that agree with tweet_time, Python-style list
// fields, multi-line and multi-script text), a seed-and-amplifier structure,
// and planted coordinated groups whose membership is written next to the
// release as ground truth. Output is a pure function of the options, and the
// tweets are streamed: memory depends on the number of accounts and groups,
// never on the number of tweets.
package gen
