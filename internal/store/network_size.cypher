// How many AMPLIFIED aggregates the graph holds (from the count store): the
// yardstick for choosing how a network hop and its edges are read.
RETURN COUNT { MATCH ()-[:AMPLIFIED]->() } AS amplified
