// The size of the graph benchmarked, from the count store.
RETURN COUNT { MATCH (:Tweet) } AS tweets, COUNT { MATCH (:Account) } AS accounts,
       COUNT { MATCH ()-[:AMPLIFIED]->() } AS amplified
