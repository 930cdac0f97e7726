// The tweets file with LOAD CSV, in one pass: per row the author, the tweet,
// who posted it, what it retweets, replies to and quotes (with the target's
// author), whom it mentions, its hashtags and its URLs with their domains.
// Values are converted as loaders/twitterio/parse.go converts them, and
// every node and relationship records $load, as iograph's statements do.
LOAD CSV WITH HEADERS FROM $file AS row
CALL (row) {
  WITH row, trim(row.userid) AS uid0, trim(coalesce(row.user_screen_name, '')) AS screen,
       trim(row.tweetid) AS id,
       datetime({datetime: localdatetime(replace(trim(row.tweet_time), ' ', 'T')), timezone: 'UTC'}) AS time
  WITH row, uid0, screen, id, time, time.epochMillis AS minuteMs,
       CASE WHEN toInteger(id) / 4194304 >= 1000 THEN toInteger(id) / 4194304 + 1288834974657 END AS idMs
  MERGE (a:Account {uid: 'twitter:' + uid0})
  SET a.platform = 'twitter', a.kind = 'account', a.id = uid0, a.handle = screen,
      a.handleLower = CASE screen WHEN '' THEN null ELSE toLower(screen) END,
      a.name = coalesce(row.user_display_name, ''), a.description = coalesce(row.user_profile_description, ''),
      a.location = coalesce(row.user_reported_location, ''), a.profileUrl = trim(coalesce(row.user_profile_url, '')),
      a.language = toLower(trim(coalesce(row.account_language, ''))),
      a.hashed = NOT uid0 =~ '[0-9]{1,20}' AND uid0 ENDS WITH '=' AND uid0 = screen,
      a.followers = toInteger(toFloat(trim(row.follower_count))),
      a.following = toInteger(toFloat(trim(row.following_count))),
      a.createdAt = date(nullIf(trim(coalesce(row.account_creation_date, '')), ''))
  SET a.loads = CASE WHEN $load IN coalesce(a.loads, []) THEN a.loads ELSE coalesce(a.loads, []) + $load END
  WITH row, a, id, time, minuteMs, idMs
  MATCH (d:Dataset {name: $dataset})
  MERGE (a)-[m:IN_DATASET]->(d)
  SET m.loads = CASE WHEN $load IN coalesce(m.loads, []) THEN m.loads ELSE coalesce(m.loads, []) + $load END
  MERGE (t:Post {uid: 'twitter:' + id})
  SET t:Tweet, t.id = id, t.time = time,
      t.timeMs = CASE WHEN idMs >= minuteMs - 60000 AND idMs < minuteMs + 120000 THEN idMs ELSE minuteMs END,
      t.language = toLower(trim(coalesce(row.tweet_language, ''))), t.text = coalesce(row.tweet_text, ''),
      t.client = trim(coalesce(row.tweet_client_name, '')),
      t.isRetweet = toLower(trim(coalesce(row.is_retweet, ''))) = 'true',
      t.latitude = trim(coalesce(row.latitude, '')), t.longitude = trim(coalesce(row.longitude, '')),
      t.pollChoices = coalesce(row.poll_choices, ''),
      t.quoteCount = toInteger(toFloat(trim(row.quote_count))),
      t.replyCount = toInteger(toFloat(trim(row.reply_count))),
      t.likeCount = toInteger(toFloat(trim(row.like_count))),
      t.retweetCount = toInteger(toFloat(trim(row.retweet_count))),
      t.inReplyToTweetId = nullIf(trim(coalesce(row.in_reply_to_tweetid, '')), ''),
      t.quotedTweetId = nullIf(trim(coalesce(row.quoted_tweet_tweetid, '')), ''),
      t.retweetTweetId = nullIf(trim(coalesce(row.retweet_tweetid, '')), '')
  SET t.loads = CASE WHEN $load IN coalesce(t.loads, []) THEN t.loads ELSE coalesce(t.loads, []) + $load END
  MERGE (a)-[p:POSTED]->(t)
  SET p.loads = CASE WHEN $load IN coalesce(p.loads, []) THEN p.loads ELSE coalesce(p.loads, []) + $load END
  WITH row, t
  // retweeted, replied-to and quoted tweets, created from their id when
  // outside the release, and their authors when the row names them
  CALL (row, t) {
    UNWIND [
      {type: 'RETWEET_OF', id: trim(coalesce(row.retweet_tweetid, '')), author: trim(coalesce(row.retweet_userid, ''))},
      {type: 'REPLY_TO', id: trim(coalesce(row.in_reply_to_tweetid, '')), author: trim(coalesce(row.in_reply_to_userid, ''))},
      {type: 'QUOTES', id: trim(coalesce(row.quoted_tweet_tweetid, '')), author: ''}
    ] AS ref
    WITH t, ref WHERE ref.id <> ''
    MERGE (o:Post {uid: 'twitter:' + ref.id})
      ON CREATE SET o:Tweet, o.id = ref.id,
                    o.timeMs = CASE WHEN toInteger(ref.id) / 4194304 >= 1000 THEN toInteger(ref.id) / 4194304 + 1288834974657 END
    SET o.loads = CASE WHEN $load IN coalesce(o.loads, []) THEN o.loads ELSE coalesce(o.loads, []) + $load END
    FOREACH (_ IN CASE ref.type WHEN 'RETWEET_OF' THEN [1] ELSE [] END |
      MERGE (t)-[e:RETWEET_OF]->(o)
      SET e.loads = CASE WHEN $load IN coalesce(e.loads, []) THEN e.loads ELSE coalesce(e.loads, []) + $load END)
    FOREACH (_ IN CASE ref.type WHEN 'REPLY_TO' THEN [1] ELSE [] END |
      MERGE (t)-[e:REPLY_TO]->(o)
      SET e.loads = CASE WHEN $load IN coalesce(e.loads, []) THEN e.loads ELSE coalesce(e.loads, []) + $load END)
    FOREACH (_ IN CASE ref.type WHEN 'QUOTES' THEN [1] ELSE [] END |
      MERGE (t)-[e:QUOTES]->(o)
      SET e.loads = CASE WHEN $load IN coalesce(e.loads, []) THEN e.loads ELSE coalesce(e.loads, []) + $load END)
    WITH o, ref WHERE ref.author <> ''
    MERGE (s:Account {uid: 'twitter:' + ref.author})
      ON CREATE SET s.platform = 'twitter', s.kind = 'account', s.id = ref.author, s.hashed = NOT ref.author =~ '[0-9]{1,20}'
    SET s.loads = CASE WHEN $load IN coalesce(s.loads, []) THEN s.loads ELSE coalesce(s.loads, []) + $load END
    MERGE (s)-[p:POSTED]->(o)
    SET p.loads = CASE WHEN $load IN coalesce(p.loads, []) THEN p.loads ELSE coalesce(p.loads, []) + $load END
  }
  // mentioned accounts (and the replied-to account when the release
  // withheld the replied-to tweet's id)
  CALL (row, t) {
    WITH row, t, trim(coalesce(row.user_mentions, '')) AS list
    WITH row, t, CASE WHEN list STARTS WITH '[' AND list ENDS WITH ']' THEN split(substring(list, 1, size(list) - 2), ', ') ELSE [] END AS parts
    WITH t, [x IN [p IN parts | trim(p)] |
               CASE WHEN size(x) >= 2 AND left(x, 1) IN ['\'', '"'] AND right(x, 1) = left(x, 1) THEN substring(x, 1, size(x) - 2) ELSE x END]
             + CASE WHEN trim(coalesce(row.in_reply_to_tweetid, '')) = '' AND trim(coalesce(row.in_reply_to_userid, '')) <> ''
                    THEN [trim(row.in_reply_to_userid)] ELSE [] END AS ids
    UNWIND ids AS mid
    WITH t, mid WHERE mid <> ''
    MERGE (s:Account {uid: 'twitter:' + mid})
      ON CREATE SET s.platform = 'twitter', s.kind = 'account', s.id = mid, s.hashed = NOT mid =~ '[0-9]{1,20}'
    SET s.loads = CASE WHEN $load IN coalesce(s.loads, []) THEN s.loads ELSE coalesce(s.loads, []) + $load END
    MERGE (t)-[e:MENTIONS]->(s)
    SET e.loads = CASE WHEN $load IN coalesce(e.loads, []) THEN e.loads ELSE coalesce(e.loads, []) + $load END
  }
  // hashtags, compared case-insensitively
  CALL (row, t) {
    WITH t, trim(coalesce(row.hashtags, '')) AS list
    WITH t, CASE WHEN list STARTS WITH '[' AND list ENDS WITH ']' THEN split(substring(list, 1, size(list) - 2), ', ') ELSE [] END AS parts
    UNWIND [p IN parts | trim(p)] AS x
    WITH t, toLower(CASE WHEN size(x) >= 2 AND left(x, 1) IN ['\'', '"'] AND right(x, 1) = left(x, 1) THEN substring(x, 1, size(x) - 2) ELSE x END) AS tag
    WITH t, tag WHERE tag <> ''
    MERGE (h:Hashtag {tag: tag})
    SET h.loads = CASE WHEN $load IN coalesce(h.loads, []) THEN h.loads ELSE coalesce(h.loads, []) + $load END
    MERGE (t)-[e:TAGS]->(h)
    SET e.loads = CASE WHEN $load IN coalesce(e.loads, []) THEN e.loads ELSE coalesce(e.loads, []) + $load END
  }
  // URLs and their domains (the host, lower-cased, without www.)
  CALL (row, t) {
    WITH t, trim(coalesce(row.urls, '')) AS list
    WITH t, CASE WHEN list STARTS WITH '[' AND list ENDS WITH ']' THEN split(substring(list, 1, size(list) - 2), ', ') ELSE [] END AS parts
    UNWIND [p IN parts | trim(p)] AS x
    WITH t, CASE WHEN size(x) >= 2 AND left(x, 1) IN ['\'', '"'] AND right(x, 1) = left(x, 1) THEN substring(x, 1, size(x) - 2) ELSE x END AS url
    WITH t, url WHERE url <> ''
    MERGE (u:Url {url: url})
    SET u.loads = CASE WHEN $load IN coalesce(u.loads, []) THEN u.loads ELSE coalesce(u.loads, []) + $load END
    MERGE (t)-[e:LINKS]->(u)
    SET e.loads = CASE WHEN $load IN coalesce(e.loads, []) THEN e.loads ELSE coalesce(e.loads, []) + $load END
    WITH u, url, CASE WHEN url CONTAINS '://' THEN split(split(split(split(url, '://')[1], '/')[0], '?')[0], '#')[0] ELSE '' END AS authority
    WITH u, toLower(split(last(split(authority, '@')), ':')[0]) AS host
    WITH u, CASE WHEN host STARTS WITH 'www.' THEN substring(host, 4) ELSE host END AS domain
    WITH u, domain WHERE domain <> ''
    MERGE (d:Domain {name: domain})
    SET d.loads = CASE WHEN $load IN coalesce(d.loads, []) THEN d.loads ELSE coalesce(d.loads, []) + $load END
    MERGE (u)-[o:ON_DOMAIN]->(d)
    SET o.loads = CASE WHEN $load IN coalesce(o.loads, []) THEN o.loads ELSE coalesce(o.loads, []) + $load END
  }
} IN TRANSACTIONS OF $batch ROWS
