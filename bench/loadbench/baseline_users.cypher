// The users file with LOAD CSV: one account per row and its membership of
// the release, the properties converted as loaders/twitterio/parse.go does.
LOAD CSV WITH HEADERS FROM $file AS row
CALL (row) {
  WITH row, trim(row.userid) AS id, trim(coalesce(row.user_screen_name, '')) AS screen
  MERGE (a:Account {uid: 'twitter:' + id})
  SET a.platform = 'twitter', a.kind = 'account', a.id = id, a.handle = screen,
      a.handleLower = CASE screen WHEN '' THEN null ELSE toLower(screen) END,
      a.name = coalesce(row.user_display_name, ''), a.description = coalesce(row.user_profile_description, ''),
      a.location = coalesce(row.user_reported_location, ''), a.profileUrl = trim(coalesce(row.user_profile_url, '')),
      a.language = toLower(trim(coalesce(row.account_language, ''))),
      a.hashed = NOT id =~ '[0-9]{1,20}' AND id ENDS WITH '=' AND id = screen,
      a.followers = toInteger(toFloat(trim(row.follower_count))),
      a.following = toInteger(toFloat(trim(row.following_count))),
      a.createdAt = date(nullIf(trim(coalesce(row.account_creation_date, '')), ''))
  SET a.loads = CASE WHEN $load IN coalesce(a.loads, []) THEN a.loads ELSE coalesce(a.loads, []) + $load END
  WITH a
  MATCH (d:Dataset {name: $dataset})
  MERGE (a)-[m:IN_DATASET]->(d)
  SET m.loads = CASE WHEN $load IN coalesce(m.loads, []) THEN m.loads ELSE coalesce(m.loads, []) + $load END
} IN TRANSACTIONS OF $batch ROWS
