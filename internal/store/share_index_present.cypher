// Whether the graph holds any relationship through which a post shares each
// indexed signal's object, anywhere: each test stops at the first
// relationship of its type (a type scan of one row). A signal with none
// (images in a Twitter release) has an empty index, which is then written
// without walking every post of the dataset for nothing. Keep in step with
// shares_object/.
RETURN EXISTS { ()-[:RETWEET_OF]->() } AS RETWEET,
       EXISTS { ()-[:REPLY_TO]->() } AS REPLY,
       EXISTS { ()-[:QUOTES]->() } AS QUOTE,
       EXISTS { ()-[:LINKS]->() } AS URL,
       EXISTS { ()-[:LINKS]->() } OR EXISTS { ()-[:LINKS_DOMAIN]->() } AS DOMAIN,
       EXISTS { ()-[:TAGS]->() } AS HASHTAG,
       EXISTS { ()-[:HAS_IMAGE]->() } AS IMAGE
