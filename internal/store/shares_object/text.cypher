// Same text: the object is the raw text; the caller normalises it. Spliced into the CALL (p) of
// coordination_shares.cypher; p is the post.
WITH p WHERE p.text IS NOT NULL AND p.text <> ''
RETURN p.text AS object
