// iograph's schema: one statement per block, each idempotent (IF NOT EXISTS),
// applied in order by `iograph migrate` and at server start. Append; never
// edit a statement that has shipped: drop and recreate under a new name.

// Identifying keys. Accounts of every platform share one label and are keyed
// by "<platform>:<native id>", so ids of two platforms never collide.
CREATE CONSTRAINT account_uid IF NOT EXISTS FOR (n:Account) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT tweet_id IF NOT EXISTS FOR (n:Tweet) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT post_uid IF NOT EXISTS FOR (n:Post) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT hashtag_tag IF NOT EXISTS FOR (n:Hashtag) REQUIRE n.tag IS UNIQUE;
CREATE CONSTRAINT url_url IF NOT EXISTS FOR (n:Url) REQUIRE n.url IS UNIQUE;
CREATE CONSTRAINT domain_name IF NOT EXISTS FOR (n:Domain) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT image_hash IF NOT EXISTS FOR (n:Image) REQUIRE n.hash IS UNIQUE;
CREATE CONSTRAINT client_name IF NOT EXISTS FOR (n:Client) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT operation_uid IF NOT EXISTS FOR (n:Operation) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT dataset_name IF NOT EXISTS FOR (n:Dataset) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT load_id IF NOT EXISTS FOR (n:Load) REQUIRE n.id IS UNIQUE;

// Lookups the API makes: handles compare case-insensitively through a
// lower-cased copy; platform and creation date feed pivots and batches.
CREATE INDEX account_handle_lower IF NOT EXISTS FOR (n:Account) ON (n.handleLower);
CREATE INDEX account_platform IF NOT EXISTS FOR (n:Account) ON (n.platform);
CREATE INDEX account_created IF NOT EXISTS FOR (n:Account) ON (n.createdAt);
CREATE INDEX tweet_time IF NOT EXISTS FOR (n:Tweet) ON (n.timeMs);
CREATE INDEX post_time IF NOT EXISTS FOR (n:Post) ON (n.timeMs);

// Full-text search over who an account says it is.
CREATE FULLTEXT INDEX account_search IF NOT EXISTS FOR (n:Account) ON EACH [n.handle, n.name, n.description];

// Resume markers of loads in progress (removed when a load completes).
CREATE INDEX load_batch IF NOT EXISTS FOR (n:LoadBatch) ON (n.load);
CREATE INDEX load_dataset IF NOT EXISTS FOR (n:Load) ON (n.dataset);

// Saved coordination runs, opened again by id.
CREATE CONSTRAINT coordination_run_id IF NOT EXISTS FOR (n:CoordinationRun) REQUIRE n.id IS UNIQUE;

// Investigations, their notes and saved queries.
CREATE CONSTRAINT investigation_id IF NOT EXISTS FOR (n:Investigation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT note_id IF NOT EXISTS FOR (n:Note) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT saved_query_id IF NOT EXISTS FOR (n:SavedQuery) REQUIRE n.id IS UNIQUE;
CREATE INDEX saved_query_name IF NOT EXISTS FOR (n:SavedQuery) ON (n.name);

// The share index coordination reads (one header per dataset and signal,
// chunks found by the header's build).
CREATE CONSTRAINT share_index_key IF NOT EXISTS FOR (n:ShareIndex) REQUIRE (n.dataset, n.signal) IS UNIQUE;
CREATE INDEX share_chunk_build IF NOT EXISTS FOR (n:ShareChunk) ON (n.build);
CREATE INDEX share_chunk_signal IF NOT EXISTS FOR (n:ShareChunk) ON (n.dataset, n.signal);

// Who may sign in, the hashes of their secrets, and what they changed.
CREATE CONSTRAINT user_name IF NOT EXISTS FOR (n:User) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT token_id IF NOT EXISTS FOR (n:Token) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT token_hash IF NOT EXISTS FOR (n:Token) REQUIRE n.hash IS UNIQUE;
CREATE INDEX token_user IF NOT EXISTS FOR (n:Token) ON (n.user);
CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (n:AuditEvent) REQUIRE n.id IS UNIQUE;
CREATE INDEX audit_event_at IF NOT EXISTS FOR (n:AuditEvent) ON (n.at);
CREATE INDEX audit_event_user IF NOT EXISTS FOR (n:AuditEvent) ON (n.user);

// Handle observations: the Handle node of a handle on a platform (keyed like
// an account known only by that handle, `twitter:@name`), found by the
// lower-cased handle for `account(handle:)`.
CREATE CONSTRAINT handle_key IF NOT EXISTS FOR (n:Handle) REQUIRE n.key IS UNIQUE;
CREATE INDEX handle_handle IF NOT EXISTS FOR (n:Handle) ON (n.handle);

// AMPLIFIED aggregates heaviest first: a network that covers much of the
// graph draws its heaviest edges by walking this index down from the top,
// instead of reading and sorting every edge of its accounts.
CREATE INDEX amplified_total IF NOT EXISTS FOR ()-[x:AMPLIFIED]-() ON (x.total);
